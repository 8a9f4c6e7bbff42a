package dev.repurchase.common.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import org.apache.flink.configuration.ConfigOption;

/** Options of the referral commissions (SPEC 8.1). */
public final class ReferralOptions {

    private ReferralOptions() {}

    /** The family of the level rates: {@code referral.level-<n>-rate}. */
    public static final String LEVEL_RATE_PREFIX = "referral.level-";

    public static final ConfigOption<Integer> LEVELS =
            key("referral.levels")
                    .intType()
                    .defaultValue(2)
                    .withDescription(
                            "How many referrers up the chain earn a commission (level 1: the"
                                    + " customer's referrer, level 2: the referrer's referrer..."
                                    + " each level n needs referral.level-<n>-rate).");

    public static final ConfigOption<Double> LEVEL_1_RATE =
            key("referral.level-1-rate")
                    .doubleType()
                    .defaultValue(0.05)
                    .withDescription(
                            "Commission of the level-1 referrer: round_half_up(net amount x rate,"
                                    + " 2) of every valid purchase within the window.");

    public static final ConfigOption<Double> LEVEL_2_RATE =
            key("referral.level-2-rate")
                    .doubleType()
                    .defaultValue(0.02)
                    .withDescription("Commission of the level-2 referrer, as level 1's.");

    public static final ConfigOption<Integer> WINDOW_DAYS =
            key("referral.window-days")
                    .intType()
                    .defaultValue(365)
                    .withDescription(
                            "A purchase earns commissions if made at or after the customer's"
                                    + " registered_at and less than this many days (of 24 h)"
                                    + " after it.");

    /** The rate option of {@code level} (1-based). */
    public static ConfigOption<Double> levelRate(int level) {
        switch (level) {
            case 1:
                return LEVEL_1_RATE;
            case 2:
                return LEVEL_2_RATE;
            default:
                return key(LEVEL_RATE_PREFIX + level + "-rate").doubleType().noDefaultValue();
        }
    }
}
