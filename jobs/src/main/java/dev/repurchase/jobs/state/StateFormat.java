package dev.repurchase.jobs.state;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * The compact binary encodings the state serializers share: variable-length integers (small
 * numbers, deltas and counts take one or two bytes), nullable strings (Flink's {@link StringValue}
 * encoding), nullable longs and nullable arrays (their length plus one, 0 for null). No class
 * names, no field names: what a field is follows from its place in a serializer's format.
 */
public final class StateFormat {

    private StateFormat() {}

    /** A non-negative number in 7-bit groups, least significant first. */
    public static void writeCount(DataOutputView out, long value) throws IOException {
        if (value < 0) {
            throw new IllegalArgumentException("negative count: " + value);
        }
        writeUnsigned(out, value);
    }

    public static int readCount(DataInputView in) throws IOException {
        return Math.toIntExact(readUnsigned(in));
    }

    /** Any long, zigzag-encoded so that small negative numbers stay short too. */
    public static void writeLong(DataOutputView out, long value) throws IOException {
        writeUnsigned(out, (value << 1) ^ (value >> 63));
    }

    public static long readLong(DataInputView in) throws IOException {
        long zigzag = readUnsigned(in);
        return (zigzag >>> 1) ^ -(zigzag & 1);
    }

    public static void writeInt(DataOutputView out, int value) throws IOException {
        writeLong(out, value);
    }

    public static int readInt(DataInputView in) throws IOException {
        return Math.toIntExact(readLong(in));
    }

    public static void writeNullableLong(DataOutputView out, Long value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            writeLong(out, value);
        }
    }

    public static Long readNullableLong(DataInputView in) throws IOException {
        return in.readBoolean() ? readLong(in) : null;
    }

    /**
     * A time or null, as its difference to {@code origin}, a related time: a byte or a few where
     * the time itself takes six.
     */
    public static void writeNullableTime(DataOutputView out, long origin, Long time)
            throws IOException {
        writeNullableLong(out, time == null ? null : time - origin);
    }

    public static Long readNullableTime(DataInputView in, long origin) throws IOException {
        Long difference = readNullableLong(in);
        return difference == null ? null : origin + difference;
    }

    public static void writeNullableInt(DataOutputView out, Integer value) throws IOException {
        writeNullableLong(out, value == null ? null : value.longValue());
    }

    public static Integer readNullableInt(DataInputView in) throws IOException {
        Long value = readNullableLong(in);
        return value == null ? null : Math.toIntExact(value);
    }

    public static void writeNullableDouble(DataOutputView out, Double value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeDouble(value);
        }
    }

    public static Double readNullableDouble(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }

    /**
     * A decimal or null: 0 for null, else 1 and the scale and unscaled value if the unscaled value
     * fits a long (a price takes three or four bytes), else 2, the scale and the unscaled value's
     * two's-complement bytes.
     */
    public static void writeDecimal(DataOutputView out, BigDecimal value) throws IOException {
        if (value == null) {
            writeCount(out, 0);
            return;
        }
        BigInteger unscaled = value.unscaledValue();
        boolean small = unscaled.bitLength() < 64;
        writeCount(out, small ? 1 : 2);
        writeInt(out, value.scale());
        if (small) {
            writeLong(out, unscaled.longValue());
        } else {
            byte[] bytes = unscaled.toByteArray();
            writeCount(out, bytes.length);
            out.write(bytes);
        }
    }

    public static BigDecimal readDecimal(DataInputView in) throws IOException {
        int kind = readCount(in);
        if (kind == 0) {
            return null;
        }
        int scale = readInt(in);
        if (kind == 1) {
            return BigDecimal.valueOf(readLong(in), scale);
        }
        byte[] bytes = new byte[readCount(in)];
        in.readFully(bytes);
        return new BigDecimal(new BigInteger(bytes), scale);
    }

    /** A string or null. */
    public static void writeString(DataOutputView out, String value) throws IOException {
        StringValue.writeString(value, out);
    }

    public static String readString(DataInputView in) throws IOException {
        return StringValue.readString(in);
    }

    /** An array of strings or nulls. */
    public static void writeStrings(DataOutputView out, String[] values) throws IOException {
        if (values == null) {
            writeCount(out, 0);
            return;
        }
        int n = values.length;
        writeCount(out, n + 1);
        for (int i = 0; i < n; i++) {
            writeString(out, values[i]);
        }
    }

    public static String[] readStrings(DataInputView in) throws IOException {
        int n = readCount(in) - 1;
        if (n < 0) {
            return null;
        }
        String[] values = new String[n];
        for (int i = 0; i < values.length; i++) {
            values[i] = readString(in);
        }
        return values;
    }

    /**
     * An array of longs, each as the difference to the one before: ascending times and similar
     * values take a byte or two each.
     */
    public static void writeLongs(DataOutputView out, long[] values) throws IOException {
        if (values == null) {
            writeCount(out, 0);
            return;
        }
        int n = values.length;
        writeCount(out, n + 1);
        long previous = 0;
        for (int i = 0; i < n; i++) {
            writeLong(out, values[i] - previous);
            previous = values[i];
        }
    }

    public static long[] readLongs(DataInputView in) throws IOException {
        int n = readCount(in) - 1;
        if (n < 0) {
            return null;
        }
        long[] values = new long[n];
        long previous = 0;
        for (int i = 0; i < values.length; i++) {
            values[i] = previous + readLong(in);
            previous = values[i];
        }
        return values;
    }

    /** An array of ints. */
    public static void writeInts(DataOutputView out, int[] values) throws IOException {
        if (values == null) {
            writeCount(out, 0);
            return;
        }
        int n = values.length;
        writeCount(out, n + 1);
        for (int i = 0; i < n; i++) {
            writeInt(out, values[i]);
        }
    }

    public static int[] readInts(DataInputView in) throws IOException {
        int n = readCount(in) - 1;
        if (n < 0) {
            return null;
        }
        int[] values = new int[n];
        for (int i = 0; i < values.length; i++) {
            values[i] = readInt(in);
        }
        return values;
    }

    /**
     * An enum constant or null, by its place in {@code codes}: the format's fixed list of the
     * constants, so that reordering the enum does not change what stored codes mean. A new constant
     * goes at the end of the list.
     */
    public static <E extends Enum<E>> void writeCode(DataOutputView out, E value, E[] codes)
            throws IOException {
        if (value == null) {
            writeCount(out, 0);
            return;
        }
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] == value) {
                writeCount(out, i + 1);
                return;
            }
        }
        throw new IllegalArgumentException(value + " has no code in the state format");
    }

    public static <E extends Enum<E>> E readCode(DataInputView in, E[] codes) throws IOException {
        int code = readCount(in);
        if (code > codes.length) {
            throw new IOException("unknown code " + code + " of " + codes.getClass());
        }
        return code == 0 ? null : codes[code - 1];
    }

    private static void writeUnsigned(DataOutputView out, long value) throws IOException {
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    private static long readUnsigned(DataInputView in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("malformed variable-length number");
    }
}
