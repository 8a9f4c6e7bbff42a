package dev.repurchase.common.cdc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.regex.Pattern;

/**
 * Reads the column values of a {@link RowChange} as typed values, whatever encoding the source
 * used: already normalised ({@link BigDecimal}, {@link Instant}), JSON numbers, or the strings
 * Canal sends for everything. Null and empty strings read as null; a value of the wrong kind is a
 * {@link MalformedChangeException} naming the column.
 */
public final class ColumnValues {

    /**
     * Epoch numbers with at least this magnitude are microseconds: 1e14 ms is the year 5138, 1e14
     * µs is 1973-03-03, so every time from 1973 to 5138 reads right in either unit.
     */
    public static final long MIN_EPOCH_MICROS = 100_000_000_000_000L;

    /** Epoch numbers with at least this magnitude (1e17, again 1973 vs 5138) are nanoseconds. */
    public static final long MIN_EPOCH_NANOS = 100_000_000_000_000_000L;

    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d*)?");

    /** MySQL's zero date, which legacy schemas use for "not yet". */
    private static final String MYSQL_ZERO_DATE = "0000-00-00";

    private ColumnValues() {}

    /** The value as text: numbers in plain decimal notation (never exponent form). */
    public static String text(Object value) {
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).toPlainString();
        }
        return value == null ? null : value.toString();
    }

    /** A decimal from a BigDecimal, any number, or a numeric string; null if absent. */
    public static BigDecimal decimal(String column, Object value) throws MalformedChangeException {
        if (value == null || value instanceof BigDecimal) {
            return (BigDecimal) value;
        }
        if (value instanceof String) {
            return parseDecimal(column, ((String) value).trim());
        }
        if (value instanceof BigInteger) {
            return new BigDecimal((BigInteger) value);
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isFinite(number)) {
                return BigDecimal.valueOf(number);
            }
        } else if (value instanceof Number) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        throw wrongKind(column, "a decimal", value);
    }

    private static BigDecimal parseDecimal(String column, String text)
            throws MalformedChangeException {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw wrongKind(column, "a decimal", text);
        }
    }

    /** A whole number from any number or numeric string without a fraction; null if absent. */
    public static Long integer(String column, Object value) throws MalformedChangeException {
        if (value instanceof Long) {
            return (Long) value;
        }
        BigDecimal number = decimal(column, value);
        if (number == null) {
            return null;
        }
        try {
            return number.longValueExact();
        } catch (ArithmeticException e) {
            throw wrongKind(column, "a whole number", value);
        }
    }

    /**
     * Epoch milliseconds from an {@link Instant}; a {@link LocalDateTime} (a zone-less source type,
     * such as Debezium's {@code io.debezium.time.Timestamp}) in {@code sourceZone}; an ISO-8601
     * date-time with offset or zone, or without (in {@code sourceZone}), also with a space instead
     * of the {@code T}; or an epoch number whose unit follows from its magnitude: nanoseconds from
     * {@link #MIN_EPOCH_NANOS}, microseconds from {@link #MIN_EPOCH_MICROS}, milliseconds below.
     * Null if absent or MySQL's zero date.
     *
     * @param sourceZone the zone of the source's date-times without an offset (MySQL {@code
     *     DATETIME}, PostgreSQL {@code timestamp without time zone})
     */
    public static Long epochMillis(String column, Object value, ZoneId sourceZone)
            throws MalformedChangeException {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant) {
            return ((Instant) value).toEpochMilli();
        }
        if (value instanceof LocalDateTime) {
            return ((LocalDateTime) value).atZone(sourceZone).toInstant().toEpochMilli();
        }
        if (value instanceof Long) {
            return millisOfEpochNumber((Long) value);
        }
        if (value instanceof String) {
            String text = ((String) value).trim();
            if (text.isEmpty() || text.startsWith(MYSQL_ZERO_DATE)) {
                return null;
            }
            Instant fixedLayout = IsoDateTimes.dateTime(text, sourceZone);
            if (fixedLayout != null) {
                return fixedLayout.toEpochMilli();
            }
            if (isShortInteger(text)) {
                return millisOfEpochNumber(Long.parseLong(text));
            }
            if (!NUMBER.matcher(text).matches()) {
                return parseDateTime(column, text, sourceZone);
            }
        } else if (!(value instanceof Number)) {
            throw wrongKind(column, "a timestamp", value);
        }
        BigDecimal number = decimal(column, value);
        try {
            return millisOfEpochNumber(number.toBigInteger().longValueExact());
        } catch (ArithmeticException e) {
            throw wrongKind(column, "a timestamp", value);
        }
    }

    /** An optionally signed whole number of at most 18 digits, which always fits a long. */
    private static boolean isShortInteger(String text) {
        int start = text.charAt(0) == '+' || text.charAt(0) == '-' ? 1 : 0;
        int digits = text.length() - start;
        if (digits == 0 || digits > 18) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static long millisOfEpochNumber(long epoch) {
        long magnitude = Math.abs(epoch);
        if (magnitude >= MIN_EPOCH_NANOS) {
            return Math.floorDiv(epoch, 1_000_000L);
        }
        if (magnitude >= MIN_EPOCH_MICROS) {
            return Math.floorDiv(epoch, 1_000L);
        }
        return epoch;
    }

    private static long parseDateTime(String column, String text, ZoneId sourceZone)
            throws MalformedChangeException {
        String iso = text.length() > 10 && text.charAt(10) == ' ' ? isoSeparator(text) : text;
        try {
            TemporalAccessor parsed =
                    DateTimeFormatter.ISO_DATE_TIME.parseBest(
                            iso, ZonedDateTime::from, LocalDateTime::from);
            if (parsed instanceof ZonedDateTime) {
                return ((ZonedDateTime) parsed).toInstant().toEpochMilli();
            }
            return ((LocalDateTime) parsed).atZone(sourceZone).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw wrongKind(column, "a timestamp", text);
        }
    }

    private static String isoSeparator(String text) {
        return text.substring(0, 10) + 'T' + text.substring(11);
    }

    private static MalformedChangeException wrongKind(String column, String kind, Object value) {
        String shown =
                value instanceof String
                        ? "'" + value + "'"
                        : "a " + value.getClass().getSimpleName();
        return new MalformedChangeException("column " + column + ": not " + kind + ": " + shown);
    }
}
