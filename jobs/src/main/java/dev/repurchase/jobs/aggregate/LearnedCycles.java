package dev.repurchase.jobs.aggregate;

import dev.repurchase.common.customer.CategoryIntervals;
import dev.repurchase.common.lifecycle.CategoryCycle;
import dev.repurchase.common.metric.IntervalHistogram;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The learned repurchase cycle of each category (SPEC 4.1), keyed by category, as of the job's
 * event time: the lower median of the matured intervals, those whose first purchase is at least
 * {@code reminders.learn-horizon-days} before event time (and whose second came within as many
 * days: {@link CategoryIntervals} sends no other). An interval still maturing waits, by the instant
 * of its first purchase, for an event-time timer at the end of its horizon; a refund takes it back
 * from where it is. Each change of a category's matured intervals emits its cycle, for the customer
 * operators' planners (broadcast) and {@code category_cycle}.
 */
public class LearnedCycles
        extends KeyedProcessFunction<String, CategoryIntervals.Change, CategoryCycle> {

    private static final long DAY_MILLIS = 86_400_000L;

    private final long horizonMillis;
    private final long eventTimeEnd;

    /** The matured intervals: (days, count) pairs, as {@link IntervalHistogram} keeps them. */
    private transient ValueState<long[]> matured;

    /** The intervals still maturing, by the instant of their first purchase. */
    private transient MapState<Long, long[]> maturing;

    /**
     * @param eventTimeEnd timers due after this (epoch ms) do not fire ({@code time.end})
     */
    public LearnedCycles(int horizonDays, long eventTimeEnd) {
        this.horizonMillis = horizonDays * DAY_MILLIS;
        this.eventTimeEnd = eventTimeEnd;
    }

    @Override
    public void open(OpenContext openContext) {
        matured =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "matured",
                                        PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        maturing =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "maturing",
                                        Types.LONG,
                                        PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(
            CategoryIntervals.Change change, Context ctx, Collector<CategoryCycle> out)
            throws Exception {
        CategoryIntervals.Interval interval = change.interval();
        long maturesAt = interval.startAt() + horizonMillis;
        if (maturesAt <= ctx.timerService().currentWatermark()) {
            matured.update(
                    IntervalHistogram.add(
                            histogram(matured.value()), interval.days(), change.delta()));
            emit(ctx.getCurrentKey(), out);
            return;
        }
        long[] waiting =
                IntervalHistogram.add(
                        histogram(maturing.get(interval.startAt())),
                        interval.days(),
                        change.delta());
        if (waiting.length == 0) {
            maturing.remove(interval.startAt());
        } else {
            maturing.put(interval.startAt(), waiting);
            ctx.timerService().registerEventTimeTimer(maturesAt);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CategoryCycle> out)
            throws Exception {
        if (timestamp > eventTimeEnd) {
            return;
        }
        // Each timer is the end of the horizon of the intervals that started at one instant.
        long start = timestamp - horizonMillis;
        long[] pairs = maturing.get(start);
        if (pairs == null) {
            return; // its intervals went before they matured
        }
        maturing.remove(start);
        long[] histogram = histogram(matured.value());
        for (int i = 0; i < pairs.length; i += 2) {
            histogram = IntervalHistogram.add(histogram, (int) pairs[i], pairs[i + 1]);
        }
        matured.update(histogram);
        emit(ctx.getCurrentKey(), out);
    }

    private void emit(String category, Collector<CategoryCycle> out) throws Exception {
        IntervalHistogram.IntervalStats stats = IntervalHistogram.stats(histogram(matured.value()));
        out.collect(
                stats == null
                        ? new CategoryCycle(category, 0, 0)
                        : new CategoryCycle(category, stats.intervals(), stats.medianDays()));
    }

    private static long[] histogram(long[] pairs) {
        return pairs == null ? new long[0] : pairs;
    }
}
