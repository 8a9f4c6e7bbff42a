package dev.repurchase.jobs.ingest;

import dev.repurchase.common.cdc.SourcePosition;
import dev.repurchase.common.order.Order;
import dev.repurchase.common.order.OrderChange;
import dev.repurchase.common.order.OrderLine;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * All the order versions hold of one order, in one state value so that an event costs one read and
 * at most one write: the latest version of the order row and of each line, what the order last
 * counted as, and the orphan-line deadline. The order id is the state's key, so nothing here
 * repeats it. Serialized by {@code state.OrderRecordSerializer}.
 */
public class OrderRecord {

    /** The latest version of the order row; null until it comes. */
    public Order order;

    public boolean orderDeleted;
    public SourcePosition orderPosition;

    /** The latest version of each line, by ascending line number. */
    public List<Line> lines = new ArrayList<>();

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

    public OrderRecord() {}

    /** The latest version of one line: what the outcome and an orphan dead letter use. */
    public static class Line {
        public int lineNo;
        public boolean deleted;
        public SourcePosition position;
        public String sku;
        public String category;
        public long quantity;
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
            line.sourceTopic = change.sourceTopic;
            line.sourcePartition = change.sourcePartition;
            line.sourceOffset = change.sourceOffset;
            return line;
        }

        /**
         * quantity x unit price, unrounded: the line amount that decides an order's primary
         * category.
         */
        BigDecimal amount() {
            return unitPrice == null
                    ? BigDecimal.ZERO
                    : unitPrice.multiply(BigDecimal.valueOf(quantity));
        }
    }

    /**
     * Holds the change if it is newer than the version held of its row; false for stale changes and
     * duplicates.
     */
    boolean hold(OrderChange change) {
        if (!change.isLine()) {
            if (order != null && !change.position.isAfter(orderPosition)) {
                return false;
            }
            order = change.order;
            orderDeleted = change.deleted;
            orderPosition = change.position;
            return true;
        }
        int i = indexOf(change.line.lineNo);
        if (i < 0) {
            lines.add(-i - 1, Line.of(change));
            return true;
        }
        if (!change.position.isAfter(lines.get(i).position)) {
            return false;
        }
        lines.set(i, Line.of(change));
        return true;
    }

    /** The place of the line in {@link #lines}, or -(insertion point) - 1 if not held. */
    private int indexOf(int lineNo) {
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
