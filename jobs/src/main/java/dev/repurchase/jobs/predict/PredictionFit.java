package dev.repurchase.jobs.predict;

import dev.repurchase.common.predict.ModelData;
import dev.repurchase.common.predict.PredictionModel;
import dev.repurchase.common.predict.PredictionSettings;
import dev.repurchase.common.predict.RepeatBuying;
import dev.repurchase.common.predict.RepeatBuyingChange;
import dev.repurchase.jobs.state.StateTypes;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BG/NBD and Gamma-Gamma fits over all customers (SPEC 9), in one global instance keyed by
 * {@link #ALL}. It keeps the sufficient data as counts of customers per (x, t_x days, first day)
 * and per (x, repeat cents), summed from the customer timeline's changes, so a fit reads the
 * distinct values, not the customers. A fit runs at the start of the local day every {@code
 * predict.refit-days} of event time (the first one that long after the first change) and once more
 * at the end of a replay; today is the local date of the fit. Event time that jumps past several
 * fits (a replay catching up) runs only the latest of them.
 */
public class PredictionFit
        extends KeyedProcessFunction<String, RepeatBuyingChange, PredictionModel> {

    /** The one key. */
    public static final String ALL = "all";

    private static final Logger LOG = LoggerFactory.getLogger(PredictionFit.class);

    private final PredictionSettings settings;

    /** Customers per {@link RepeatBuying#repeatKey}. */
    private transient MapState<Long, Long> repeatBuying;

    /** Customers with a repeat spend per {@link RepeatBuying#spendKey}. */
    private transient MapState<Long, Long> repeatSpend;

    private transient ValueState<PredictionModel> latest;

    /** The event time of the next fit; null before the first change. */
    private transient ValueState<Long> nextFit;

    public PredictionFit(PredictionSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        repeatBuying =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>("repeat-buying", Types.LONG, Types.LONG));
        repeatSpend =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>("repeat-spend", Types.LONG, Types.LONG));
        latest =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "latest-model", StateTypes.PREDICTION_MODEL));
        nextFit = getRuntimeContext().getState(new ValueStateDescriptor<>("next-fit", Types.LONG));
    }

    @Override
    public void processElement(
            RepeatBuyingChange change, Context ctx, Collector<PredictionModel> out)
            throws Exception {
        RepeatBuying buying = change.buying();
        add(repeatBuying, buying.repeatKey(), change.sign());
        if (buying.hasRepeatSpend()) {
            add(repeatSpend, buying.spendKey(), change.sign());
        }
        if (nextFit.value() == null && ctx.timestamp() != null) {
            schedule(ctx, settings.nextFitAfter(ctx.timestamp()));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PredictionModel> out)
            throws Exception {
        // In key order: the likelihood then sums its terms in one order, the same bits for the
        // same counts, whatever order the state backend's map iterates in (a heap map restored
        // from a checkpoint iterates in another).
        ModelData data = new ModelData();
        for (Map.Entry<Long, Long> e : sorted(repeatBuying).entrySet()) {
            data.addRepeat(e.getKey(), e.getValue());
        }
        for (Map.Entry<Long, Long> e : sorted(repeatSpend).entrySet()) {
            data.addSpend(e.getKey(), e.getValue());
        }
        // The fit at the end of a replay starts from unit parameters only, not from the previous
        // fit: the earlier fits saw what had been read by their event time, which differs after a
        // restore, and a search ends where its start leads it within its tolerance. So the last
        // model, and the profiles as of the end (SPEC 9), depend on the final counts alone.
        PredictionModel previous = timestamp == settings.eventTimeEnd() ? null : latest.value();
        long started = System.nanoTime();
        PredictionModel model =
                data.fit(timestamp, settings.today(timestamp), settings.fixed(), previous);
        if (model != null) {
            LOG.info(
                    "Prediction fit of {} customers in {} ms: {}, log-likelihood {}",
                    model.customers(),
                    (System.nanoTime() - started) / 1_000_000,
                    model.bgNbd(),
                    model.logLikelihood());
            latest.update(model);
            out.collect(model);
        }

        long watermark = ctx.timerService().currentWatermark();
        if (watermark == Long.MAX_VALUE && settings.eventTimeEnd() == Long.MAX_VALUE) {
            nextFit.update(Long.MAX_VALUE); // the input ended, and with it event time
            return;
        }
        long next = settings.nextFitAfter(timestamp);
        for (long later = settings.nextFitAfter(next);
                later != Long.MAX_VALUE && later <= watermark;
                later = settings.nextFitAfter(next)) {
            next = later;
        }
        schedule(ctx, next);
    }

    private static TreeMap<Long, Long> sorted(MapState<Long, Long> counts) throws Exception {
        TreeMap<Long, Long> sorted = new TreeMap<>();
        for (Map.Entry<Long, Long> e : counts.entries()) {
            sorted.put(e.getKey(), e.getValue());
        }
        return sorted;
    }

    private void schedule(Context ctx, long at) throws Exception {
        nextFit.update(at);
        if (at != Long.MAX_VALUE) {
            ctx.timerService().registerEventTimeTimer(at);
        }
    }

    /**
     * Adds one customer to a count, or takes one out. A count never goes below zero: a customer
     * known before this operator existed (a savepoint of state version 1 or 2 upgraded) leaves a
     * summary that was never added.
     */
    private static void add(MapState<Long, Long> counts, long key, int sign) throws Exception {
        Long count = counts.get(key);
        long updated = Math.max(0, (count == null ? 0 : count) + sign);
        if (updated == 0) {
            counts.remove(key);
        } else {
            counts.put(key, updated);
        }
    }
}
