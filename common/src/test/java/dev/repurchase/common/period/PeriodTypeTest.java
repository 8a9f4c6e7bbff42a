package dev.repurchase.common.period;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PeriodTypeTest {

    private static final LocalDate WEDNESDAY_NEW_YEAR_2025 = LocalDate.of(2025, 1, 1);

    @Test
    void weekStartsOnMondayAcrossTheYearBoundary() {
        assertThat(PeriodType.WEEK.start(WEDNESDAY_NEW_YEAR_2025))
                .isEqualTo(LocalDate.of(2024, 12, 30));
    }

    @Test
    void quarterMonthAndYearStarts() {
        LocalDate may17 = LocalDate.of(2025, 5, 17);
        assertThat(PeriodType.QUARTER.start(may17)).isEqualTo(LocalDate.of(2025, 4, 1));
        assertThat(PeriodType.MONTH.start(may17)).isEqualTo(LocalDate.of(2025, 5, 1));
        assertThat(PeriodType.YEAR.start(may17)).isEqualTo(WEDNESDAY_NEW_YEAR_2025);
        assertThat(PeriodType.DAY.start(may17)).isEqualTo(may17);
    }

    @Test
    void periodsBetweenStarts() {
        assertThat(
                        PeriodType.MONTH.periodsBetween(
                                LocalDate.of(2024, 11, 1), LocalDate.of(2025, 2, 1)))
                .isEqualTo(3);
        assertThat(
                        PeriodType.QUARTER.periodsBetween(
                                LocalDate.of(2024, 10, 1), LocalDate.of(2025, 4, 1)))
                .isEqualTo(2);
        assertThat(
                        PeriodType.WEEK.periodsBetween(
                                LocalDate.of(2024, 12, 30), LocalDate.of(2025, 1, 13)))
                .isEqualTo(2);
        assertThat(PeriodType.QUARTER.plus(LocalDate.of(2024, 10, 1), 2))
                .isEqualTo(LocalDate.of(2025, 4, 1));
    }

    @Test
    void periodsAreInTheBusinessTimeZone() {
        long lateJanuaryUtc = Instant.parse("2025-01-31T17:00:00Z").toEpochMilli();

        assertThat(new BusinessCalendar("UTC").periodStart(PeriodType.MONTH, lateJanuaryUtc))
                .isEqualTo(LocalDate.of(2025, 1, 1));
        assertThat(
                        new BusinessCalendar("Asia/Shanghai")
                                .periodStart(PeriodType.MONTH, lateJanuaryUtc))
                .isEqualTo(LocalDate.of(2025, 2, 1));
    }
}
