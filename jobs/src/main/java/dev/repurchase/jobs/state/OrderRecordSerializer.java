package dev.repurchase.jobs.state;

import static dev.repurchase.jobs.state.StateFormat.readCount;
import static dev.repurchase.jobs.state.StateFormat.readInt;
import static dev.repurchase.jobs.state.StateFormat.readLong;
import static dev.repurchase.jobs.state.StateFormat.readNullableLong;
import static dev.repurchase.jobs.state.StateFormat.readString;
import static dev.repurchase.jobs.state.StateFormat.readStrings;
import static dev.repurchase.jobs.state.StateFormat.writeCount;
import static dev.repurchase.jobs.state.StateFormat.writeLong;
import static dev.repurchase.jobs.state.StateFormat.writeNullableLong;
import static dev.repurchase.jobs.state.StateFormat.writeString;
import static dev.repurchase.jobs.state.StateFormat.writeStrings;

import dev.repurchase.common.cdc.SourcePosition;
import dev.repurchase.common.order.OrderChange;
import dev.repurchase.common.order.Purchase;
import dev.repurchase.jobs.ingest.OrderLines;
import dev.repurchase.jobs.ingest.OrderOutcome;
import dev.repurchase.jobs.ingest.OrderRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.base.BigDecSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * All the order versions hold of one order (their state since state version 2). Version 1: whether
 * the order row is held, and if so its deleted flag, source position ({@link
 * OrderChangeSerializer#writePosition}) and the order ({@link OrderChangeSerializer#writeOrder});
 * whether an outcome is held, and if so the outcome ({@link OrderOutcomeSerializer#writeOutcome});
 * the orphan deadline (nullable long); the number of lines, then each line: its number as the
 * difference to the previous line's (the first's to 0), deleted, whether it has a source position,
 * and if so the commit time and log position as differences to the previous line's with a position
 * (the first's to 0) and the row index; sku, category, quantity, unit price (Flink's BigDecimal
 * serializer), whether the source topic differs from the previous line's (the first's from none)
 * and if so the topic, the source partition, and the offset as the difference to the previous
 * line's (the first's to 0). Lines of one order are mostly consecutive rows of one transaction and
 * one topic: their differences take a byte each. Version 2 (state version 4): the order in version
 * 2 of {@link OrderChangeSerializer#writeOrder} (with its device, IP and address hashes), and after
 * the orphan deadline the flash sale the order's outcomes go through (nullable string, SPEC 8.2).
 *
 * <p>Version 3 (state version 5): whether a version of the order row came, and if so its deleted
 * flag, source position and whether the row itself is held (not once the order settled), and if so
 * the order (version 2); the outcome, orphan deadline and flash sale as in version 2; whether the
 * order settled; if it did, its lines summary ({@code ingest.OrderLines.Summary}): the quantity,
 * then, unless the outcome is a purchase (which holds them), the categories and primary category;
 * if not, the settle time (nullable long) and the lines as one blob ({@code ingest.OrderLines}: its
 * length, then its bytes, copied as they are); whether the order has alerts and if so the alerts
 * ({@link OrderAlertsSerializer}, version 1). Versions 1 and 2 are read into it: their lines become
 * the blob, an order with alerts in state {@code order-alerts} gets them when the order versions
 * restore (see {@code ingest.OrderVersionsOperator}).
 *
 * <p>Version 4 (state version 6): the settle time comes before whether the order settled, so that a
 * settled order whose row changed again keeps it too; after the lines blob of an order not settled,
 * the changes kept apart after the settle time: the number of changes of lines, each in version 2
 * of {@link OrderChangeSerializer}; the number of changes of the row, each its commit time as the
 * difference to the settle time. Version 3 is read with none.
 */
public final class OrderRecordSerializer extends VersionedSerializer<OrderRecord> {

    private static final long serialVersionUID = 1L;
    public static final int VERSION = 4;
    public static final OrderRecordSerializer INSTANCE = new OrderRecordSerializer(VERSION);

    private OrderRecordSerializer(int readVersion) {
        super(readVersion);
    }

    @Override
    public int currentVersion() {
        return VERSION;
    }

    @Override
    public Class<OrderRecord> typeClass() {
        return OrderRecord.class;
    }

    @Override
    protected OrderRecordSerializer readingVersion(int version) {
        return new OrderRecordSerializer(version);
    }

    @Override
    public OrderRecord createInstance() {
        return new OrderRecord();
    }

    @Override
    protected void write(OrderRecord record, DataOutputView out) throws IOException {
        out.writeBoolean(record.hasRow());
        if (record.hasRow()) {
            out.writeBoolean(record.orderDeleted);
            OrderChangeSerializer.writePosition(record.orderPosition, out);
            out.writeBoolean(record.order != null);
            if (record.order != null) {
                OrderChangeSerializer.writeOrder(record.order, out);
            }
        }
        out.writeBoolean(record.outcome != null);
        if (record.outcome != null) {
            OrderOutcomeSerializer.writeOutcome(record.outcome, out);
        }
        writeNullableLong(out, record.orphanDeadline);
        writeString(out, record.flashSale);
        writeNullableLong(out, record.settleAt);
        out.writeBoolean(record.isSettled());
        if (record.isSettled()) {
            writeSettledLines(record, out);
        } else {
            writeCount(out, record.lines.length);
            out.write(record.lines);
            writeAfterSettleTime(record, out);
        }
        out.writeBoolean(record.alerts != null);
        if (record.alerts != null) {
            OrderAlertsSerializer.writeAlerts(record.alerts, out);
        }
    }

    @Override
    protected OrderRecord read(DataInputView in, int version) throws IOException {
        if (version < 3) {
            return readVersion2(in, version);
        }
        OrderRecord record = new OrderRecord();
        if (in.readBoolean()) {
            record.orderDeleted = in.readBoolean();
            record.orderPosition = OrderChangeSerializer.readPosition(in);
            record.order = in.readBoolean() ? OrderChangeSerializer.readOrder(in, 2) : null;
        }
        record.outcome = in.readBoolean() ? OrderOutcomeSerializer.readOutcome(in) : null;
        record.orphanDeadline = readNullableLong(in);
        record.flashSale = readString(in);
        if (version >= 4) {
            record.settleAt = readNullableLong(in);
        }
        if (in.readBoolean()) {
            record.settledLines = readSettledLines(record.outcome, in);
        } else {
            if (version < 4) {
                record.settleAt = readNullableLong(in);
            }
            byte[] lines = new byte[readCount(in)];
            in.readFully(lines);
            record.lines = lines.length == 0 ? OrderLines.NONE : lines;
            if (version >= 4) {
                readAfterSettleTime(record, in);
            }
        }
        record.alerts = in.readBoolean() ? OrderAlertsSerializer.readAlerts(in) : null;
        return record;
    }

    /**
     * The changes in version 2 of {@link OrderChangeSerializer}: a new version of that format needs
     * a new version of this one ({@code StateVersionsTest} pins the bytes of both).
     */
    private static void writeAfterSettleTime(OrderRecord record, DataOutputView out)
            throws IOException {
        writeCount(out, record.linesAfterSettleTime.size());
        for (OrderChange line : record.linesAfterSettleTime) {
            OrderChangeSerializer.INSTANCE.write(line, out);
        }
        writeCount(out, record.rowsAfterSettleTime.length);
        for (long commit : record.rowsAfterSettleTime) {
            writeLong(out, commit - record.settleAt);
        }
    }

    private static void readAfterSettleTime(OrderRecord record, DataInputView in)
            throws IOException {
        int n = readCount(in);
        if (n > 0) {
            List<OrderChange> lines = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                lines.add(OrderChangeSerializer.INSTANCE.read(in, 2));
            }
            record.linesAfterSettleTime = List.copyOf(lines);
        }
        n = readCount(in);
        if (n > 0) {
            long[] rows = new long[n];
            for (int i = 0; i < n; i++) {
                rows[i] = record.settleAt + readLong(in);
            }
            record.rowsAfterSettleTime = rows;
        }
    }

    /**
     * A settled order's lines summary: its quantity, and its categories and primary category unless
     * the outcome is a purchase, which holds them already (the outcome was decided from these very
     * lines, which cannot change any more).
     */
    private static void writeSettledLines(OrderRecord record, DataOutputView out)
            throws IOException {
        OrderLines.Summary lines = record.settledLines;
        writeLong(out, lines.quantity());
        if (purchaseOf(record.outcome) == null) {
            writeStrings(out, lines.categories());
            writeString(out, lines.primaryCategory());
        }
    }

    private static OrderLines.Summary readSettledLines(OrderOutcome outcome, DataInputView in)
            throws IOException {
        long quantity = readLong(in);
        Purchase purchase = purchaseOf(outcome);
        return purchase != null
                ? new OrderLines.Summary(quantity, purchase.categories, purchase.primaryCategory)
                : new OrderLines.Summary(quantity, readStrings(in), readString(in));
    }

    private static Purchase purchaseOf(OrderOutcome outcome) {
        return outcome == null ? null : outcome.purchase;
    }

    /** Versions 1 and 2: the lines one by one, made the blob. */
    private static OrderRecord readVersion2(DataInputView in, int version) throws IOException {
        OrderRecord record = new OrderRecord();
        if (in.readBoolean()) {
            record.orderDeleted = in.readBoolean();
            record.orderPosition = OrderChangeSerializer.readPosition(in);
            record.order = OrderChangeSerializer.readOrder(in, version);
        }
        record.outcome = in.readBoolean() ? OrderOutcomeSerializer.readOutcome(in) : null;
        record.orphanDeadline = readNullableLong(in);
        record.flashSale = version >= 2 ? readString(in) : null;
        int n = readCount(in);
        List<OrderRecord.Line> lines = new ArrayList<>(n);
        OrderRecord.Line previous = new OrderRecord.Line();
        SourcePosition previousPosition = new SourcePosition();
        for (int i = 0; i < n; i++) {
            OrderRecord.Line line = new OrderRecord.Line();
            line.lineNo = previous.lineNo + readInt(in);
            line.deleted = in.readBoolean();
            if (in.readBoolean()) {
                line.position =
                        new SourcePosition(
                                previousPosition.commitMillis + readLong(in),
                                previousPosition.logPosition + readLong(in),
                                readLong(in));
                previousPosition = line.position;
            }
            line.sku = readString(in);
            line.category = readString(in);
            line.quantity = readLong(in);
            line.unitPrice = BigDecSerializer.readBigDecimal(in);
            line.amount = OrderRecord.Line.amount(line.unitPrice, line.quantity);
            line.sourceTopic = in.readBoolean() ? readString(in) : previous.sourceTopic;
            line.sourcePartition = readInt(in);
            line.sourceOffset = previous.sourceOffset + readLong(in);
            lines.add(line);
            previous = line;
        }
        record.lines = OrderLines.encode(lines, !record.hasRow());
        return record;
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends VersionedSnapshot<OrderRecord> {
        public Snapshot() {
            super(INSTANCE);
        }
    }
}
