package dev.repurchase.jobs.customer;

import dev.repurchase.common.customer.CategoryIntervals;
import dev.repurchase.common.metric.CustomerContributions;
import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.metric.MetricSettings;
import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.order.PurchaseChange;
import dev.repurchase.common.predict.RepeatBuying;
import dev.repurchase.common.predict.RepeatBuyingChange;
import dev.repurchase.jobs.state.StateTypes;
import dev.repurchase.jobs.wire.WireTypes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * One customer's valid purchase sequence, keyed by customer id. On every change it recomputes what
 * the customer contributes to each aggregated row and emits only the differences, so refunds after
 * the fact, late orders and duplicates end in exact sums. Triggers, stage and profile are the
 * {@link CustomerOperator}'s: this one only counts, so the category cycles it contributes to can
 * flow back to the planners without a loop in the graph; so does each customer's part of the
 * prediction's sufficient data.
 */
public class CustomerTimeline extends KeyedProcessFunction<String, PurchaseChange, MetricDelta> {

    /** The changes of the customer's category intervals, for the learned cycles. */
    public static final OutputTag<CategoryIntervals.Change> INTERVALS =
            new OutputTag<>("category-intervals", WireTypes.INTERVAL_CHANGE);

    /**
     * The customer's x, t_x, first day and repeat spend leaving and entering the prediction's
     * sufficient data (SPEC 9): the fit is fed from here, upstream of the customer operator it
     * broadcasts its models to.
     */
    public static final OutputTag<RepeatBuyingChange> REPEAT_BUYING =
            new OutputTag<>("repeat-buying", WireTypes.REPEAT_BUYING_CHANGE);

    private final MetricSettings settings;
    private final int learnHorizonDays;

    /** The customer's valid purchases in sequence order. */
    private transient ValueState<Purchase[]> purchases;

    /**
     * @param learnHorizonDays {@code reminders.learn-horizon-days}: longer intervals never count
     *     for the learned cycles
     */
    public CustomerTimeline(MetricSettings settings, int learnHorizonDays) {
        this.settings = settings;
        this.learnHorizonDays = learnHorizonDays;
    }

    @Override
    public void open(OpenContext openContext) {
        purchases =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("purchases", StateTypes.PURCHASES));
    }

    @Override
    public void processElement(PurchaseChange change, Context ctx, Collector<MetricDelta> out)
            throws Exception {
        if (change.linesCorrection) {
            // The timeline keeps the purchases as known: the upsert that follows carries the lines.
            return;
        }
        Purchase[] stored = purchases.value();
        List<Purchase> before = stored == null ? List.of() : Arrays.asList(stored);
        List<Purchase> after = apply(before, change);
        if (after == null) {
            return;
        }
        CustomerContributions.changes(before, after, settings).forEach(out::collect);
        CategoryIntervals.diff(before, after, learnHorizonDays)
                .forEach(interval -> ctx.output(INTERVALS, interval));
        RepeatBuying buyingBefore = RepeatBuying.of(before, settings.calendar());
        RepeatBuying buyingAfter = RepeatBuying.of(after, settings.calendar());
        if (!Objects.equals(buyingBefore, buyingAfter)) {
            if (buyingBefore != null) {
                ctx.output(REPEAT_BUYING, new RepeatBuyingChange(buyingBefore, -1));
            }
            if (buyingAfter != null) {
                ctx.output(REPEAT_BUYING, new RepeatBuyingChange(buyingAfter, 1));
            }
        }
        if (after.isEmpty()) {
            purchases.clear();
        } else {
            purchases.update(after.toArray(new Purchase[0]));
        }
    }

    /**
     * The sequence after the change, or null if the change changes nothing. It holds the very
     * purchases of {@code before} the change left alone (see {@link
     * CustomerContributions#changes}).
     */
    private static List<Purchase> apply(List<Purchase> before, PurchaseChange change) {
        List<Purchase> after = new ArrayList<>(before.size() + 1);
        Purchase replaced = null;
        for (Purchase p : before) {
            if (p.orderId.equals(change.orderId)) {
                replaced = p;
            } else {
                after.add(p);
            }
        }
        if (change.purchase == null ? replaced == null : change.purchase.sameAs(replaced)) {
            return null;
        }
        if (change.purchase != null) {
            after.add(change.purchase);
            after.sort(Purchase::compareInSequence);
        }
        return after;
    }
}
