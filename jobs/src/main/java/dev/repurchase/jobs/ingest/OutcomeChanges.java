package dev.repurchase.jobs.ingest;

import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.metric.MetricKey;
import dev.repurchase.common.metric.MetricSettings;
import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.order.PurchaseChange;
import dev.repurchase.common.period.PeriodType;
import java.io.Serializable;
import java.util.function.Consumer;
import org.apache.flink.util.Collector;

/**
 * What changes downstream when what an order means goes from one {@link OrderOutcome} to another:
 * the customer's purchase changes and the retraction and addition of its exclusion counts (M10).
 * The order versions tell it of every order; the flash-sale abuse ranking of the orders of a flash
 * sale, whose outcomes it may turn into {@code abuse}.
 */
public final class OutcomeChanges implements Serializable {

    private static final long serialVersionUID = 1L;

    private final MetricSettings settings;

    public OutcomeChanges(MetricSettings settings) {
        this.settings = settings;
    }

    /**
     * @return whether the order's exclusion changed
     */
    public boolean emit(
            OrderOutcome previous,
            OrderOutcome current,
            Collector<PurchaseChange> purchases,
            Consumer<MetricDelta> exclusions) {
        emitPurchaseChanges(previous, current, purchases);
        if (sameExclusion(previous, current)) {
            return false;
        }
        emitExclusion(previous, -1, exclusions);
        emitExclusion(current, 1, exclusions);
        return true;
    }

    private static void emitPurchaseChanges(
            OrderOutcome previous, OrderOutcome current, Collector<PurchaseChange> out) {
        Purchase was = previous == null ? null : previous.purchase;
        Purchase now = current == null ? null : current.purchase;
        boolean left =
                was != null && (now == null || !previous.customerId.equals(current.customerId));
        if (left) {
            out.collect(PurchaseChange.remove(previous.customerId, was.orderId));
        }
        if (now != null && (left || !now.sameAs(was))) {
            out.collect(PurchaseChange.upsert(current.customerId, now));
        }
    }

    private static boolean sameExclusion(OrderOutcome previous, OrderOutcome current) {
        boolean wasExcluded = previous != null && previous.exclusionReason != null;
        boolean isExcluded = current != null && current.exclusionReason != null;
        if (!wasExcluded && !isExcluded) {
            return true;
        }
        return wasExcluded && isExcluded && previous.sameExclusion(current);
    }

    private void emitExclusion(OrderOutcome o, int sign, Consumer<MetricDelta> out) {
        if (o == null || o.exclusionReason == null) {
            return;
        }
        for (PeriodType type : settings.periodTypes()) {
            out.accept(
                    new MetricDelta(
                            MetricKey.exclusion(
                                    type,
                                    settings.calendar().periodStart(type, o.exclusionTime),
                                    o.exclusionReason),
                            0,
                            new long[] {sign, sign * o.exclusionCents}));
        }
    }
}
