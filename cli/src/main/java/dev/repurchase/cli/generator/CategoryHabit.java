package dev.repurchase.cli.generator;

import java.math.BigDecimal;
import java.time.MonthDay;
import java.util.List;
import java.util.Objects;

/**
 * How a product category sells: its catalogue (SKUs and price range) and the buying habit of the
 * customers who buy it.
 *
 * <p>A <em>cyclic</em> category is bought again and again: a share ({@link #adoption}) of the
 * customers adopt it, each with a personal cycle drawn uniformly from {@code [minCycleDays,
 * maxCycleDays]}, and each interval jitters around that cycle (see {@link
 * ShopProfile.Shopping#cycleJitter}). A <em>seasonal</em> category is bought before its peaks
 * (festivals): every customer buys it before each peak with probability {@link #adoption}, 1 to 14
 * days ahead.
 *
 * @param category the category name of the order lines
 * @param skuPrefix the SKUs are this prefix and a 4-digit number, e.g. {@code COF-0007}
 * @param skus how many SKUs the category has
 * @param minPrice the cheapest SKU's list price
 * @param maxPrice the dearest SKU's list price (list prices spread log-uniformly in between)
 * @param maxQuantity the largest quantity of a normal order line
 * @param adoption cyclic: the share of customers with the habit; seasonal: the chance that a
 *     customer buys before a given peak
 * @param minCycleDays the shortest personal cycle (cyclic only, else 0)
 * @param maxCycleDays the longest personal cycle (cyclic only, else 0)
 * @param seasons the peaks of a seasonal category; empty for a cyclic one
 * @param impulseShare the chance that an order of a customer without this habit adds a line of it
 */
public record CategoryHabit(
        String category,
        String skuPrefix,
        int skus,
        BigDecimal minPrice,
        BigDecimal maxPrice,
        int maxQuantity,
        double adoption,
        int minCycleDays,
        int maxCycleDays,
        List<MonthDay> seasons,
        double impulseShare) {

    /** Coffee every 3 to 5 weeks, tea every ~6 weeks, snacks every ~2 weeks, appliances yearly. */
    public static final List<CategoryHabit> DEFAULTS =
            List.of(
                    cyclic("coffee", "COF", 40, "39.00", "129.00", 3, 0.45, 21, 35, 0),
                    cyclic("tea", "TEA", 30, "29.00", "199.00", 2, 0.25, 36, 48, 0),
                    cyclic("snacks", "SNK", 60, "6.50", "39.90", 6, 0.20, 11, 17, 0.08),
                    cyclic("appliances", "APL", 15, "199.00", "2999.00", 1, 0.08, 300, 430, 0),
                    seasonal(
                            "gifts",
                            "GFT",
                            25,
                            "59.00",
                            "599.00",
                            2,
                            0.10,
                            List.of(
                                    MonthDay.of(2, 1), // Spring Festival (roughly)
                                    MonthDay.of(5, 20), // "520"
                                    MonthDay.of(9, 20), // Mid-Autumn (roughly)
                                    MonthDay.of(12, 24)),
                            0.02));

    public CategoryHabit {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(skuPrefix, "skuPrefix");
        Objects.requireNonNull(minPrice, "minPrice");
        Objects.requireNonNull(maxPrice, "maxPrice");
        seasons = List.copyOf(seasons);
        if (skus < 1 || skus > 9999) {
            throw new IllegalArgumentException(category + ": skus must be in 1..9999: " + skus);
        }
        if (minPrice.signum() <= 0 || minPrice.compareTo(maxPrice) > 0) {
            throw new IllegalArgumentException(
                    category + ": prices must satisfy 0 < minPrice <= maxPrice");
        }
        if (maxQuantity < 1) {
            throw new IllegalArgumentException(category + ": maxQuantity must be positive");
        }
        ShopProfile.requireShare(category + ".adoption", adoption);
        ShopProfile.requireShare(category + ".impulseShare", impulseShare);
        if (seasons.isEmpty() && (minCycleDays < 1 || minCycleDays > maxCycleDays)) {
            throw new IllegalArgumentException(
                    category + ": a cyclic category needs 1 <= minCycleDays <= maxCycleDays");
        }
    }

    /** A category bought again every {@code minCycleDays..maxCycleDays} by its adopters. */
    public static CategoryHabit cyclic(
            String category,
            String skuPrefix,
            int skus,
            String minPrice,
            String maxPrice,
            int maxQuantity,
            double adoption,
            int minCycleDays,
            int maxCycleDays,
            double impulseShare) {
        return new CategoryHabit(
                category,
                skuPrefix,
                skus,
                new BigDecimal(minPrice),
                new BigDecimal(maxPrice),
                maxQuantity,
                adoption,
                minCycleDays,
                maxCycleDays,
                List.of(),
                impulseShare);
    }

    /** A category bought before its peaks, by each customer with probability {@code adoption}. */
    public static CategoryHabit seasonal(
            String category,
            String skuPrefix,
            int skus,
            String minPrice,
            String maxPrice,
            int maxQuantity,
            double adoption,
            List<MonthDay> seasons,
            double impulseShare) {
        if (seasons.isEmpty()) {
            throw new IllegalArgumentException(category + ": a seasonal category needs peaks");
        }
        return new CategoryHabit(
                category,
                skuPrefix,
                skus,
                new BigDecimal(minPrice),
                new BigDecimal(maxPrice),
                maxQuantity,
                adoption,
                0,
                0,
                seasons,
                impulseShare);
    }

    /** True if bought before seasonal peaks rather than on a personal cycle. */
    public boolean seasonal() {
        return !seasons.isEmpty();
    }
}
