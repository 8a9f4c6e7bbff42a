package dev.repurchase.jobs.ingest;

import dev.repurchase.common.cdc.SourcePosition;
import dev.repurchase.common.order.Order;
import dev.repurchase.common.order.OrderChange;
import dev.repurchase.common.order.OrderLine;
import java.math.BigDecimal;
import java.util.List;

/**
 * All the order versions hold of one order, in one state value so that an event costs one read and
 * at most one write: the latest version of the order row, its lines as one blob ({@link
 * OrderLines}), what the order last counted as, the orphan-line deadline, the order's alerts and
 * when it settles. The order id is the state's key, so nothing here repeats it. Serialized by
 * {@code state.OrderRecordSerializer}.
 *
 * <p>A settled order (SPEC 1, {@code ingest.settle-days} after its last change) keeps only what a
 * later change of its row needs to apply exactly: the row's position, its outcome, its flash sale,
 * its alerts, and the summary of its lines ({@link OrderLines.Summary}); not the row itself, which
 * the next change of the row replaces whole, nor the lines.
 */
public class OrderRecord {

    /** The latest version of the order row; null until it comes, and once the order settles. */
    public Order order;

    public boolean orderDeleted;

    /** The source position of the latest version of the order row; null until it comes. */
    public SourcePosition orderPosition;

    /**
     * The latest version of each line by ascending line number ({@link OrderLines}); none once
     * settled.
     */
    public byte[] lines = OrderLines.NONE;

    /** What the order last counted as; null if nothing. */
    public OrderOutcome outcome;

    /** The event time of the grace timer while lines wait for their order; null if none. */
    public Long orphanDeadline;

    /**
     * The flash sale (SPEC 8.2) whose abuse ranking the order's outcomes go through, null if they
     * go straight to the customers. Kept while the order has an outcome, so that a change of the
     * order's campaign cannot send a retraction on another path than what it retracts.
     */
    public String flashSale;

    /** The order's alerts (SPEC 4.2) while it plans any; null if none. */
    public OrderAlerts alerts;

    /**
     * When the order settles: the settle time after its latest change; null once settled, or before
     * the time is known (a record of an earlier state version).
     */
    public Long settleAt;

    /**
     * Once the order settled, all that its outcome needs of its lines; null while it is live. A
     * change of the lines of a settled order is refused.
     */
    public OrderLines.Summary settledLines;

    public OrderRecord() {}

    /**
     * The latest version of one line: what the outcome and an orphan dead letter use. Decoded from
     * the record's {@link #lines} for one event, never kept in state as an object.
     */
    public static class Line {
        public int lineNo;
        public boolean deleted;
        public SourcePosition position;
        public String category;
        public long quantity;

        /** quantity x unit price, unrounded: what decides an order's primary category. */
        public BigDecimal amount = BigDecimal.ZERO;

        /** The line's sku and unit price, for its orphan dead letter; null once the order came. */
        public String sku;

        public BigDecimal unitPrice;

        /** The message the version came from, for its dead letter; null topic if unknown. */
        public String sourceTopic;

        public int sourcePartition;
        public long sourceOffset;

        public Line() {}

        static Line of(OrderChange change) {
            OrderLine l = change.line;
            Line line = new Line();
            line.lineNo = l.lineNo;
            line.deleted = change.deleted;
            line.position = change.position;
            line.sku = l.sku;
            line.category = l.category;
            line.quantity = l.quantity;
            line.unitPrice = l.unitPrice;
            line.amount = amount(l.unitPrice, l.quantity);
            line.sourceTopic = change.sourceTopic;
            line.sourcePartition = change.sourcePartition;
            line.sourceOffset = change.sourceOffset;
            return line;
        }

        /** quantity x unit price, unrounded; 0 without a price. */
        public static BigDecimal amount(BigDecimal unitPrice, long quantity) {
            return unitPrice == null
                    ? BigDecimal.ZERO
                    : unitPrice.multiply(BigDecimal.valueOf(quantity));
        }
    }

    /** Whether a version of the order row came (the order may have settled since). */
    public boolean hasRow() {
        return orderPosition != null;
    }

    public boolean isSettled() {
        return settledLines != null;
    }

    /** What the outcome needs of the lines: kept since the order settled, else summed from them. */
    public OrderLines.Summary linesSummary() {
        return isSettled() ? settledLines : OrderLines.Summary.of(decodeLines());
    }

    /** The lines, decoded. */
    public List<Line> decodeLines() {
        return OrderLines.decode(lines);
    }

    /**
     * Holds the change if it is newer than the version held of its row; false for stale changes and
     * duplicates. Not for a line of a settled order.
     */
    boolean hold(OrderChange change) {
        if (!change.isLine()) {
            if (!change.position.isAfter(orderPosition)) {
                return false;
            }
            if (!hasRow() && lines.length > 0) {
                // The order came: its lines no longer need their source for a dead letter.
                lines = OrderLines.encode(decodeLines(), false);
            }
            order = change.order;
            orderDeleted = change.deleted;
            orderPosition = change.position;
            return true;
        }
        List<Line> held = decodeLines();
        int i = indexOf(held, change.line.lineNo);
        if (i < 0) {
            held.add(-i - 1, Line.of(change));
        } else if (change.position.isAfter(held.get(i).position)) {
            held.set(i, Line.of(change));
        } else {
            return false;
        }
        lines = OrderLines.encode(held, !hasRow());
        return true;
    }

    /** Forgets all but what a later change of the order row needs. */
    void settle() {
        settledLines = linesSummary();
        lines = OrderLines.NONE;
        order = null;
        settleAt = null;
    }

    /**
     * The event time when the order next has something to do: the earliest of its orphan deadline,
     * alert timer and settle time; null if none. The order versions keep a timer registered at or
     * before it, and at it do whatever is due.
     */
    Long timer() {
        Long timer = orphanDeadline;
        if (alerts != null) {
            timer = earlier(timer, alerts.timer);
        }
        return hasRow() ? earlier(timer, settleAt) : timer;
    }

    private static Long earlier(Long a, Long b) {
        return a == null || (b != null && b < a) ? b : a;
    }

    /** The place of the line in {@code lines}, or -(insertion point) - 1 if not held. */
    private static int indexOf(List<Line> lines, int lineNo) {
        int low = 0;
        int high = lines.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int held = lines.get(mid).lineNo;
            if (held < lineNo) {
                low = mid + 1;
            } else if (held > lineNo) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }
}
