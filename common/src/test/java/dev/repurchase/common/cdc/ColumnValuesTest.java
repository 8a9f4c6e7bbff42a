package dev.repurchase.common.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ColumnValuesTest {

    private static final String COLUMN = "created_at";
    private static final Instant T = Instant.parse("2024-03-01T02:15:30.123Z");
    private static final long T_MILLIS = T.toEpochMilli();

    @Test
    void epochNumbersBelowTheMicrosThresholdAreMillis() throws Exception {
        long largestMillis = ColumnValues.MIN_EPOCH_MICROS - 1;

        assertThat(ColumnValues.epochMillis(COLUMN, largestMillis)).isEqualTo(largestMillis);
    }

    @Test
    void epochNumbersFromTheMicrosThresholdAreMicros() throws Exception {
        assertThat(ColumnValues.epochMillis(COLUMN, ColumnValues.MIN_EPOCH_MICROS))
                .isEqualTo(ColumnValues.MIN_EPOCH_MICROS / 1_000);
    }

    @Test
    void epochNumbersFromTheNanosThresholdAreNanos() throws Exception {
        assertThat(ColumnValues.epochMillis(COLUMN, ColumnValues.MIN_EPOCH_NANOS))
                .isEqualTo(ColumnValues.MIN_EPOCH_NANOS / 1_000_000);
    }

    @Test
    void thresholdsReadTodayRightInEveryUnit() throws Exception {
        assertThat(ColumnValues.epochMillis(COLUMN, T_MILLIS)).isEqualTo(T_MILLIS);
        assertThat(ColumnValues.epochMillis(COLUMN, T_MILLIS * 1_000)).isEqualTo(T_MILLIS);
        assertThat(ColumnValues.epochMillis(COLUMN, T_MILLIS * 1_000_000)).isEqualTo(T_MILLIS);
    }

    @Test
    void timesBeforeTheEpochRoundDownToTheMillisecond() throws Exception {
        long microsJustBefore1970 = -ColumnValues.MIN_EPOCH_MICROS - 1;

        assertThat(ColumnValues.epochMillis(COLUMN, microsJustBefore1970))
                .isEqualTo(-ColumnValues.MIN_EPOCH_MICROS / 1_000 - 1);
    }

    @Test
    void epochNumbersInTextReadAsTheNumbers() throws Exception {
        assertThat(ColumnValues.epochMillis(COLUMN, String.valueOf(T_MILLIS))).isEqualTo(T_MILLIS);
        assertThat(ColumnValues.epochMillis(COLUMN, " +" + T_MILLIS * 1_000 + " "))
                .isEqualTo(T_MILLIS);
        assertThat(ColumnValues.epochMillis(COLUMN, String.valueOf(T_MILLIS * 1_000_000)))
                .isEqualTo(T_MILLIS);
        assertThat(ColumnValues.epochMillis(COLUMN, T_MILLIS + ".9")).isEqualTo(T_MILLIS);
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
            assertThat(ColumnValues.epochMillis(COLUMN, text)).as(text).isEqualTo(T_MILLIS);
        }
    }

    @Test
    void impossibleDateIsNotATimestamp() {
        assertThatThrownBy(() -> ColumnValues.epochMillis(COLUMN, "2024-02-30T10:00:00Z"))
                .isInstanceOf(MalformedChangeException.class)
                .hasMessage("column created_at: not a timestamp: '2024-02-30T10:00:00Z'");
    }

    @Test
    void mysqlZeroDateReadsAsAbsent() throws Exception {
        assertThat(ColumnValues.epochMillis(COLUMN, "0000-00-00 00:00:00")).isNull();
    }

    @Test
    void booleanIsNotATimestamp() {
        assertThatThrownBy(() -> ColumnValues.epochMillis(COLUMN, Boolean.TRUE))
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
}
