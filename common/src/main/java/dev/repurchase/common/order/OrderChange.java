package dev.repurchase.common.order;

import dev.repurchase.common.cdc.SourcePosition;

/**
 * A decoded change of an order or of one of its lines, keyed by order id: the one record type that
 * flows from the decoders into the per-order state. Exactly one of {@link #order} and {@link #line}
 * is set. A Flink POJO.
 */
public class OrderChange {

    /** The key: the order this change belongs to. */
    public String orderId;

    /** True if the row was deleted; the row image is then the last one known. */
    public boolean deleted;

    public SourcePosition position;

    public Order order;
    public OrderLine line;

    /**
     * The message this change was decoded from (Kafka topic, partition, offset), so that a change
     * found unusable later (an order line whose order never comes) can be reported as a dead letter
     * with its source; null topic if unknown.
     */
    public String sourceTopic;

    public int sourcePartition;
    public long sourceOffset;

    public OrderChange() {}

    public static OrderChange ofOrder(Order order, boolean deleted, SourcePosition position) {
        OrderChange change = new OrderChange();
        change.orderId = order.orderId;
        change.deleted = deleted;
        change.position = position;
        change.order = order;
        return change;
    }

    public static OrderChange ofLine(OrderLine line, boolean deleted, SourcePosition position) {
        OrderChange change = new OrderChange();
        change.orderId = line.orderId;
        change.deleted = deleted;
        change.position = position;
        change.line = line;
        return change;
    }

    public boolean isLine() {
        return line != null;
    }

    /** Records the message this change was decoded from; returns this change. */
    public OrderChange from(String topic, int partition, long offset) {
        this.sourceTopic = topic;
        this.sourcePartition = partition;
        this.sourceOffset = offset;
        return this;
    }
}
