package dev.repurchase.common.metric;

/**
 * The aggregated sink tables. Counter tables hold a fixed vector of sums per row; histogram tables
 * hold, per row, how many intervals fell on each whole number of days.
 */
public enum MetricTable {
    /** M1, M2, M5, M6: see {@link PeriodMetrics} for the slots. */
    METRIC_PERIOD(PeriodMetrics.WIDTH),
    /** M3: active customers, second-purchase customers. */
    COHORT_RETENTION(2),
    /** M4: first to second purchase, by period of the first. */
    FIRST_REPEAT_CYCLE(0),
    /** M4: consecutive purchases of the same category. */
    CATEGORY_CYCLE(0),
    /** M10: orders, amount in cents. */
    EXCLUSION(2),
    /** M7: customers per lifecycle stage. */
    LIFECYCLE_STAGE_COUNT(1),
    /** M8: customers and trailing-365-day net spend (cents) per segment. */
    SEGMENT_STAT(2),
    /**
     * M9, per campaign and MONTH of the qualifying purchase: customers whose first valid purchase
     * with the campaign falls in the month, and those of them who repurchased within the window.
     */
    CAMPAIGN_MONTH(2),
    /**
     * M9 baseline, per MONTH: customers whose first valid purchase without a campaign in the month
     * falls there, and those of them who repurchased within the window.
     */
    BASELINE_MONTH(2),
    /**
     * M9, per campaign: customers, repurchased, baseline customers, baseline repurchased; derived
     * from CAMPAIGN_MONTH and BASELINE_MONTH by a global operator, not summed from deltas.
     */
    CAMPAIGN_EFFECT(4),
    /**
     * Coupons per campaign: issued, redeemed, recipients who redeemed none, and those of them who
     * bought within the window of their first coupon.
     */
    COUPON_STAT(4),
    /**
     * SPEC 8.1, per period of the purchase and referrer: referred customers, orders, net amount and
     * commission in cents ({@link ReferralContributions} has the slots).
     */
    REFERRAL_STAT(4);

    private final int width;

    MetricTable(int width) {
        this.width = width;
    }

    /** Number of counters of a row; 0 for histogram tables. */
    public int width() {
        return width;
    }

    public boolean isHistogram() {
        return width == 0;
    }
}
