package dev.repurchase.jobs.customer;

import java.util.Arrays;

/**
 * The COUPON_EXPIRING plan of one coupon of a customer, as {@link CustomerOperator} keeps it until
 * no reminder can come of it any more. It holds the coupon's versions as they took effect (commit
 * time, from which the version holds until the next one), each with the due time of its reminder,
 * so that a reminder is decided on the coupon as it stood at its due time, whatever order the
 * versions and the timer came in. Parallel arrays, versions in commit order; serialized by {@code
 * state.CouponReminderSerializer}.
 */
public class CouponReminder {

    /** The due time of a version that plans no reminder (redeemed, gone, issued too late). */
    public static final long NONE = Long.MIN_VALUE;

    /** From when each version holds (commit time), ascending. */
    public long[] from = new long[0];

    /** The due time of each version's reminder ({@code expires_at - lead}), or {@link #NONE}. */
    public long[] dueAt = new long[0];

    /** Each version's {@code expires_at} (0 for a coupon gone). */
    public long[] expiresAt = new long[0];

    /** Each version's campaign; null elements if none. */
    public String[] campaignIds = new String[0];

    /** Every reminder due at or before this instant has been handled (sent, suppressed, void). */
    public long handledUpTo = Long.MIN_VALUE;

    public CouponReminder() {}

    /** Adds a version holding from {@code at}, after the versions from before or at it. */
    void add(long at, long due, long expires, String campaignId) {
        int i = from.length;
        while (i > 0 && from[i - 1] > at) {
            i--;
        }
        from = insert(from, i, at);
        dueAt = insert(dueAt, i, due);
        expiresAt = insert(expiresAt, i, expires);
        String[] campaigns = new String[campaignIds.length + 1];
        System.arraycopy(campaignIds, 0, campaigns, 0, i);
        campaigns[i] = campaignId;
        System.arraycopy(campaignIds, i, campaigns, i + 1, campaignIds.length - i);
        campaignIds = campaigns;
    }

    int versions() {
        return from.length;
    }

    /**
     * True if version {@code i} has a reminder still to handle: one due while the version held
     * (from its commit time on, before the next version's) and after {@link #handledUpTo}.
     */
    boolean pending(int i) {
        long due = dueAt[i];
        return due != NONE
                && due > handledUpTo
                && from[i] <= due
                && (i + 1 == from.length || due < from[i + 1]);
    }

    /** The earliest due time of a pending reminder; Long.MAX_VALUE if none. */
    long nextDue() {
        long next = Long.MAX_VALUE;
        for (int i = 0; i < from.length; i++) {
            if (pending(i)) {
                next = Math.min(next, dueAt[i]);
            }
        }
        return next;
    }

    /**
     * Forgets the versions that ended at or before {@code now} (a later version holds since): every
     * reminder of theirs is due before {@code now}, so handled once {@code now} is.
     */
    void forgetBefore(long now) {
        int drop = 0;
        while (drop + 1 < from.length && from[drop + 1] <= now) {
            drop++;
        }
        if (drop > 0) {
            from = Arrays.copyOfRange(from, drop, from.length);
            dueAt = Arrays.copyOfRange(dueAt, drop, dueAt.length);
            expiresAt = Arrays.copyOfRange(expiresAt, drop, expiresAt.length);
            campaignIds = Arrays.copyOfRange(campaignIds, drop, campaignIds.length);
        }
    }

    private static long[] insert(long[] values, int i, long value) {
        long[] result = new long[values.length + 1];
        System.arraycopy(values, 0, result, 0, i);
        result[i] = value;
        System.arraycopy(values, i, result, i + 1, values.length - i);
        return result;
    }
}
