package dev.repurchase.cli.generator;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The shop whose traffic {@link OrderTraffic} and {@link LiveTraffic} generate: how many customers,
 * over which time range, from which seed, and how they buy. The same profile always gives the same
 * orders, coupons and change events.
 *
 * <p>Customers are acquired (place their first order) over {@code [start, end)}; orders are created
 * before {@code end}. {@link #demo} gives every knob its default; the {@code with*} methods change
 * one group of knobs.
 *
 * @param customers how many customers (the test account, if any, comes on top)
 * @param start when the shop opens
 * @param end no order is created at or after this instant
 * @param seed the seed of every random draw
 * @param zone the zone of the customers' day: orders are placed at realistic hours in it
 * @param growth referrals and a flash sale (SPEC 8); {@link Growth#NONE} in {@link #demo}
 */
public record ShopProfile(
        int customers,
        Instant start,
        Instant end,
        long seed,
        ZoneId zone,
        List<CategoryHabit> categories,
        List<Campaign> campaigns,
        Audience audience,
        Shopping shopping,
        OrderFates fates,
        CouponPolicy coupons,
        Growth growth) {

    /** The longest simulated range: 50 years. */
    public static final Duration MAX_DURATION = Duration.ofDays(50 * 365);

    /**
     * Who the customers are.
     *
     * @param channels the sales channels with their weights; each customer has a primary channel
     *     (drawn by weight) used for 80% of the orders
     * @param regions the regions with their weights; each customer lives in one
     * @param oneTimeShare the share of customers who buy once and never return (one and a half
     *     times as many among those acquired during a sale: deal seekers)
     * @param churnShare the share of the other customers who stop buying after a while
     * @param meanDaysToChurn the mean time (exponential) from acquisition to churn
     * @param saleAcquisitionShare the share of customers acquired during a seasonal sale
     * @param wholesaleShare the share of customers who are wholesale buyers: bulk orders every 7 to
     *     14 days (the pipeline's {@code bulk} exclusion)
     * @param testAccountId the id of an extra test account placing 0.01 and 0.00 orders every 1 to
     *     3 days (the pipeline's {@code rules.excluded-customers}); null for none
     */
    public record Audience(
            Map<String, Double> channels,
            Map<String, Double> regions,
            double oneTimeShare,
            double churnShare,
            int meanDaysToChurn,
            double saleAcquisitionShare,
            double wholesaleShare,
            String testAccountId) {

        public static final Audience DEFAULT =
                new Audience(
                        weights("app", 0.45, "web", 0.25, "mini-program", 0.20, "store", 0.10),
                        weights(
                                "east",
                                0.30,
                                "south",
                                0.22,
                                "north",
                                0.18,
                                "central",
                                0.12,
                                "southwest",
                                0.10,
                                "northwest",
                                0.04,
                                "northeast",
                                0.04),
                        0.30,
                        0.25,
                        150,
                        0.15,
                        0.001,
                        "test-account");

        public Audience {
            channels = requireWeights("channels", channels);
            regions = requireWeights("regions", regions);
            requireShare("oneTimeShare", oneTimeShare);
            requireShare("churnShare", churnShare);
            requireShare("saleAcquisitionShare", saleAcquisitionShare);
            requireShare("wholesaleShare", wholesaleShare);
            if (meanDaysToChurn < 1) {
                throw new IllegalArgumentException("meanDaysToChurn must be positive");
            }
        }
    }

    /**
     * How customers shop.
     *
     * @param cycleJitter the standard deviation of an interval around the personal cycle, as a
     *     fraction of it (clamped at 2.5 deviations)
     * @param skipShare the chance that a customer skips a due purchase (bought elsewhere): the
     *     interval doubles
     * @param basketDays categories due within this many days of an order are bought with it
     * @param bulkOrderShare the chance that a normal customer's order is a bulk one (office
     *     purchase, hundreds of items)
     * @param priceNoisePercent unit prices vary by up to this many percent around the list price
     * @param currency the currency of every order
     */
    public record Shopping(
            double cycleJitter,
            double skipShare,
            int basketDays,
            double bulkOrderShare,
            int priceNoisePercent,
            String currency) {

        public static final Shopping DEFAULT = new Shopping(0.10, 0.08, 4, 0.001, 5, "CNY");

        public Shopping {
            if (cycleJitter < 0 || cycleJitter > 0.3) {
                throw new IllegalArgumentException("cycleJitter must be in 0..0.3");
            }
            requireShare("skipShare", skipShare);
            requireShare("bulkOrderShare", bulkOrderShare);
            if (skipShare >= 0.95) {
                throw new IllegalArgumentException("skipShare must be below 0.95");
            }
            if (basketDays < 0) {
                throw new IllegalArgumentException("basketDays must not be negative");
            }
            if (priceNoisePercent < 0 || priceNoisePercent > 20) {
                throw new IllegalArgumentException("priceNoisePercent must be in 0..20");
            }
            Objects.requireNonNull(currency, "currency");
        }
    }

    /**
     * What becomes of an order: each is, independently, left unpaid ({@code PENDING_PAYMENT}
     * stays), cancelled before payment, paid and later refunded in full, paid and later refunded in
     * part, or paid and completed (the rest). As of {@code end} recent orders may not have reached
     * their final status yet.
     *
     * @param retryShare the chance that a customer whose order went unpaid or was cancelled orders
     *     again within 1 to 48 hours
     */
    public record OrderFates(
            double pending,
            double cancelled,
            double refunded,
            double partiallyRefunded,
            double retryShare) {

        public static final OrderFates DEFAULT = new OrderFates(0.03, 0.05, 0.03, 0.03, 0.5);

        public OrderFates {
            requireShare("pending", pending);
            requireShare("cancelled", cancelled);
            requireShare("refunded", refunded);
            requireShare("partiallyRefunded", partiallyRefunded);
            requireShare("retryShare", retryShare);
            if (pending + cancelled + refunded + partiallyRefunded > 1) {
                throw new IllegalArgumentException("the fate shares add up to more than 1");
            }
        }

        /** The share of orders that are paid (and possibly refunded later). */
        public double paid() {
            return 1 - pending - cancelled;
        }
    }

    /**
     * Coupons besides those of the seasonal campaigns ({@link Campaign#couponShare}).
     *
     * @param welcomeShare the chance that a customer gets a welcome coupon within a day of their
     *     first paid order
     * @param welcomeCampaignId the campaign of the welcome coupons
     * @param welcomeValidDays how long a welcome coupon is valid
     * @param redeemShare the chance that a paid order redeems a coupon the customer holds
     */
    public record CouponPolicy(
            double welcomeShare,
            String welcomeCampaignId,
            int welcomeValidDays,
            double redeemShare) {

        public static final CouponPolicy DEFAULT = new CouponPolicy(0.5, "welcome-back", 30, 0.6);

        public CouponPolicy {
            requireShare("welcomeShare", welcomeShare);
            requireShare("redeemShare", redeemShare);
            Objects.requireNonNull(welcomeCampaignId, "welcomeCampaignId");
            if (welcomeValidDays < 1) {
                throw new IllegalArgumentException("welcomeValidDays must be positive");
            }
        }
    }

    /**
     * Referrals and a flash sale (SPEC 8), for the demo: {@link #NONE} (the default) leaves the
     * shop as it was before them, without a customers table and without the orders' device, IP and
     * address hash. Otherwise every customer has a row in the customers table, registered minutes
     * before their first order, and every order carries the device, IP and address hash of its
     * customer.
     *
     * @param invitedShare the share of customers invited by a customer registered before them
     *     (whose inviter may have been invited too: chains of two and three levels)
     * @param selfReferralShare the share of customers who entered their own id as the inviter's
     * @param referralCycle whether the first three customers invite each other in a cycle (a data
     *     error the pipeline must survive)
     * @param flashSale the flash sale; null for none
     */
    public record Growth(
            double invitedShare,
            double selfReferralShare,
            boolean referralCycle,
            FlashSale flashSale) {

        public static final Growth NONE = new Growth(0, 0, false, null);

        /** The demo's: 30 % invited, 1 % self-referrals, a cycle, {@link FlashSale#DEFAULT}. */
        public static final Growth DEFAULT = new Growth(0.3, 0.01, true, FlashSale.DEFAULT);

        public Growth {
            requireShare("invitedShare", invitedShare);
            requireShare("selfReferralShare", selfReferralShare);
        }

        public boolean isNone() {
            return equals(NONE);
        }
    }

    /**
     * One flash sale (SPEC 8.2): an hour from 20:00 (the profile's zone) on day {@code afterDays}
     * after the start, half price, bought by new accounts only: {@code buyers} deal seekers (every
     * fifth orders twice from their phone), a click farm of {@code farmAccounts} accounts on one
     * phone (invited by its first account), and {@code colleagues} at an office behind one IP. Days
     * later the farm's first order and the first colleague's are refunded: the limits rank the
     * others anew and a flag clears (and two of the farm's flagged orders are refunded, in full and
     * in part).
     */
    public record FlashSale(
            String campaignId, int afterDays, int buyers, int farmAccounts, int colleagues) {

        public static final FlashSale DEFAULT = new FlashSale("flash-sale", 10, 30, 8, 6);

        public FlashSale {
            Objects.requireNonNull(campaignId, "campaignId");
            if (afterDays < 0 || buyers < 0 || farmAccounts < 2 || colleagues < 2) {
                throw new IllegalArgumentException(
                        "a flash sale needs afterDays and buyers >= 0, a farm and an office of 2+");
            }
        }
    }

    public ShopProfile {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(shopping, "shopping");
        Objects.requireNonNull(fates, "fates");
        Objects.requireNonNull(coupons, "coupons");
        Objects.requireNonNull(growth, "growth");
        categories = List.copyOf(categories);
        campaigns = List.copyOf(campaigns);
        if (customers < 0) {
            throw new IllegalArgumentException("customers must not be negative: " + customers);
        }
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("start must be before end");
        }
        if (Duration.between(start, end).compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("the range is longer than " + MAX_DURATION);
        }
        if (categories.stream().noneMatch(category -> !category.seasonal())) {
            throw new IllegalArgumentException("at least one category must be cyclic");
        }
        if (categories.stream().map(CategoryHabit::category).distinct().count()
                != categories.size()) {
            throw new IllegalArgumentException("category names must be unique");
        }
        if (campaigns.stream().map(Campaign::id).distinct().count() != campaigns.size()) {
            throw new IllegalArgumentException("campaign ids must be unique");
        }
    }

    /** A shop with every knob at its default, in UTC. */
    public static ShopProfile demo(int customers, Instant start, Instant end, long seed) {
        return new ShopProfile(
                customers,
                start,
                end,
                seed,
                ZoneOffset.UTC,
                CategoryHabit.DEFAULTS,
                Campaign.DEFAULTS,
                Audience.DEFAULT,
                Shopping.DEFAULT,
                OrderFates.DEFAULT,
                CouponPolicy.DEFAULT,
                Growth.NONE);
    }

    /** {@code demo(customers, start, start + duration, seed)}. */
    public static ShopProfile demo(int customers, Instant start, Duration duration, long seed) {
        return demo(customers, start, start.plus(duration), seed);
    }

    public Duration duration() {
        return Duration.between(start, end);
    }

    public ShopProfile withCustomers(int customers) {
        return new ShopProfile(
                customers,
                start,
                end,
                seed,
                zone,
                categories,
                campaigns,
                audience,
                shopping,
                fates,
                coupons,
                growth);
    }

    public ShopProfile withSeed(long seed) {
        return new ShopProfile(
                customers,
                start,
                end,
                seed,
                zone,
                categories,
                campaigns,
                audience,
                shopping,
                fates,
                coupons,
                growth);
    }

    public ShopProfile withRange(Instant start, Instant end) {
        return new ShopProfile(
                customers,
                start,
                end,
                seed,
                zone,
                categories,
                campaigns,
                audience,
                shopping,
                fates,
                coupons,
                growth);
    }

    public ShopProfile withZone(ZoneId zone) {
        return new ShopProfile(
                customers,
                start,
                end,
                seed,
                zone,
                categories,
                campaigns,
                audience,
                shopping,
                fates,
                coupons,
                growth);
    }

    public ShopProfile withCategories(List<CategoryHabit> categories) {
        return new ShopProfile(
                customers,
                start,
                end,
                seed,
                zone,
                categories,
                campaigns,
                audience,
                shopping,
                fates,
                coupons,
                growth);
    }

    public ShopProfile withCampaigns(List<Campaign> campaigns) {
        return new ShopProfile(
                customers,
                start,
                end,
                seed,
                zone,
                categories,
                campaigns,
                audience,
                shopping,
                fates,
                coupons,
                growth);
    }

    public ShopProfile withAudience(Audience audience) {
        return new ShopProfile(
                customers,
                start,
                end,
                seed,
                zone,
                categories,
                campaigns,
                audience,
                shopping,
                fates,
                coupons,
                growth);
    }

    public ShopProfile withShopping(Shopping shopping) {
        return new ShopProfile(
                customers,
                start,
                end,
                seed,
                zone,
                categories,
                campaigns,
                audience,
                shopping,
                fates,
                coupons,
                growth);
    }

    public ShopProfile withFates(OrderFates fates) {
        return new ShopProfile(
                customers,
                start,
                end,
                seed,
                zone,
                categories,
                campaigns,
                audience,
                shopping,
                fates,
                coupons,
                growth);
    }

    public ShopProfile withCoupons(CouponPolicy coupons) {
        return new ShopProfile(
                customers,
                start,
                end,
                seed,
                zone,
                categories,
                campaigns,
                audience,
                shopping,
                fates,
                coupons,
                growth);
    }

    public ShopProfile withGrowth(Growth growth) {
        return new ShopProfile(
                customers,
                start,
                end,
                seed,
                zone,
                categories,
                campaigns,
                audience,
                shopping,
                fates,
                coupons,
                growth);
    }

    static void requireShare(String name, double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException(name + " must be a share in 0..1: " + share);
        }
    }

    private static Map<String, Double> requireWeights(String name, Map<String, Double> weights) {
        if (weights.isEmpty()
                || weights.values().stream().anyMatch(w -> w == null || !(w >= 0))
                || weights.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            throw new IllegalArgumentException(name + " need non-negative weights, some positive");
        }
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    }

    private static Map<String, Double> weights(Object... namesAndWeights) {
        Map<String, Double> weights = new LinkedHashMap<>();
        for (int i = 0; i < namesAndWeights.length; i += 2) {
            weights.put((String) namesAndWeights[i], (Double) namesAndWeights[i + 1]);
        }
        return weights;
    }
}
