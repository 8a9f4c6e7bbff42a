package dev.repurchase.common.customer;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * When a customer habitually buys (SPEC 4.4): the most frequent local hour (0-23) and ISO weekday
 * (1 = Monday .. 7) of their valid purchases in the business time zone, ties to the smallest; none
 * below {@code reminders.habit-min-purchases} purchases.
 *
 * @param hour 0-23, or null
 * @param weekday 1-7, or null
 */
public record HabitualTime(Integer hour, Integer weekday) {

    public static final HabitualTime NONE = new HabitualTime(null, null);

    /**
     * @param purchaseTimes the valid purchases' times (epoch ms)
     */
    public static HabitualTime of(long[] purchaseTimes, ZoneId zone, int minPurchases) {
        if (purchaseTimes.length == 0 || purchaseTimes.length < minPurchases) {
            return NONE;
        }
        int[] hours = new int[24];
        int[] weekdays = new int[8];
        for (long t : purchaseTimes) {
            ZonedDateTime local = Instant.ofEpochMilli(t).atZone(zone);
            hours[local.getHour()]++;
            weekdays[local.getDayOfWeek().getValue()]++;
        }
        return new HabitualTime(mostFrequent(hours, 0), mostFrequent(weekdays, 1));
    }

    /** The first index from {@code from} with the highest count: ties go to the smallest. */
    private static int mostFrequent(int[] counts, int from) {
        int best = from;
        for (int i = from + 1; i < counts.length; i++) {
            if (counts[i] > counts[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * The first whole hour at or after {@code due} whose local hour is the habitual hour; {@code
     * due} itself if there is no habitual hour.
     */
    public long atHabitualHour(long due, ZoneId zone) {
        if (hour == null) {
            return due;
        }
        ZonedDateTime candidate =
                Instant.ofEpochMilli(due).atZone(zone).truncatedTo(ChronoUnit.HOURS);
        if (candidate.toInstant().toEpochMilli() < due) {
            candidate = candidate.plusHours(1);
        }
        // Hour by hour, so that a day with a DST change (23 or 25 hours) is still right.
        while (candidate.getHour() != hour) {
            candidate = candidate.plusHours(1);
        }
        return candidate.toInstant().toEpochMilli();
    }
}
