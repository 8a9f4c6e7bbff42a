package dev.repurchase.jobs.ingest;

import dev.repurchase.common.cdc.SourcePosition;
import dev.repurchase.common.order.Order;
import dev.repurchase.common.order.OrderChange;
import dev.repurchase.common.order.OrderLine;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
 *
 * <p>Whether a change comes after the order settled depends on commit times alone, not on how far
 * event time had got when it was read: a change committed at or after the settle time, read before
 * event time reached it, is kept apart ({@link #linesAfterSettleTime}, {@link
 * #rowsAfterSettleTime}) until either a change committed before the settle time moves it past them,
 * or the order settles.
 */
public class OrderRecord {

    private static final long[] NO_TIMES = {};

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

    /**
     * Changes of lines committed at or after the settle time, by commit time, not applied: they
     * apply once a change committed before the settle time moves it past them, and are dead letters
     * when the order settles. Empty but while the job reads ahead of event time (a replay, a
     * catch-up).
     */
    public List<OrderChange> linesAfterSettleTime = List.of();

    /**
     * When changes of the row made at or after the settle time were made ({@link #changedAt}),
     * ascending: applied (a change of the row applies after settling too), but they move the settle
     * time only once a change committed before it moves it past them.
     */
    public long[] rowsAfterSettleTime = NO_TIMES;

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

    /**
     * Whether the change was committed at or after the settle time, which event time has not
     * reached yet (else the order would have settled): it comes after the order settles unless a
     * change committed before the settle time, not read yet, moves it past it. Not for an order
     * without its row, which does not settle, nor for a settle time after {@code eventTimeEnd}; nor
     * once settled: a change of its row only tells when it forgets that row again.
     */
    boolean isAfterSettleTime(OrderChange change, long eventTimeEnd) {
        return hasRow()
                && !isSettled()
                && settleAt != null
                && settleAt <= eventTimeEnd
                && changedAt(change) >= settleAt;
    }

    /**
     * When a change happened, as settling counts it: its commit time. A snapshot read of Flink CDC
     * has none (its {@code source.ts_ms} is 0): a row of the order then counts as of its {@code
     * updated_at}, the order's last change as the order system knows it, and a line as of nothing.
     * Without this every order of the snapshot would settle when the log begins, and each later
     * change of its lines would be a dead letter.
     */
    static long changedAt(OrderChange change) {
        long commit = change.position.commitMillis;
        if (commit == 0 && change.order != null && change.order.updatedAt != null) {
            return change.order.updatedAt;
        }
        return commit;
    }

    /** Keeps a change of a line committed at or after the settle time for later. */
    void holdAfterSettleTime(OrderChange line) {
        List<OrderChange> held = new ArrayList<>(linesAfterSettleTime);
        held.add(line);
        held.sort(Comparator.comparingLong(OrderRecord::changedAt));
        linesAfterSettleTime = held;
    }

    /**
     * Notes a change of the row made at or after the settle time (applied, if newer than the
     * version held).
     *
     * @return false if a change made at that time was noted already
     */
    boolean rowAfterSettleTime(long changedAt) {
        int i = Arrays.binarySearch(rowsAfterSettleTime, changedAt);
        if (i >= 0) {
            return false;
        }
        int at = -i - 1;
        long[] times = new long[rowsAfterSettleTime.length + 1];
        System.arraycopy(rowsAfterSettleTime, 0, times, 0, at);
        times[at] = changedAt;
        System.arraycopy(rowsAfterSettleTime, at, times, at + 1, rowsAfterSettleTime.length - at);
        rowsAfterSettleTime = times;
        return true;
    }

    /**
     * Moves the settle time to {@code settleAfter} past a change made at {@code changedAt} ({@link
     * #changedAt}) if that is later, and then past each change kept apart that now comes before it.
     *
     * @return the changes of lines that now come before the settle time, to apply, by commit time
     */
    List<OrderChange> settleAfterChange(long changedAt, long settleAfter) {
        moveSettleTime(changedAt, settleAfter);
        if (rowsAfterSettleTime.length == 0 && linesAfterSettleTime.isEmpty()) {
            return List.of();
        }
        List<OrderChange> released = new ArrayList<>();
        int rows = 0;
        int lines = 0;
        while (true) {
            if (rows < rowsAfterSettleTime.length && rowsAfterSettleTime[rows] < settleAt) {
                moveSettleTime(rowsAfterSettleTime[rows++], settleAfter);
            } else if (lines < linesAfterSettleTime.size()
                    && changedAt(linesAfterSettleTime.get(lines)) < settleAt) {
                OrderChange line = linesAfterSettleTime.get(lines++);
                moveSettleTime(changedAt(line), settleAfter);
                released.add(line);
            } else {
                break;
            }
        }
        if (rows > 0) {
            rowsAfterSettleTime =
                    Arrays.copyOfRange(rowsAfterSettleTime, rows, rowsAfterSettleTime.length);
        }
        if (lines > 0) {
            linesAfterSettleTime =
                    List.copyOf(linesAfterSettleTime.subList(lines, linesAfterSettleTime.size()));
        }
        return released;
    }

    private void moveSettleTime(long changedAt, long settleAfter) {
        long after = OrderVersions.saturatedAdd(changedAt, settleAfter);
        if (settleAt == null || after > settleAt) {
            settleAt = after;
        }
    }

    /**
     * Forgets all but what a later change of the order row needs.
     *
     * @return the changes of lines committed after the settle time: they come after the order
     *     settled
     */
    List<OrderChange> settle() {
        settledLines = linesSummary();
        lines = OrderLines.NONE;
        order = null;
        settleAt = null;
        List<OrderChange> after = linesAfterSettleTime;
        linesAfterSettleTime = List.of();
        rowsAfterSettleTime = NO_TIMES;
        return after;
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
