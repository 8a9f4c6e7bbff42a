package dev.repurchase.common.cdc;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Reads the fixed layout in which CDC sources write ISO-8601 date-times, {@code
 * yyyy-MM-ddTHH:mm:ss[.f{1,9}][Z|±hh:mm]}, with digit arithmetic: the general {@link
 * java.time.format.DateTimeFormatter} costs several times more and is the largest part of decoding.
 * Anything else (other layouts, out-of-range fields, zone ids) reads as null, and the caller falls
 * back to the formatter, which has the last word: this class only ever accepts what the formatter
 * accepts, with the same result.
 */
final class IsoDateTimes {

    private static final int SECONDS_PER_DAY = 86_400;

    /** No offset: the date is invalid (the caller's formatter then reports it). */
    private static final int INVALID_LOCAL_TIME = Integer.MIN_VALUE;

    private IsoDateTimes() {}

    /**
     * What {@code OffsetDateTime.parse(text).toInstant()} returns, or null if the text is not in
     * the fixed layout with {@code T} and an offset.
     */
    static Instant offsetDateTime(String text) {
        return parse(text, null);
    }

    /**
     * The instant of a date-time with an offset, or without one (in {@code zone}), with {@code T}
     * or a space between date and time; null if the text is not in the fixed layout.
     */
    static Instant dateTime(String text, ZoneId zone) {
        return parse(text, zone);
    }

    /**
     * @param zoneless the zone of a date-time without offset; null if one must have an offset
     */
    private static Instant parse(String text, ZoneId zoneless) {
        boolean lenient = zoneless != null;
        int length = text.length();
        if (length < 19
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        char separator = text.charAt(10);
        if (separator != 'T' && !(lenient && separator == ' ')) {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0
                || hour > 23
                || minute > 59
                || second > 59) {
            return null;
        }
        int at = 19;
        int nanos = 0;
        if (at < length && text.charAt(at) == '.') {
            int start = ++at;
            while (at < length && at - start < 9 && isDigit(text.charAt(at))) {
                nanos = nanos * 10 + (text.charAt(at) - '0');
                at++;
            }
            int fractionDigits = at - start;
            if (fractionDigits == 0) {
                return null;
            }
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (at == length) {
            if (!lenient) {
                return null;
            }
            offsetSeconds = zonelessOffset(zoneless, year, month, day, hour, minute, second);
            if (offsetSeconds == INVALID_LOCAL_TIME) {
                return null;
            }
        } else if (at + 1 == length && text.charAt(at) == 'Z') {
            offsetSeconds = 0;
        } else if (at + 6 == length
                && (text.charAt(at) == '+' || text.charAt(at) == '-')
                && text.charAt(at + 3) == ':') {
            int offsetHours = digits(text, at + 1, 2);
            int offsetMinutes = digits(text, at + 4, 2);
            if ((offsetHours | offsetMinutes) < 0 || offsetHours > 17 || offsetMinutes > 59) {
                return null;
            }
            offsetSeconds = offsetHours * 3600 + offsetMinutes * 60;
            if (text.charAt(at) == '-') {
                offsetSeconds = -offsetSeconds;
            }
        } else {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        long epochSecond =
                epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /** The offset of a local date-time in {@code zone}: the rules' choice in a gap or overlap. */
    private static int zonelessOffset(
            ZoneId zone, int year, int month, int day, int hour, int minute, int second) {
        if (zone == ZoneOffset.UTC) {
            return 0;
        }
        try {
            return zone.getRules()
                    .getOffset(LocalDateTime.of(year, month, day, hour, minute, second))
                    .getTotalSeconds();
        } catch (DateTimeException e) {
            return INVALID_LOCAL_TIME;
        }
    }

    /**
     * The value of {@code count} decimal digits from {@code start}, or -1 if one is not a digit.
     */
    private static int digits(String text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
