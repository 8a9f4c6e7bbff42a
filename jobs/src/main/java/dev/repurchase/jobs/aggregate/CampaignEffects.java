package dev.repurchase.jobs.aggregate;

import dev.repurchase.common.metric.MetricKey;
import dev.repurchase.common.metric.MetricTable;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * M9 {@code campaign_effect}, from the aggregated {@code campaign_month} and {@code baseline_month}
 * rows: one global instance (every row keyed by {@link #ALL}, parallelism 1), as the baseline of a
 * campaign sums over the months it has customers in, which no per-row key can see.
 *
 * <p>For a campaign c: customers and repurchased = the sums over the months m of CAMPAIGN_MONTH(c,
 * m); baseline customers and baseline repurchased = the sums of BASELINE_MONTH(m) over the months m
 * where CAMPAIGN_MONTH(c, m) has customers. The rows in are absolute values (the aggregator's), so
 * the effect is kept up to date incrementally and exactly; each changed campaign's absolute row
 * leaves at once.
 */
public class CampaignEffects extends KeyedProcessFunction<String, MetricRow, MetricRow> {

    /** The one key. */
    public static final String ALL = "all";

    /** The last value of every campaign_month and baseline_month row with counts. */
    private transient MapState<MetricKey, long[]> months;

    /** Per month (epoch day), the campaigns with customers in it. */
    private transient MapState<Integer, String[]> campaignsOfMonth;

    /** The current campaign_effect row of every campaign with customers. */
    private transient MapState<String, long[]> effects;

    @Override
    public void open(OpenContext openContext) {
        TypeInformation<long[]> counts = PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO;
        months =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "months", TypeInformation.of(MetricKey.class), counts));
        campaignsOfMonth =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "campaigns-of-month",
                                        Types.INT,
                                        TypeInformation.of(String[].class)));
        effects =
                getRuntimeContext()
                        .getMapState(new MapStateDescriptor<>("effects", Types.STRING, counts));
    }

    @Override
    public void processElement(MetricRow row, Context ctx, Collector<MetricRow> out)
            throws Exception {
        long[] now = counts(row.values);
        long[] was = counts(months.get(row.key));
        if (Arrays.equals(now, was)) {
            return;
        }
        if (now[0] == 0 && now[1] == 0) {
            months.remove(row.key);
        } else {
            months.put(row.key, now);
        }
        if (row.key.table == MetricTable.CAMPAIGN_MONTH) {
            campaignMonthChanged(row.key, was, now, out);
        } else if (row.key.table == MetricTable.BASELINE_MONTH) {
            baselineMonthChanged(row.key, was, now, out);
        }
    }

    private void campaignMonthChanged(
            MetricKey key, long[] was, long[] now, Collector<MetricRow> out) throws Exception {
        String campaign = key.value;
        long[] effect = effect(campaign);
        effect[0] += now[0] - was[0];
        effect[1] += now[1] - was[1];
        boolean entered = was[0] == 0 && now[0] > 0;
        boolean left = was[0] > 0 && now[0] == 0;
        if (entered || left) {
            long[] baseline = counts(months.get(MetricKey.baselineMonth(key.periodStartDate())));
            int sign = entered ? 1 : -1;
            effect[2] += sign * baseline[0];
            effect[3] += sign * baseline[1];
            setCampaignOfMonth(key.periodStart, campaign, entered);
        }
        publish(campaign, effect, out);
    }

    private void baselineMonthChanged(
            MetricKey key, long[] was, long[] now, Collector<MetricRow> out) throws Exception {
        String[] campaigns = campaignsOfMonth.get(key.periodStart);
        if (campaigns == null) {
            return;
        }
        for (String campaign : campaigns) {
            long[] effect = effect(campaign);
            effect[2] += now[0] - was[0];
            effect[3] += now[1] - was[1];
            publish(campaign, effect, out);
        }
    }

    private long[] effect(String campaign) throws Exception {
        long[] effect = effects.get(campaign);
        return effect == null ? new long[4] : effect.clone();
    }

    private void publish(String campaign, long[] effect, Collector<MetricRow> out)
            throws Exception {
        if (Arrays.stream(effect).allMatch(v -> v == 0)) {
            effects.remove(campaign);
        } else {
            effects.put(campaign, effect);
        }
        out.collect(new MetricRow(MetricKey.campaignEffect(campaign), effect));
    }

    private void setCampaignOfMonth(int month, String campaign, boolean present) throws Exception {
        String[] campaigns = campaignsOfMonth.get(month);
        java.util.TreeSet<String> set =
                new java.util.TreeSet<>(
                        campaigns == null ? java.util.List.of() : Arrays.asList(campaigns));
        if (present) {
            set.add(campaign);
        } else {
            set.remove(campaign);
        }
        if (set.isEmpty()) {
            campaignsOfMonth.remove(month);
        } else {
            campaignsOfMonth.put(month, set.toArray(new String[0]));
        }
    }

    private static long[] counts(long[] values) {
        return values == null || values.length < 2
                ? new long[2]
                : new long[] {values[0], values[1]};
    }
}
