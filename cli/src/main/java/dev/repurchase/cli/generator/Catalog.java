package dev.repurchase.cli.generator;

import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The shop's SKUs and their prices. Every SKU has a list price (log-uniform in its category's
 * range, drawn from the profile's seed); an order line pays a whole percentage of it (noise and
 * discounts), and every such price exists once, so millions of lines share a few thousand {@link
 * BigDecimal}s.
 */
final class Catalog {

    /** The lowest and highest percentage of the list price a line can pay. */
    static final int MIN_PERCENT = 30;

    static final int MAX_PERCENT = 120;

    /** One category's SKUs and prices. */
    static final class Category {
        final int index;
        final CategoryHabit habit;
        final String[] skus;
        final long[] listCents;
        private final BigDecimal[][] prices;
        private final long[][] cents;

        private Category(int index, CategoryHabit habit, SplittableRandom random) {
            this.index = index;
            this.habit = habit;
            this.skus = new String[habit.skus()];
            this.listCents = new long[habit.skus()];
            this.prices = new BigDecimal[habit.skus()][MAX_PERCENT - MIN_PERCENT + 1];
            this.cents = new long[habit.skus()][MAX_PERCENT - MIN_PERCENT + 1];
            double low = Math.log(habit.minPrice().doubleValue());
            double high = Math.log(habit.maxPrice().doubleValue());
            for (int sku = 0; sku < skus.length; sku++) {
                skus[sku] = String.format("%s-%04d", habit.skuPrefix(), sku + 1);
                double price = Math.exp(low + (high - low) * random.nextDouble());
                // List prices end in 0 or 9 cents, as shops like them.
                long list =
                        Math.max(1, Math.round(price * 10) * 10 - (random.nextBoolean() ? 1 : 0));
                listCents[sku] = list;
                for (int percent = MIN_PERCENT; percent <= MAX_PERCENT; percent++) {
                    long unit = (list * percent + 50) / 100; // half-up, in cents
                    prices[sku][percent - MIN_PERCENT] = BigDecimal.valueOf(unit, 2);
                    cents[sku][percent - MIN_PERCENT] = unit;
                }
            }
        }

        /** The unit price paying {@code percent} of the SKU's list price (clamped). */
        BigDecimal price(int sku, int percent) {
            return prices[sku][clamp(percent) - MIN_PERCENT];
        }

        /** {@link #price} in cents. */
        long cents(int sku, int percent) {
            return cents[sku][clamp(percent) - MIN_PERCENT];
        }

        private static int clamp(int percent) {
            return Math.max(MIN_PERCENT, Math.min(MAX_PERCENT, percent));
        }
    }

    static final BigDecimal ONE_CENT = new BigDecimal("0.01");
    static final BigDecimal ZERO = new BigDecimal("0.00");

    /** Amounts below this many cents are shared. */
    private static final int SHARED_AMOUNTS = 200_000;

    final Category[] categories;

    /**
     * Filled lazily and racily: a {@link BigDecimal} is immutable with final fields, so a thread
     * sees either null (and makes its own) or a complete value.
     */
    private final BigDecimal[] amounts = new BigDecimal[SHARED_AMOUNTS];

    Catalog(List<CategoryHabit> habits, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        categories = new Category[habits.size()];
        for (int i = 0; i < categories.length; i++) {
            categories[i] = new Category(i, habits.get(i), random.split());
        }
    }

    /** The amount of {@code cents} with 2 decimal places; small ones shared. */
    BigDecimal amount(long cents) {
        if (cents < 0 || cents >= SHARED_AMOUNTS) {
            return BigDecimal.valueOf(cents, 2);
        }
        BigDecimal amount = amounts[(int) cents];
        if (amount == null) {
            amount = BigDecimal.valueOf(cents, 2);
            amounts[(int) cents] = amount;
        }
        return amount;
    }
}
