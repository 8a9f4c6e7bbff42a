package dev.repurchase.common.cdc;

import static java.time.ZoneOffset.UTC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnValuesTest {

    private static final String COLUMN = "created_at";
    private static final Instant T = Instant.parse("2024-03-01T02:15:30.123Z");
    private static final long T_MILLIS = T.toEpochMilli();

    @Test
    void epochNumbersBelowTheMicrosThresholdAreMillis() throws Exception {
        long largestMillis = ColumnValues.MIN_EPOCH_MICROS - 1;

        assertThat(ColumnValues.epochMillis(COLUMN, largestMillis, UTC)).isEqualTo(largestMillis);
    }

    @Test
    void epochNumbersFromTheMicrosThresholdAreMicros() throws Exception {
        assertThat(ColumnValues.epochMillis(COLUMN, ColumnValues.MIN_EPOCH_MICROS, UTC))
                .isEqualTo(ColumnValues.MIN_EPOCH_MICROS / 1_000);
    }

    @Test
    void epochNumbersFromTheNanosThresholdAreNanos() throws Exception {
        assertThat(ColumnValues.epochMillis(COLUMN, ColumnValues.MIN_EPOCH_NANOS, UTC))
                .isEqualTo(ColumnValues.MIN_EPOCH_NANOS / 1_000_000);
    }

    @Test
    void thresholdsReadTodayRightInEveryUnit() throws Exception {
        assertThat(ColumnValues.epochMillis(COLUMN, T_MILLIS, UTC)).isEqualTo(T_MILLIS);
        assertThat(ColumnValues.epochMillis(COLUMN, T_MILLIS * 1_000, UTC)).isEqualTo(T_MILLIS);
        assertThat(ColumnValues.epochMillis(COLUMN, T_MILLIS * 1_000_000, UTC)).isEqualTo(T_MILLIS);
    }

    @Test
    void timesBeforeTheEpochRoundDownToTheMillisecond() throws Exception {
        long microsJustBefore1970 = -ColumnValues.MIN_EPOCH_MICROS - 1;

        assertThat(ColumnValues.epochMillis(COLUMN, microsJustBefore1970, UTC))
                .isEqualTo(-ColumnValues.MIN_EPOCH_MICROS / 1_000 - 1);
    }

    @Test
    void epochNumbersInTextReadAsTheNumbers() throws Exception {
        assertThat(ColumnValues.epochMillis(COLUMN, String.valueOf(T_MILLIS), UTC))
                .isEqualTo(T_MILLIS);
        assertThat(ColumnValues.epochMillis(COLUMN, " +" + T_MILLIS * 1_000 + " ", UTC))
                .isEqualTo(T_MILLIS);
        assertThat(ColumnValues.epochMillis(COLUMN, String.valueOf(T_MILLIS * 1_000_000), UTC))
                .isEqualTo(T_MILLIS);
        assertThat(ColumnValues.epochMillis(COLUMN, T_MILLIS + ".9", UTC)).isEqualTo(T_MILLIS);
    }

    @Test
    void isoDateTimesReadInEveryLayout() throws Exception {
        for (String text :
                new String[] {
                    "2024-03-01T02:15:30.123Z",
                    "2024-03-01T02:15:30.123456789Z",
                    "2024-03-01 02:15:30.123",
                    "2024-03-01T10:15:30.123+08:00",
                    "2024-02-29T21:15:30.123-05:00",
                    "2024-03-01T02:15:30.123Z[UTC]",
                    "2024-03-01T03:15:30.123+01:00[Europe/Paris]",
                    "2024-03-01t02:15:30.123z",
                }) {
            assertThat(ColumnValues.epochMillis(COLUMN, text, UTC)).as(text).isEqualTo(T_MILLIS);
        }
    }

    @Test
    void impossibleDateIsNotATimestamp() {
        assertThatThrownBy(() -> ColumnValues.epochMillis(COLUMN, "2024-02-30T10:00:00Z", UTC))
                .isInstanceOf(MalformedChangeException.class)
                .hasMessage("column created_at: not a timestamp: '2024-02-30T10:00:00Z'");
    }

    @Test
    void mysqlZeroDateReadsAsAbsent() throws Exception {
        assertThat(ColumnValues.epochMillis(COLUMN, "0000-00-00 00:00:00", UTC)).isNull();
    }

    @Test
    void booleanIsNotATimestamp() {
        assertThatThrownBy(() -> ColumnValues.epochMillis(COLUMN, Boolean.TRUE, UTC))
                .isInstanceOf(MalformedChangeException.class)
                .hasMessage("column created_at: not a timestamp: a Boolean");
    }

    @Test
    void integerRejectsAFraction() {
        assertThatThrownBy(() -> ColumnValues.integer("quantity", "2.5"))
                .isInstanceOf(MalformedChangeException.class)
                .hasMessage("column quantity: not a whole number: '2.5'");
    }

    @Test
    void textOfADecimalIsPlainNotation() {
        assertThat(ColumnValues.text(new BigDecimal("1E+3"))).isEqualTo("1000");
    }

    @Test
    void zoneLessDateTimesAreInTheSourceZone() throws Exception {
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        long eightHoursEarlier = Instant.parse("2024-03-05T02:30:00Z").toEpochMilli();

        for (String text :
                List.of(
                        "2024-03-05 10:30:00",
                        "2024-03-05T10:30:00",
                        "2024-03-05T10:30:00.000",
                        "2024-03-05T10:30")) {
            assertThat(ColumnValues.epochMillis(COLUMN, text, shanghai))
                    .as(text)
                    .isEqualTo(eightHoursEarlier);
        }
        assertThat(
                        ColumnValues.epochMillis(
                                COLUMN, LocalDateTime.parse("2024-03-05T10:30:00"), shanghai))
                .isEqualTo(eightHoursEarlier);
    }

    @Test
    void dateTimesWithAnOffsetIgnoreTheSourceZone() throws Exception {
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        long t = Instant.parse("2024-03-05T10:30:00Z").toEpochMilli();

        assertThat(ColumnValues.epochMillis(COLUMN, "2024-03-05T10:30:00Z", shanghai)).isEqualTo(t);
        assertThat(ColumnValues.epochMillis(COLUMN, "2024-03-05 18:30:00+08:00", shanghai))
                .isEqualTo(t);
        assertThat(ColumnValues.epochMillis(COLUMN, Instant.ofEpochMilli(t), shanghai))
                .isEqualTo(t);
        assertThat(ColumnValues.epochMillis(COLUMN, t, shanghai)).isEqualTo(t);
    }

    @Test
    void aLocalTimeInADaylightSavingGapTakesTheOffsetBeforeIt() throws Exception {
        // 2024-03-31 02:30 does not exist in Berlin (clocks go from 02:00 CET to 03:00 CEST).
        ZoneId berlin = ZoneId.of("Europe/Berlin");

        assertThat(ColumnValues.epochMillis(COLUMN, "2024-03-31 02:30:00", berlin))
                .isEqualTo(Instant.parse("2024-03-31T01:30:00Z").toEpochMilli());
    }
}
