package dev.repurchase.common.predict;

import dev.repurchase.common.lifecycle.CustomerSnapshot;
import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.period.BusinessCalendar;
import java.util.List;
import java.util.TreeMap;

/**
 * What the models read of one customer (SPEC 9), on local dates of the valid purchases: x, the
 * purchase days after the first; the days from the first to the last purchase day (t_x in days);
 * the first purchase day; and the net spend of the x repeat days (the Gamma-Gamma input). T follows
 * from the first day and today, so the summary only changes with the purchases.
 *
 * <p>The fit keeps counts of customers per {@link #repeatKey} and per {@link #spendKey}: two longs,
 * so the sufficient data of a million customers stays as small as their distinct values.
 *
 * @param firstDay epoch day of the first purchase day
 */
public record RepeatBuying(int x, int recencyDays, long firstDay, long repeatCents) {

    private static final int BITS_21 = 21;
    private static final long MASK_21 = (1L << BITS_21) - 1;
    private static final long DAY_OFFSET = 1L << BITS_21;
    private static final int SPEND_BITS = 44;
    private static final long SPEND_MASK = (1L << SPEND_BITS) - 1;

    /** The summary of {@code valid} purchases; null if there is none. */
    public static RepeatBuying of(List<Purchase> valid, BusinessCalendar calendar) {
        if (valid.isEmpty()) {
            return null;
        }
        TreeMap<Long, Long> centsByDay = new TreeMap<>();
        for (Purchase p : valid) {
            centsByDay.merge(calendar.day(p.purchasedAt).toEpochDay(), p.netCents, Long::sum);
        }
        return of(centsByDay);
    }

    /** The summary of a valid purchase sequence; null if it has no purchase. */
    public static RepeatBuying of(CustomerSnapshot s, BusinessCalendar calendar) {
        if (s.times.length == 0) {
            return null;
        }
        TreeMap<Long, Long> centsByDay = new TreeMap<>();
        for (int i = 0; i < s.times.length; i++) {
            centsByDay.merge(calendar.day(s.times[i]).toEpochDay(), s.nets[i], Long::sum);
        }
        return of(centsByDay);
    }

    private static RepeatBuying of(TreeMap<Long, Long> centsByDay) {
        long first = centsByDay.firstKey();
        long repeatCents = 0;
        for (long cents : centsByDay.tailMap(first, false).values()) {
            repeatCents += cents;
        }
        return new RepeatBuying(
                centsByDay.size() - 1,
                Math.toIntExact(centsByDay.lastKey() - first),
                first,
                repeatCents);
    }

    /** t_x in weeks. */
    public double recencyWeeks() {
        return recencyDays / 7.0;
    }

    /** T in weeks as of the epoch day {@code today}, never less than t_x. */
    public double ageWeeks(long today) {
        return Math.max(today - firstDay, recencyDays) / 7.0;
    }

    /** Mean spend of a repeat purchase day, in currency units; 0 without repeat days. */
    public double meanRepeatSpend() {
        return x == 0 ? 0 : repeatCents / 100.0 / x;
    }

    /** (x, t_x days, first day) in one long: the BG/NBD sufficient data. */
    public long repeatKey() {
        if (x > MASK_21 || recencyDays > MASK_21 || Math.abs(firstDay) >= DAY_OFFSET) {
            throw new IllegalArgumentException("purchase days out of the model's range: " + this);
        }
        return ((long) x << 43) | ((long) recencyDays << 22) | (firstDay + DAY_OFFSET);
    }

    /** The (x, t_x days, first day) of a {@link #repeatKey}; no spend. */
    public static RepeatBuying ofRepeatKey(long key) {
        return new RepeatBuying(
                (int) (key >>> 43),
                (int) ((key >>> 22) & MASK_21),
                (key & ((1L << 22) - 1)) - DAY_OFFSET,
                0);
    }

    /** True if the customer counts in the Gamma-Gamma fit: repeat days with a positive spend. */
    public boolean hasRepeatSpend() {
        return x > 0 && repeatCents > 0;
    }

    /** (x, repeat cents) in one long: the Gamma-Gamma sufficient data. */
    public long spendKey() {
        if (x >= 1 << 20 || repeatCents > SPEND_MASK) {
            throw new IllegalArgumentException("repeat spend out of the model's range: " + this);
        }
        return ((long) x << SPEND_BITS) | repeatCents;
    }

    /** The (x, repeat cents) of a {@link #spendKey}. */
    public static RepeatBuying ofSpendKey(long key) {
        return new RepeatBuying((int) (key >>> SPEND_BITS), 0, 0, key & SPEND_MASK);
    }
}
