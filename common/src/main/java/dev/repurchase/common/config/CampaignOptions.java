package dev.repurchase.common.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import org.apache.flink.configuration.ConfigOption;

/** Options of the campaign effect (SPEC section 3, M9) and of the coupon triggers (section 4). */
public final class CampaignOptions {

    private CampaignOptions() {}

    public static final ConfigOption<Integer> WINDOW_DAYS =
            key("campaign.window-days")
                    .intType()
                    .defaultValue(90)
                    .withDescription(
                            "A customer of a campaign (or of the baseline) counts as repurchased"
                                    + " with a later valid purchase within this many days (of 24"
                                    + " h) of the qualifying purchase; coupon recipients who did"
                                    + " not redeem, within this many days of their first coupon.");

    public static final ConfigOption<Integer> COUPON_LEAD_DAYS =
            key("coupons.lead-days")
                    .intType()
                    .defaultValue(3)
                    .withDescription(
                            "COUPON_EXPIRING is due this many days (of 24 h) before an unredeemed"
                                    + " coupon expires.");
}
