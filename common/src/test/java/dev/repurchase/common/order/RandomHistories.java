package dev.repurchase.common.order;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Random purchase histories over two years and the changes a customer timeline meets: a new order
 * (also before the first), a refund, a re-timed or re-categorised order, a removal (also of the
 * first), a duplicate. The sequence after a change holds the very purchases of the one before that
 * the change left alone, as the timeline's does. Every fourth time is the first instant of its
 * business day in {@link #ZONE}, which has daylight saving time.
 */
public final class RandomHistories {

    public static final String ZONE = "America/New_York";

    private static final String[] CATEGORIES = {"coffee", "tea", "cups"};
    private static final String[] CAMPAIGNS = {null, "", "spring", "summer"};
    private static final LocalDate START = LocalDate.of(2024, 1, 1);
    private static final int DAYS = 730;

    /** A customer's sequence before and after one change. */
    public record Change(List<Purchase> before, List<Purchase> after) {

        /** True if both sequences start with the same purchase. */
        public boolean keepsTheFirstPurchase() {
            return !before.isEmpty() && !after.isEmpty() && before.get(0) == after.get(0);
        }
    }

    private RandomHistories() {}

    /** {@code count} changes of random histories, the same for the same seed. */
    public static List<Change> changes(long seed, int count) {
        Random random = new Random(seed);
        List<Change> changes = new ArrayList<>(count);
        for (int history = 0; history < count; history++) {
            List<Purchase> before = history(random);
            Purchase replaced = before.isEmpty() ? null : before.get(random.nextInt(before.size()));
            changes.add(
                    new Change(
                            before, applied(before, replaced, change(random, replaced, history))));
        }
        return changes;
    }

    /** Up to 15 purchases in sequence order, some at the very start of a business day. */
    private static List<Purchase> history(Random random) {
        List<Purchase> sequence = new ArrayList<>();
        int size = random.nextInt(16);
        for (int i = 0; i < size; i++) {
            sequence.add(purchase(random, "o" + i));
        }
        sequence.sort(Purchase::compareInSequence);
        return sequence;
    }

    /** The purchase a change brings, or null for a removal of {@code replaced}. */
    private static Purchase change(Random random, Purchase replaced, int history) {
        if (replaced == null) {
            return purchase(random, "new" + history);
        }
        switch (random.nextInt(6)) {
            case 0:
                return purchase(random, "new" + history);
            case 1:
                return null;
            case 5:
                // A duplicate: the same purchase read again, a copy of it.
                return copy(replaced);
            case 2:
                Purchase refunded = copy(replaced);
                refunded.netCents = replaced.netCents / 2;
                return refunded;
            case 3:
                Purchase retimed = copy(replaced);
                retimed.purchasedAt = time(random);
                return retimed;
            default:
                Purchase recategorised = purchase(random, replaced.orderId);
                recategorised.purchasedAt = replaced.purchasedAt;
                return recategorised;
        }
    }

    /**
     * The sequence as the timeline makes it: the purchase of the change's order (or {@code
     * replaced}, for a removal) replaced, then sorted.
     */
    private static List<Purchase> applied(
            List<Purchase> before, Purchase replaced, Purchase change) {
        String orderId = change != null ? change.orderId : replaced.orderId;
        List<Purchase> after = new ArrayList<>();
        for (Purchase p : before) {
            if (!p.orderId.equals(orderId)) {
                after.add(p);
            }
        }
        if (change != null) {
            after.add(change);
            after.sort(Purchase::compareInSequence);
        }
        return after;
    }

    private static Purchase purchase(Random random, String orderId) {
        Purchase p = new Purchase();
        p.orderId = orderId;
        p.purchasedAt = time(random);
        p.netCents = random.nextInt(5_000);
        int mask = 1 + random.nextInt((1 << CATEGORIES.length) - 1);
        p.categories =
                IntStream.range(0, CATEGORIES.length)
                        .filter(i -> (mask & 1 << i) != 0)
                        .mapToObj(i -> CATEGORIES[i])
                        .sorted()
                        .toArray(String[]::new);
        p.primaryCategory = p.categories[0];
        p.channel = random.nextBoolean() ? "app" : null;
        p.region = random.nextBoolean() ? "north" : "south";
        p.campaignId = CAMPAIGNS[random.nextInt(CAMPAIGNS.length)];
        return p;
    }

    /** A time in the two years; every fourth the first instant of its business day. */
    private static long time(Random random) {
        LocalDate day = START.plusDays(random.nextInt(DAYS));
        long dayStart = day.atStartOfDay(ZoneId.of(ZONE)).toInstant().toEpochMilli();
        return random.nextInt(4) == 0 ? dayStart : dayStart + random.nextInt(86_400_000);
    }

    private static Purchase copy(Purchase p) {
        Purchase copy = new Purchase();
        copy.orderId = p.orderId;
        copy.purchasedAt = p.purchasedAt;
        copy.netCents = p.netCents;
        copy.categories = p.categories;
        copy.primaryCategory = p.primaryCategory;
        copy.channel = p.channel;
        copy.region = p.region;
        copy.campaignId = p.campaignId;
        return copy;
    }
}
