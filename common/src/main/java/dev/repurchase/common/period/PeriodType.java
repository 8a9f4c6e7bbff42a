package dev.repurchase.common.period;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;

/** Calendar period types; WEEK is the ISO week from Monday. */
public enum PeriodType {
    DAY(ChronoUnit.DAYS, 1),
    WEEK(ChronoUnit.WEEKS, 1),
    MONTH(ChronoUnit.MONTHS, 1),
    QUARTER(ChronoUnit.MONTHS, 3),
    YEAR(ChronoUnit.YEARS, 1);

    private final ChronoUnit unit;
    private final int unitsPerPeriod;

    PeriodType(ChronoUnit unit, int unitsPerPeriod) {
        this.unit = unit;
        this.unitsPerPeriod = unitsPerPeriod;
    }

    /** The first day of the period that contains {@code day}. */
    public LocalDate start(LocalDate day) {
        switch (this) {
            case DAY:
                return day;
            case WEEK:
                return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH:
                return day.withDayOfMonth(1);
            case QUARTER:
                return day.with(IsoFields.DAY_OF_QUARTER, 1);
            case YEAR:
                return day.withDayOfYear(1);
            default:
                throw new IllegalStateException(name());
        }
    }

    /** The start of the period {@code k} periods after the one starting at {@code start}. */
    public LocalDate plus(LocalDate start, int k) {
        return start.plus((long) k * unitsPerPeriod, unit);
    }

    /** How many periods lie between two period starts ({@code to} not before {@code from}). */
    public int periodsBetween(LocalDate fromStart, LocalDate toStart) {
        return (int) (unit.between(fromStart, toStart) / unitsPerPeriod);
    }
}
