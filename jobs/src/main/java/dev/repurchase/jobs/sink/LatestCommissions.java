package dev.repurchase.jobs.sink;

import dev.repurchase.common.customer.ReferralCommission;
import dev.repurchase.jobs.state.StateTypes;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The rows of {@code referral_commission}, keyed by row, in the order their versions say rather
 * than the order they arrive in (SPEC 8.1). When an order moves to another customer, the old
 * customer's operator deletes the rows of its referrers and the new one's writes those of its own;
 * they come from two subtasks through two checkpoint gates, in either order, and a referrer of both
 * has the same row. A row passes on only if it {@linkplain ReferralCommission#supersedes
 * supersedes} the latest one passed, so the table ends with the new customer's row whichever comes
 * last.
 *
 * <p>Keeps the latest row of each key ever passed: a stale row may come any time later.
 */
public class LatestCommissions
        extends KeyedProcessFunction<String, ReferralCommission, ReferralCommission> {

    public static final String UID = "referral-commission-latest";

    private transient ValueState<ReferralCommission> latest;

    @Override
    public void open(OpenContext openContext) {
        latest =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "latest-row", StateTypes.REFERRAL_COMMISSION));
    }

    @Override
    public void processElement(
            ReferralCommission row, Context ctx, Collector<ReferralCommission> out)
            throws Exception {
        ReferralCommission before = latest.value();
        if (!row.supersedes(before)) {
            return;
        }
        if (before != null && before.version > row.version) {
            // Of the same customer: its rows come in order, but the version never goes back.
            row.version = before.version;
        }
        latest.update(row);
        out.collect(row);
    }
}
