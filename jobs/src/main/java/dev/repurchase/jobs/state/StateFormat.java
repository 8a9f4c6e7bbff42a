package dev.repurchase.jobs.state;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
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

    /** The codes of {@link #writeTime}: unbounded, the time itself, or a difference. */
    private static final long TIME_MAX = 0;

    private static final long TIME_MIN = 1;
    private static final long TIME_ABSOLUTE = 2;
    private static final long TIME_DIFFERENCE = 3;

    private static final String MAX_LONG_DIGITS = Long.toString(Long.MAX_VALUE);

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

    /** A non-negative number that may exceed an int (bits, say). */
    public static long readUnsignedLong(DataInputView in) throws IOException {
        return readUnsigned(in);
    }

    /** Any long, zigzag-encoded so that small negative numbers stay short too. */
    public static void writeLong(DataOutputView out, long value) throws IOException {
        writeUnsigned(out, zigzag(value));
    }

    public static long readLong(DataInputView in) throws IOException {
        return unzigzag(readUnsigned(in));
    }

    private static long zigzag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static long unzigzag(long zigzag) {
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

    /**
     * A time as its difference to {@code origin}, a related time, in whole seconds when it is one
     * (most stamps are): a difference of a day takes three bytes, of a day and a millisecond five.
     * The unbounded times Long.MIN_VALUE and Long.MAX_VALUE take one byte; a difference too large,
     * the time itself.
     */
    public static void writeTime(DataOutputView out, long origin, long time) throws IOException {
        if (time == Long.MAX_VALUE) {
            writeUnsigned(out, TIME_MAX);
            return;
        }
        if (time == Long.MIN_VALUE) {
            writeUnsigned(out, TIME_MIN);
            return;
        }
        long difference = time - origin;
        boolean overflows = ((time ^ origin) & (time ^ difference)) < 0;
        if (overflows || difference >= 1L << 60 || difference <= -(1L << 60)) {
            writeUnsigned(out, TIME_ABSOLUTE);
            writeLong(out, time);
        } else if (difference % 1000 == 0) {
            writeUnsigned(out, TIME_DIFFERENCE + 2 * zigzag(difference / 1000));
        } else {
            writeUnsigned(out, TIME_DIFFERENCE + 2 * zigzag(difference) + 1);
        }
    }

    public static long readTime(DataInputView in, long origin) throws IOException {
        long code = readUnsigned(in);
        if (code == TIME_MAX) {
            return Long.MAX_VALUE;
        }
        if (code == TIME_MIN) {
            return Long.MIN_VALUE;
        }
        if (code == TIME_ABSOLUTE) {
            return readLong(in);
        }
        long difference = code - TIME_DIFFERENCE;
        long value = unzigzag(difference >>> 1);
        return origin + ((difference & 1) == 0 ? value * 1000 : value);
    }

    /**
     * An identifier or null, as order systems make them: a decimal number without leading zeros
     * (order numbers mostly are) takes its variable-length number, 9 bytes for 19 digits; any other
     * its UTF-8 bytes.
     */
    public static void writeId(DataOutputView out, String id) throws IOException {
        if (id == null) {
            writeUnsigned(out, 0);
        } else if (isNumber(id)) {
            writeUnsigned(out, 1);
            writeUnsigned(out, Long.parseLong(id));
        } else {
            byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
            writeUnsigned(out, 2 + utf8.length);
            out.write(utf8);
        }
    }

    public static String readId(DataInputView in) throws IOException {
        int code = readCount(in);
        if (code == 0) {
            return null;
        }
        if (code == 1) {
            return Long.toString(readUnsigned(in));
        }
        byte[] utf8 = new byte[code - 2];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** True for the decimal digits of a long without a leading zero ("0" itself too). */
    private static boolean isNumber(String id) {
        int n = id.length();
        if (n == 0 || n > MAX_LONG_DIGITS.length() || (n > 1 && id.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return n < MAX_LONG_DIGITS.length() || id.compareTo(MAX_LONG_DIGITS) <= 0;
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

    /**
     * Reads what {@link StringValue#writeString} wrote (the length plus one, then each char, both
     * in 7-bit groups), without its thread-local buffer, whose lookup stood out in the order
     * versions' profile. Nearly every string here is ASCII, a byte a char: those become a string
     * directly.
     */
    public static String readString(DataInputView in) throws IOException {
        int length = readCount(in) - 1;
        if (length < 0) {
            return null;
        }
        byte[] ascii = new byte[length];
        for (int i = 0; i < length; i++) {
            int b = in.readUnsignedByte();
            if (b >= 0x80) {
                return readWideString(in, ascii, i, b);
            }
            ascii[i] = (byte) b;
        }
        return new String(ascii, StandardCharsets.ISO_8859_1);
    }

    /** The rest of a string from its first char of more than one byte, {@code first} its byte. */
    private static String readWideString(DataInputView in, byte[] ascii, int from, int first)
            throws IOException {
        char[] chars = new char[ascii.length];
        for (int i = 0; i < from; i++) {
            chars[i] = (char) ascii[i];
        }
        chars[from] = (char) readCharFrom(in, first);
        for (int i = from + 1; i < chars.length; i++) {
            chars[i] = (char) readCharFrom(in, in.readUnsignedByte());
        }
        return new String(chars);
    }

    private static int readCharFrom(DataInputView in, int first) throws IOException {
        int c = first & 0x7F;
        int shift = 7;
        int b = first;
        while (b >= 0x80) {
            b = in.readUnsignedByte();
            c |= (b & 0x7F) << shift;
            shift += 7;
        }
        return c;
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
