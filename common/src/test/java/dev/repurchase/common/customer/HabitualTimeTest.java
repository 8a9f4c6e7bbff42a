package dev.repurchase.common.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** SPEC 4.4: habitual hour and weekday, in the business time zone. */
class HabitualTimeTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static long[] times(String... instants) {
        long[] times = new long[instants.length];
        for (int i = 0; i < instants.length; i++) {
            times[i] = Instant.parse(instants[i]).toEpochMilli();
        }
        return times;
    }

    @Test
    void theMostFrequentLocalHourAndWeekday() {
        // 20:30 in Shanghai is 12:30 UTC; 2025-03-03 is a Monday.
        HabitualTime habit =
                HabitualTime.of(
                        times(
                                "2025-03-03T12:30:00Z",
                                "2025-03-10T12:10:00Z",
                                "2025-03-12T01:00:00Z"),
                        SHANGHAI,
                        3);

        assertThat(habit).isEqualTo(new HabitualTime(20, 1));
    }

    @Test
    void tiesGoToTheSmallest() {
        // Hours 9 and 8 once each (UTC), weekdays Tuesday, Wednesday and Thursday once each.
        HabitualTime habit =
                HabitualTime.of(
                        times(
                                "2025-03-04T09:00:00Z",
                                "2025-03-05T08:00:00Z",
                                "2025-03-06T10:00:00Z"),
                        ZoneId.of("UTC"),
                        3);

        assertThat(habit).isEqualTo(new HabitualTime(8, 2));
    }

    @Test
    void noneBelowTheMinimumPurchases() {
        assertThat(HabitualTime.of(times("2025-03-04T09:00:00Z"), SHANGHAI, 3))
                .isEqualTo(HabitualTime.NONE);
    }

    @Test
    void aReminderMovesToTheFirstHabitualHourAtOrAfterItsDueTime() {
        HabitualTime at20 = new HabitualTime(20, 1);
        long due = Instant.parse("2025-03-03T13:15:00Z").toEpochMilli(); // 21:15 in Shanghai

        assertThat(Instant.ofEpochMilli(at20.atHabitualHour(due, SHANGHAI)))
                .isEqualTo(Instant.parse("2025-03-04T12:00:00Z")); // 20:00 the next day
        long onTheHour = Instant.parse("2025-03-03T12:00:00Z").toEpochMilli(); // 20:00 sharp
        assertThat(at20.atHabitualHour(onTheHour, SHANGHAI)).isEqualTo(onTheHour);
    }

    @Test
    void anHourSkippedByDaylightSavingMovesToTheNextDay() {
        // Berlin skips 02:00-03:00 on 2025-03-30.
        HabitualTime at2 = new HabitualTime(2, 7);
        long due = Instant.parse("2025-03-29T23:30:00Z").toEpochMilli(); // 00:30 local, 30 March

        assertThat(Instant.ofEpochMilli(at2.atHabitualHour(due, BERLIN)))
                .isEqualTo(Instant.parse("2025-03-31T00:00:00Z")); // 02:00 local, 31 March
    }

    @Test
    void withoutAHabitTheDueTimeStays() {
        assertThat(HabitualTime.NONE.atHabitualHour(123_456L, SHANGHAI)).isEqualTo(123_456L);
    }
}
