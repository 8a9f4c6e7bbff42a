package dev.repurchase.cli.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The change stream an order system would have produced while its history happened: per order an
 * insert at {@code created_at} together with its lines, then an update at each later status time
 * (see {@link OrderRowVersions}), all in commit-time order as Debezium JSON messages.
 *
 * <p>Commit-time ties are broken by order id, the order row before its lines, then version. Each
 * order's insert and its lines share one transaction; the log position ({@code lsn}) grows with
 * every message, so it orders every version of every row. Messages are rendered while iterating:
 * only the compact, sorted list of changes is held in memory.
 */
public final class DebeziumChangeFeed implements Iterable<ChangeEvent> {

    /** The Kafka topics of the two tables. */
    public record Topics(String orders, String orderItems) {
        /** {@code orders} and {@code order_items}. */
        public static final Topics DEFAULT = new Topics("orders", "order_items");
    }

    private static final Comparator<Change> COMMIT_ORDER =
            Comparator.comparing(Change::at)
                    .thenComparing(Change::orderId)
                    .thenComparingInt(change -> change.item() == null ? 0 : 1)
                    .thenComparingInt(Change::version);

    /** An order version (with the image it replaces, if any) or an inserted line. */
    private record Change(
            Instant at,
            String orderId,
            int version,
            OrderRow before,
            OrderRow after,
            ItemRow item) {}

    private final Topics topics;
    private final List<Change> changes;

    private DebeziumChangeFeed(Topics topics, List<Change> changes) {
        this.topics = topics;
        this.changes = changes;
    }

    /** The feed of a history, on the default topics. */
    public static DebeziumChangeFeed of(OrderHistory history) {
        return of(history, Topics.DEFAULT);
    }

    public static DebeziumChangeFeed of(OrderHistory history, Topics topics) {
        Map<String, List<ItemRow>> itemsByOrder = new HashMap<>();
        for (ItemRow item : history.items()) {
            itemsByOrder.computeIfAbsent(item.orderId(), id -> new ArrayList<>()).add(item);
        }
        List<Change> changes =
                new ArrayList<>(history.orders().size() * 2 + history.items().size());
        for (OrderRow order : history.orders()) {
            OrderRow before = null;
            int version = 0;
            for (OrderRowVersions.Version next : OrderRowVersions.of(order)) {
                changes.add(
                        new Change(
                                next.at(), order.orderId(), version++, before, next.image(), null));
                before = next.image();
            }
            for (ItemRow item : itemsByOrder.getOrDefault(order.orderId(), List.of())) {
                changes.add(
                        new Change(
                                order.createdAt(),
                                order.orderId(),
                                item.lineNo(),
                                null,
                                null,
                                item));
            }
        }
        changes.sort(COMMIT_ORDER);
        return new DebeziumChangeFeed(topics, changes);
    }

    /** How many messages the feed has. */
    public int size() {
        return changes.size();
    }

    /** The commit time of the last change: the "as of" of the history; null if it is empty. */
    public Instant latestEventTime() {
        return changes.isEmpty() ? null : changes.get(changes.size() - 1).at();
    }

    /** The messages in commit order; each iteration renders them afresh, identically. */
    @Override
    public Iterator<ChangeEvent> iterator() {
        return new Iterator<>() {
            private int next;
            private long lsn;
            private long txId;
            private Change previous;

            @Override
            public boolean hasNext() {
                return next < changes.size();
            }

            @Override
            public ChangeEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Change change = changes.get(next++);
                boolean sameTransaction =
                        previous != null
                                && previous.at().equals(change.at())
                                && previous.orderId().equals(change.orderId());
                if (!sameTransaction) {
                    txId++;
                }
                previous = change;
                return render(change, txId, ++lsn);
            }
        };
    }

    private ChangeEvent render(Change change, long txId, long lsn) {
        if (change.item() != null) {
            ItemRow item = change.item();
            return new ChangeEvent(
                    topics.orderItems(),
                    item.orderId(),
                    DebeziumEnvelope.itemKey(item.orderId(), item.lineNo()),
                    DebeziumEnvelope.change(
                            DebeziumEnvelope.ITEMS_TABLE,
                            null,
                            DebeziumEnvelope.image(ItemRow.COLUMNS, item.values()),
                            change.at(),
                            txId,
                            lsn),
                    change.at());
        }
        return new ChangeEvent(
                topics.orders(),
                change.orderId(),
                DebeziumEnvelope.orderKey(change.orderId()),
                DebeziumEnvelope.change(
                        DebeziumEnvelope.ORDERS_TABLE,
                        orderImage(change.before()),
                        orderImage(change.after()),
                        change.at(),
                        txId,
                        lsn),
                change.at());
    }

    /**
     * The order row; the optional columns of SPEC 8.2 only when the order has them, as an orders
     * table without them would give it (absent reads as null).
     */
    private static ObjectNode orderImage(OrderRow row) {
        if (row == null) {
            return null;
        }
        ObjectNode image = DebeziumEnvelope.image(OrderRow.COLUMNS, row.values());
        for (String column : OrderRow.OPTIONAL_COLUMNS) {
            if (image.get(column).isNull()) {
                image.remove(column);
            }
        }
        return image;
    }
}
