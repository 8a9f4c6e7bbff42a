package dev.repurchase.common.customer;

import dev.repurchase.common.config.LifecycleOptions;
import dev.repurchase.common.config.RepurchaseOptions;
import dev.repurchase.common.lifecycle.ReminderPolicy;
import dev.repurchase.common.lifecycle.RfmModel;
import dev.repurchase.common.lifecycle.Segment;
import dev.repurchase.common.lifecycle.SegmentRule;
import dev.repurchase.common.metric.MetricSettings;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Everything the customer operator's planners (lifecycle, RFM, triggers, habits, referrals) are
 * configured with.
 *
 * @param triggers the planner of every trigger, built in and the shop's rules
 * @param zone the business time zone ({@code timezone}) of habitual hours and weekdays
 * @param habitMinPurchases {@code reminders.habit-min-purchases}
 * @param suppressBefore triggers due before this (epoch ms) are logged SUPPRESSED, not sent
 * @param suppressBeforeIsDefault whether {@code suppressBefore} is the default (the job's start
 *     minus one day) rather than the option: the job keeps the default of its first start in state
 * @param eventTimeEnd timers due after this (epoch ms) do not fire; Long.MAX_VALUE if unbounded
 * @param referrals the referral commissions (SPEC 8.1)
 */
public record CustomerSettings(
        ReminderPolicy reminders,
        RfmModel rfm,
        TriggerPlanner triggers,
        ZoneId zone,
        int habitMinPurchases,
        long suppressBefore,
        boolean suppressBeforeIsDefault,
        long eventTimeEnd,
        ReferralPlanner referrals)
        implements Serializable {

    /**
     * @param jobStart when the job starts: the default suppression is one day before it
     */
    public static CustomerSettings from(ReadableConfig config, Instant jobStart) {
        Map<String, Integer> categoryCycles = new HashMap<>();
        config.toMap()
                .forEach(
                        (key, value) -> {
                            if (key.startsWith(LifecycleOptions.CATEGORY_CYCLE_PREFIX)
                                    && !key.equals(LifecycleOptions.DEFAULT_CYCLE_DAYS.key())) {
                                categoryCycles.put(
                                        key.substring(
                                                LifecycleOptions.CATEGORY_CYCLE_PREFIX.length()),
                                        Integer.parseInt(value.strip()));
                            }
                        });
        ReminderPolicy reminders =
                new ReminderPolicy(
                        config.get(LifecycleOptions.LEAD_DAYS),
                        config.get(LifecycleOptions.GRACE_DAYS),
                        config.get(LifecycleOptions.MIN_SAMPLES),
                        config.get(LifecycleOptions.MIN_CYCLE_DAYS),
                        config.get(LifecycleOptions.DEFAULT_CYCLE_DAYS),
                        categoryCycles,
                        config.get(LifecycleOptions.DORMANT_DAYS),
                        config.get(LifecycleOptions.CHURN_DAYS));
        Map<Segment, SegmentRule> rules = new EnumMap<>(Segment.class);
        rules.put(
                Segment.HIGH_VALUE,
                SegmentRule.parse(config.get(LifecycleOptions.SEGMENT_HIGH_VALUE)));
        rules.put(Segment.CORE, SegmentRule.parse(config.get(LifecycleOptions.SEGMENT_CORE)));
        rules.put(Segment.AT_RISK, SegmentRule.parse(config.get(LifecycleOptions.SEGMENT_AT_RISK)));
        rules.put(Segment.CHURNED, SegmentRule.parse(config.get(LifecycleOptions.SEGMENT_CHURNED)));
        RfmModel rfm =
                new RfmModel(
                        config.get(LifecycleOptions.RECENCY_DAYS),
                        config.get(LifecycleOptions.FREQUENCY_BOUNDS),
                        config.get(LifecycleOptions.MONETARY_BOUNDS).stream()
                                .map(b -> new BigDecimal(b.strip()))
                                .toList(),
                        rules);
        Optional<Instant> suppressBefore =
                config.getOptional(LifecycleOptions.SUPPRESS_BEFORE).map(Instant::parse);
        long end =
                config.getOptional(LifecycleOptions.EVENT_TIME_END)
                        .map(t -> Instant.parse(t).toEpochMilli())
                        .orElse(Long.MAX_VALUE);
        ZoneId zone = ZoneId.of(config.get(RepurchaseOptions.TIMEZONE));
        int habitMinPurchases = config.get(LifecycleOptions.HABIT_MIN_PURCHASES);
        TriggerPlanner triggers =
                new TriggerPlanner(
                        reminders,
                        rfm,
                        TriggerRules.from(config.toMap()),
                        zone,
                        habitMinPurchases,
                        config.get(LifecycleOptions.AT_HABITUAL_HOUR));
        return new CustomerSettings(
                reminders,
                rfm,
                triggers,
                zone,
                habitMinPurchases,
                suppressBefore.orElse(jobStart.minus(Duration.ofDays(1))).toEpochMilli(),
                suppressBefore.isEmpty(),
                end,
                ReferralPlanner.from(config, MetricSettings.from(config)));
    }
}
