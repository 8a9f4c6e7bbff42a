package dev.repurchase.common.period;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** Puts instants into the calendar periods of the business time zone. */
public final class BusinessCalendar implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String zoneId;
    private transient ZoneId zone;

    public BusinessCalendar(String zoneId) {
        this.zone = ZoneId.of(zoneId);
        this.zoneId = zoneId;
    }

    /** The business day of an instant given in epoch milliseconds. */
    public LocalDate day(long epochMillis) {
        if (zone == null) {
            zone = ZoneId.of(zoneId);
        }
        return LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), zone);
    }

    /** The instant (epoch milliseconds) the business day starts. */
    public long startOf(LocalDate day) {
        day(0);
        return day.atStartOfDay(zone).toInstant().toEpochMilli();
    }

    /** The first day of the period of {@code type} that contains the instant. */
    public LocalDate periodStart(PeriodType type, long epochMillis) {
        return type.start(day(epochMillis));
    }
}
