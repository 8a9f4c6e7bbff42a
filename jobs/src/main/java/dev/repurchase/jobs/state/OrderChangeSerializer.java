package dev.repurchase.jobs.state;

import static dev.repurchase.jobs.state.StateFormat.readCode;
import static dev.repurchase.jobs.state.StateFormat.readInt;
import static dev.repurchase.jobs.state.StateFormat.readLong;
import static dev.repurchase.jobs.state.StateFormat.readNullableTime;
import static dev.repurchase.jobs.state.StateFormat.readString;
import static dev.repurchase.jobs.state.StateFormat.writeCode;
import static dev.repurchase.jobs.state.StateFormat.writeInt;
import static dev.repurchase.jobs.state.StateFormat.writeLong;
import static dev.repurchase.jobs.state.StateFormat.writeNullableTime;
import static dev.repurchase.jobs.state.StateFormat.writeString;

import dev.repurchase.common.cdc.SourcePosition;
import dev.repurchase.common.order.Order;
import dev.repurchase.common.order.OrderChange;
import dev.repurchase.common.order.OrderLine;
import dev.repurchase.common.order.OrderStatus;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.base.BigDecSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The latest change of an order or of one of its lines (state of the order versions). Version 1:
 * order id, deleted, source position, the order if any, the line if any, source topic, partition
 * and offset. An order's times after its creation are written as differences to it. Version 2
 * (state version 4): the order ends with its device, IP and address hashes (SPEC 8.2).
 */
public final class OrderChangeSerializer extends VersionedSerializer<OrderChange> {

    private static final long serialVersionUID = 1L;
    public static final int VERSION = 2;
    public static final OrderChangeSerializer INSTANCE = new OrderChangeSerializer(VERSION);

    private static final OrderStatus[] STATUSES = {
        OrderStatus.PENDING_PAYMENT,
        OrderStatus.PAID,
        OrderStatus.SHIPPED,
        OrderStatus.DELIVERED,
        OrderStatus.COMPLETED,
        OrderStatus.CANCELLED,
        OrderStatus.REFUNDED,
        OrderStatus.PARTIALLY_REFUNDED
    };

    private OrderChangeSerializer(int readVersion) {
        super(readVersion);
    }

    @Override
    public int currentVersion() {
        return VERSION;
    }

    @Override
    public Class<OrderChange> typeClass() {
        return OrderChange.class;
    }

    @Override
    protected OrderChangeSerializer readingVersion(int version) {
        return new OrderChangeSerializer(version);
    }

    @Override
    public OrderChange createInstance() {
        return new OrderChange();
    }

    /**
     * Field by field, not through the format: changes are copied between chained operators on the
     * hot path. Strings, numbers and times are immutable and shared; order, line and position are
     * copied.
     */
    @Override
    public OrderChange copy(OrderChange from) {
        OrderChange copy = new OrderChange();
        copy.orderId = from.orderId;
        copy.deleted = from.deleted;
        copy.position = copyPosition(from.position);
        copy.order = from.order == null ? null : copyOrder(from.order);
        copy.line = from.line == null ? null : copyLine(from.line);
        copy.sourceTopic = from.sourceTopic;
        copy.sourcePartition = from.sourcePartition;
        copy.sourceOffset = from.sourceOffset;
        return copy;
    }

    private static SourcePosition copyPosition(SourcePosition from) {
        return from == null
                ? null
                : new SourcePosition(from.commitMillis, from.logPosition, from.rowIndex);
    }

    private static Order copyOrder(Order from) {
        Order o = new Order();
        o.orderId = from.orderId;
        o.customerId = from.customerId;
        o.status = from.status;
        o.totalCents = from.totalCents;
        o.refundedCents = from.refundedCents;
        o.currency = from.currency;
        o.channel = from.channel;
        o.region = from.region;
        o.campaignId = from.campaignId;
        o.couponId = from.couponId;
        o.createdAt = from.createdAt;
        o.paidAt = from.paidAt;
        o.shippedAt = from.shippedAt;
        o.deliveredAt = from.deliveredAt;
        o.promisedDeliveryAt = from.promisedDeliveryAt;
        o.cancelledAt = from.cancelledAt;
        o.updatedAt = from.updatedAt;
        o.contactHash = from.contactHash;
        o.deviceHash = from.deviceHash;
        o.ipHash = from.ipHash;
        o.addressHash = from.addressHash;
        return o;
    }

    private static OrderLine copyLine(OrderLine from) {
        OrderLine line = new OrderLine();
        line.orderId = from.orderId;
        line.lineNo = from.lineNo;
        line.sku = from.sku;
        line.category = from.category;
        line.quantity = from.quantity;
        line.unitPrice = from.unitPrice;
        return line;
    }

    @Override
    protected void write(OrderChange change, DataOutputView out) throws IOException {
        writeString(out, change.orderId);
        out.writeBoolean(change.deleted);
        writePosition(change.position, out);
        out.writeBoolean(change.order != null);
        if (change.order != null) {
            writeOrder(change.order, out);
        }
        out.writeBoolean(change.line != null);
        if (change.line != null) {
            writeLine(change.line, out);
        }
        writeString(out, change.sourceTopic);
        writeInt(out, change.sourcePartition);
        writeLong(out, change.sourceOffset);
    }

    @Override
    protected OrderChange read(DataInputView in, int version) throws IOException {
        OrderChange change = new OrderChange();
        change.orderId = readString(in);
        change.deleted = in.readBoolean();
        change.position = readPosition(in);
        change.order = in.readBoolean() ? readOrder(in, version) : null;
        change.line = in.readBoolean() ? readLine(in) : null;
        change.sourceTopic = readString(in);
        change.sourcePartition = readInt(in);
        change.sourceOffset = readLong(in);
        return change;
    }

    /**
     * Version 1 of a source position or null; also within {@link CouponChangeSerializer}'s format
     * and how a coupon update travels ({@link dev.repurchase.jobs.wire.CouponUpdateSerializer}).
     */
    public static void writePosition(SourcePosition position, DataOutputView out)
            throws IOException {
        out.writeBoolean(position != null);
        if (position != null) {
            writeLong(out, position.commitMillis);
            writeLong(out, position.logPosition);
            writeLong(out, position.rowIndex);
        }
    }

    public static SourcePosition readPosition(DataInputView in) throws IOException {
        return in.readBoolean()
                ? new SourcePosition(readLong(in), readLong(in), readLong(in))
                : null;
    }

    /**
     * The current version (2) of an order; also within {@link OrderRecordSerializer}'s format,
     * whose version 2 holds it.
     */
    public static void writeOrder(Order o, DataOutputView out) throws IOException {
        writeString(out, o.orderId);
        writeString(out, o.customerId);
        writeCode(out, o.status, STATUSES);
        writeLong(out, o.totalCents);
        writeLong(out, o.refundedCents);
        writeString(out, o.currency);
        writeString(out, o.channel);
        writeString(out, o.region);
        writeString(out, o.campaignId);
        writeString(out, o.couponId);
        writeLong(out, o.createdAt);
        writeNullableTime(out, o.createdAt, o.paidAt);
        writeNullableTime(out, o.createdAt, o.shippedAt);
        writeNullableTime(out, o.createdAt, o.deliveredAt);
        writeNullableTime(out, o.createdAt, o.promisedDeliveryAt);
        writeNullableTime(out, o.createdAt, o.cancelledAt);
        writeNullableTime(out, o.createdAt, o.updatedAt);
        writeString(out, o.contactHash);
        writeString(out, o.deviceHash);
        writeString(out, o.ipHash);
        writeString(out, o.addressHash);
    }

    /**
     * @param version of the order's format: version 1 has no device, IP and address hashes
     */
    public static Order readOrder(DataInputView in, int version) throws IOException {
        Order o = new Order();
        o.orderId = readString(in);
        o.customerId = readString(in);
        o.status = readCode(in, STATUSES);
        o.totalCents = readLong(in);
        o.refundedCents = readLong(in);
        o.currency = readString(in);
        o.channel = readString(in);
        o.region = readString(in);
        o.campaignId = readString(in);
        o.couponId = readString(in);
        o.createdAt = readLong(in);
        o.paidAt = readNullableTime(in, o.createdAt);
        o.shippedAt = readNullableTime(in, o.createdAt);
        o.deliveredAt = readNullableTime(in, o.createdAt);
        o.promisedDeliveryAt = readNullableTime(in, o.createdAt);
        o.cancelledAt = readNullableTime(in, o.createdAt);
        o.updatedAt = readNullableTime(in, o.createdAt);
        o.contactHash = readString(in);
        if (version >= 2) {
            o.deviceHash = readString(in);
            o.ipHash = readString(in);
            o.addressHash = readString(in);
        }
        return o;
    }

    private static void writeLine(OrderLine line, DataOutputView out) throws IOException {
        writeString(out, line.orderId);
        writeInt(out, line.lineNo);
        writeString(out, line.sku);
        writeString(out, line.category);
        writeLong(out, line.quantity);
        BigDecSerializer.INSTANCE.serialize(line.unitPrice, out);
    }

    private static OrderLine readLine(DataInputView in) throws IOException {
        OrderLine line = new OrderLine();
        line.orderId = readString(in);
        line.lineNo = readInt(in);
        line.sku = readString(in);
        line.category = readString(in);
        line.quantity = readLong(in);
        line.unitPrice = BigDecSerializer.readBigDecimal(in);
        return line;
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends VersionedSnapshot<OrderChange> {
        public Snapshot() {
            super(INSTANCE);
        }
    }
}
