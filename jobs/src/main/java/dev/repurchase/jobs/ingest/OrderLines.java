package dev.repurchase.jobs.ingest;

import static dev.repurchase.jobs.state.StateFormat.readCount;
import static dev.repurchase.jobs.state.StateFormat.readDecimal;
import static dev.repurchase.jobs.state.StateFormat.readInt;
import static dev.repurchase.jobs.state.StateFormat.readLong;
import static dev.repurchase.jobs.state.StateFormat.readString;
import static dev.repurchase.jobs.state.StateFormat.writeCount;
import static dev.repurchase.jobs.state.StateFormat.writeDecimal;
import static dev.repurchase.jobs.state.StateFormat.writeInt;
import static dev.repurchase.jobs.state.StateFormat.writeLong;
import static dev.repurchase.jobs.state.StateFormat.writeString;

import dev.repurchase.common.cdc.SourcePosition;
import dev.repurchase.common.metric.Dimension;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * An order's lines in the form its {@link OrderRecord} keeps them: one blob, which the record's
 * serializer copies without reading it, decoded only by an event that needs the lines. Each line:
 * its number as the difference to the previous line's (the first's to 0); flags (deleted, has a
 * source position, has its source); the commit time and log position as differences to the previous
 * line's with a position (the first's to 0) and the row index; category, quantity and amount
 * (quantity x unit price, what decides the primary category). Only lines waiting for their order
 * keep their source, which an orphan dead letter reports: sku, unit price, whether the source topic
 * differs from the previous line's and if so the topic, the partition, and the offset as the
 * difference to the previous line's. Lines of one order are mostly consecutive rows of one
 * transaction: their differences take a byte each. Decimals and numbers as in {@code
 * state.StateFormat}.
 */
public final class OrderLines {

    /** No lines. */
    public static final byte[] NONE = {};

    private static final int DELETED = 1;
    private static final int POSITIONED = 2;
    private static final int SOURCED = 4;

    private OrderLines() {}

    /** The lines, with their source if {@code withSource} (while the order has not come). */
    public static byte[] encode(List<OrderRecord.Line> lines, boolean withSource) {
        if (lines.isEmpty()) {
            return NONE;
        }
        try {
            DataOutputSerializer out = new DataOutputSerializer(16 * lines.size());
            writeCount(out, lines.size());
            OrderRecord.Line previous = new OrderRecord.Line();
            SourcePosition previousPosition = new SourcePosition();
            for (OrderRecord.Line line : lines) {
                writeInt(out, line.lineNo - previous.lineNo);
                out.writeByte(
                        (line.deleted ? DELETED : 0)
                                | (line.position != null ? POSITIONED : 0)
                                | (withSource ? SOURCED : 0));
                if (line.position != null) {
                    writeLong(out, line.position.commitMillis - previousPosition.commitMillis);
                    writeLong(out, line.position.logPosition - previousPosition.logPosition);
                    writeLong(out, line.position.rowIndex);
                    previousPosition = line.position;
                }
                writeString(out, line.category);
                writeLong(out, line.quantity);
                writeDecimal(out, line.amount);
                if (withSource) {
                    writeString(out, line.sku);
                    writeDecimal(out, line.unitPrice);
                    boolean newTopic = !Objects.equals(line.sourceTopic, previous.sourceTopic);
                    out.writeBoolean(newTopic);
                    if (newTopic) {
                        writeString(out, line.sourceTopic);
                    }
                    writeInt(out, line.sourcePartition);
                    writeLong(out, line.sourceOffset - previous.sourceOffset);
                }
                previous = line;
            }
            return out.getCopyOfBuffer();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode order lines", e);
        }
    }

    /** The lines of a blob, by ascending line number. */
    public static List<OrderRecord.Line> decode(byte[] blob) {
        if (blob.length == 0) {
            return new ArrayList<>();
        }
        try {
            DataInputDeserializer in = new DataInputDeserializer(blob);
            int n = readCount(in);
            List<OrderRecord.Line> lines = new ArrayList<>(n + 1);
            OrderRecord.Line previous = new OrderRecord.Line();
            SourcePosition previousPosition = new SourcePosition();
            for (int i = 0; i < n; i++) {
                OrderRecord.Line line = new OrderRecord.Line();
                line.lineNo = previous.lineNo + readInt(in);
                int flags = in.readByte();
                line.deleted = (flags & DELETED) != 0;
                if ((flags & POSITIONED) != 0) {
                    line.position =
                            new SourcePosition(
                                    previousPosition.commitMillis + readLong(in),
                                    previousPosition.logPosition + readLong(in),
                                    readLong(in));
                    previousPosition = line.position;
                }
                line.category = readString(in);
                line.quantity = readLong(in);
                line.amount = readDecimal(in);
                if ((flags & SOURCED) != 0) {
                    line.sku = readString(in);
                    line.unitPrice = readDecimal(in);
                    line.sourceTopic = in.readBoolean() ? readString(in) : previous.sourceTopic;
                    line.sourcePartition = readInt(in);
                    line.sourceOffset = previous.sourceOffset + readLong(in);
                }
                lines.add(line);
                previous = line;
            }
            return lines;
        } catch (IOException e) {
            throw new IllegalStateException("cannot decode order lines", e);
        }
    }

    /**
     * What an order's outcome needs of its lines (the lines not deleted): their total quantity, the
     * distinct categories they count in, sorted, and the primary category, the one of the largest
     * amount (ties: the smallest name; null without lines). A settled order keeps only this: its
     * lines can no longer change, so neither can it.
     */
    public record Summary(long quantity, String[] categories, String primaryCategory) {

        static Summary of(List<OrderRecord.Line> lines) {
            long quantity = 0;
            TreeMap<String, BigDecimal> amountByCategory = new TreeMap<>();
            for (OrderRecord.Line line : lines) {
                if (!line.deleted) {
                    quantity += line.quantity;
                    amountByCategory.merge(category(line), line.amount, BigDecimal::add);
                }
            }
            String primary = null;
            BigDecimal largest = null;
            for (Map.Entry<String, BigDecimal> e : amountByCategory.entrySet()) {
                if (largest == null || e.getValue().compareTo(largest) > 0) {
                    largest = e.getValue();
                    primary = e.getKey();
                }
            }
            return new Summary(quantity, amountByCategory.keySet().toArray(new String[0]), primary);
        }
    }

    /** The category a line counts in: {@link Dimension#UNKNOWN} if it has none. */
    static String category(OrderRecord.Line line) {
        return line.category == null || line.category.isEmpty() ? Dimension.UNKNOWN : line.category;
    }
}
