package dev.repurchase.common.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast path against the JDK's ISO formatter, the reference: on every text it accepts it must
 * give the formatter's instant, and it must accept the layouts CDC sources write.
 */
class IsoDateTimesTest {

    private static final String[] OFFSETS = {
        "", "Z", "+00:00", "-00:00", "+08:00", "-05:30", "+05:45", "-12:00", "+14:00", "+17:59"
    };

    /** What ColumnValues accepted before the fast path: ISO with offset or zone, or UTC. */
    private static Instant formatterDateTime(String text) {
        return formatterDateTime(text, ZoneOffset.UTC);
    }

    private static Instant formatterDateTime(String text, ZoneId zoneless) {
        String iso =
                text.length() > 10 && text.charAt(10) == ' '
                        ? text.substring(0, 10) + 'T' + text.substring(11)
                        : text;
        try {
            TemporalAccessor parsed =
                    DateTimeFormatter.ISO_DATE_TIME.parseBest(
                            iso, ZonedDateTime::from, LocalDateTime::from);
            return parsed instanceof ZonedDateTime
                    ? ((ZonedDateTime) parsed).toInstant()
                    : ((LocalDateTime) parsed).atZone(zoneless).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** What Debezium's ZonedTimestamp decoding accepted before the fast path. */
    private static Instant formatterOffsetDateTime(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static List<String> randomDateTimes(Random random, int count) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            LocalDateTime t =
                    LocalDateTime.ofEpochSecond(
                            random.nextLong(-2_000_000_000L, 4_200_000_000L),
                            random.nextInt(1_000_000_000),
                            ZoneOffset.UTC);
            int fractionDigits = random.nextInt(10);
            String fraction =
                    fractionDigits == 0
                            ? ""
                            : "." + String.format("%09d", t.getNano()).substring(0, fractionDigits);
            String text =
                    String.format(
                            "%04d-%02d-%02d%c%02d:%02d:%02d%s%s",
                            t.getYear(),
                            t.getMonthValue(),
                            t.getDayOfMonth(),
                            random.nextBoolean() ? 'T' : ' ',
                            t.getHour(),
                            t.getMinute(),
                            t.getSecond(),
                            fraction,
                            OFFSETS[random.nextInt(OFFSETS.length)]);
            texts.add(text);
        }
        return texts;
    }

    @Test
    void readsZoneLessDateTimesInTheSourceZoneAsTheFormatterDoes() {
        for (ZoneId zone :
                List.of(ZoneId.of("Asia/Shanghai"), ZoneId.of("Europe/Berlin"), ZoneOffset.UTC)) {
            for (String text : randomDateTimes(new Random(11), 5_000)) {
                assertThat(IsoDateTimes.dateTime(text, zone))
                        .as("%s in %s", text, zone)
                        .isEqualTo(formatterDateTime(text, zone));
            }
        }
    }

    @Test
    void readsEveryFixedLayoutDateTimeAsTheFormatterDoes() {
        for (String text : randomDateTimes(new Random(7), 20_000)) {
            Instant expected = formatterDateTime(text);

            assertThat(expected).as(text).isNotNull();
            assertThat(IsoDateTimes.dateTime(text, ZoneOffset.UTC)).as(text).isEqualTo(expected);
        }
    }

    @Test
    void readsEveryDebeziumZonedTimestampAsTheFormatterDoes() {
        for (String text : randomDateTimes(new Random(11), 20_000)) {
            String zoned = text.replace(' ', 'T');
            Instant expected = formatterOffsetDateTime(zoned);

            assertThat(IsoDateTimes.offsetDateTime(zoned)).as(zoned).isEqualTo(expected);
        }
    }

    @Test
    void leavesEverythingElseToTheFormatter() {
        String[] others = {
            "2024-02-30T10:00:00Z", // no such day
            "2023-02-29T10:00:00",
            "2024-13-01T10:00:00",
            "2024-00-10T10:00:00",
            "2024-03-01T24:00:00",
            "2024-03-01T23:60:00",
            "2024-03-01T23:59:60Z", // leap second
            "2024-03-01T10:00",
            "2024-03-01T10:00Z",
            "2024-03-01t10:00:00z",
            "2024-03-01T10:00:00.Z",
            "2024-03-01T10:00:00.1234567890Z",
            "2024-03-01T10:00:00+18:00",
            "2024-03-01T10:00:00-18:00",
            "2024-03-01T10:00:00+0800",
            "2024-03-01T10:00:00+08",
            "2024-03-01T10:00:00+08:00:30",
            "2024-03-01T10:00:00+08:00[Asia/Shanghai]",
            "2024-03-01T10:00:00Z[UTC]",
            "+2024-03-01T10:00:00Z",
            "12024-03-01T10:00:00Z",
            "2024-3-01T10:00:00Z",
            "2024-03-01_10:00:00Z",
            "2024-03-01T1a:00:00Z",
            "2024-03-01T10:00:00 Z",
            "2024-03-01",
            "1709258130123",
            "",
        };
        for (String text : others) {
            Instant fast = IsoDateTimes.dateTime(text, ZoneOffset.UTC);
            if (fast != null) {
                assertThat(fast).as(text).isEqualTo(formatterDateTime(text));
            }
            Instant fastOffset = IsoDateTimes.offsetDateTime(text);
            if (fastOffset != null) {
                assertThat(fastOffset).as(text).isEqualTo(formatterOffsetDateTime(text));
            }
        }
    }

    @Test
    void requiresTheTAndAnOffsetWhereTheFormatterDoes() {
        assertThat(IsoDateTimes.offsetDateTime("2024-03-01 10:00:00Z")).isNull();
        assertThat(IsoDateTimes.offsetDateTime("2024-03-01T10:00:00")).isNull();
        assertThat(IsoDateTimes.dateTime("2024-03-01 10:00:00", ZoneOffset.UTC))
                .isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
    }
}
