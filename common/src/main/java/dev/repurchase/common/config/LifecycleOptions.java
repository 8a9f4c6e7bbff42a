package dev.repurchase.common.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/**
 * Options of the customer lifecycle, RFM layering and triggers (SPEC sections 3 M7, M8 and 4).
 * Per-category default cycles are the options {@code cycles.<category>} (whole days).
 */
public final class LifecycleOptions {

    private LifecycleOptions() {}

    /** Prefix of the per-category default cycles, e.g. {@code cycles.coffee: 30}. */
    public static final String CATEGORY_CYCLE_PREFIX = "cycles.";

    public static final ConfigOption<Integer> DEFAULT_CYCLE_DAYS =
            key("cycles.default")
                    .intType()
                    .defaultValue(30)
                    .withDescription(
                            "Repurchase cycle in days when neither the customer's own median, the"
                                    + " learned category median nor cycles.<category> applies.");

    public static final ConfigOption<Integer> LEAD_DAYS =
            key("reminders.lead-days")
                    .intType()
                    .defaultValue(5)
                    .withDescription(
                            "REPLENISH_REMINDER is due this many days before the expected"
                                    + " repurchase date.");

    public static final ConfigOption<Integer> GRACE_DAYS =
            key("reminders.grace-days")
                    .intType()
                    .defaultValue(10)
                    .withDescription(
                            "OVERDUE_FOLLOW_UP is due this many days after the expected"
                                    + " repurchase date.");

    public static final ConfigOption<Integer> MIN_SAMPLES =
            key("reminders.min-samples")
                    .intType()
                    .defaultValue(20)
                    .withDescription(
                            "Matured intervals (reminders.learn-horizon-days) a category needs"
                                    + " before its learned median cycle is used.");

    public static final ConfigOption<Integer> LEARN_HORIZON_DAYS =
            key("reminders.learn-horizon-days")
                    .intType()
                    .defaultValue(90)
                    .withDescription(
                            "The learned category cycle counts only the intervals whose first"
                                    + " purchase is at least this many days (of 24 h) before the"
                                    + " time of planning and whose second came within as many"
                                    + " days: intervals still running are not known yet.");

    public static final ConfigOption<Integer> HABIT_MIN_PURCHASES =
            key("reminders.habit-min-purchases")
                    .intType()
                    .defaultValue(3)
                    .withDescription(
                            "Valid purchases a customer needs before their habitual hour and"
                                    + " weekday (customer_profile.habitual_hour,"
                                    + " habitual_weekday) are known.");

    public static final ConfigOption<Boolean> AT_HABITUAL_HOUR =
            key("reminders.at-habitual-hour")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Move a REPLENISH_REMINDER to the first whole hour at or after its due"
                                    + " time whose local hour is the customer's habitual hour"
                                    + " (when they have one).");

    public static final ConfigOption<Integer> MIN_CYCLE_DAYS =
            key("reminders.min-cycle-days")
                    .intType()
                    .defaultValue(1)
                    .withDescription("The expected cycle is never shorter than this.");

    public static final ConfigOption<String> SUPPRESS_BEFORE =
            key("reminders.suppress-before")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Triggers due before this instant (ISO-8601) are logged as SUPPRESSED"
                                    + " and not sent. Default: the job's first start minus one"
                                    + " day, so a backfill of history sends nothing stale; kept in"
                                    + " checkpoints and savepoints, so restarts and upgrades do not"
                                    + " move it.");

    public static final ConfigOption<Integer> DORMANT_DAYS =
            key("lifecycle.dormant-days")
                    .intType()
                    .defaultValue(90)
                    .withDescription("Days without a purchase after which a customer is DORMANT.");

    public static final ConfigOption<Integer> CHURN_DAYS =
            key("lifecycle.churn-days")
                    .intType()
                    .defaultValue(180)
                    .withDescription("Days without a purchase after which a customer is CHURNED.");

    public static final ConfigOption<List<Integer>> RECENCY_DAYS =
            key("rfm.recency-days")
                    .intType()
                    .asList()
                    .defaultValues(30, 60, 90, 180)
                    .withDescription(
                            "Ascending day bounds of the R score: R = 5 within the first, 4 within"
                                    + " the second, ..., 1 beyond the last.");

    public static final ConfigOption<List<Integer>> FREQUENCY_BOUNDS =
            key("rfm.frequency")
                    .intType()
                    .asList()
                    .defaultValues(1, 2, 4, 8)
                    .withDescription(
                            "Ascending bounds of the F score on purchases in the trailing 365"
                                    + " days: F = 1 + the number of bounds exceeded.");

    public static final ConfigOption<List<String>> MONETARY_BOUNDS =
            key("rfm.monetary")
                    .stringType()
                    .asList()
                    .defaultValues("100", "300", "1000", "3000")
                    .withDescription(
                            "Ascending bounds of the M score on net spend in the trailing 365"
                                    + " days: M = 1 + the number of bounds exceeded.");

    public static final ConfigOption<String> SEGMENT_HIGH_VALUE =
            key("segments.high-value")
                    .stringType()
                    .defaultValue("r>=4 & f>=4 & m>=4")
                    .withDescription(
                            "Rule of HIGH_VALUE (tested first): comparisons (>=, <=, >, <, =) of"
                                    + " the scores r, f, m with whole numbers, joined by &.");

    public static final ConfigOption<String> SEGMENT_CORE =
            key("segments.core")
                    .stringType()
                    .defaultValue("r>=3 & f>=3")
                    .withDescription("Rule of CORE (tested second).");

    public static final ConfigOption<String> SEGMENT_AT_RISK =
            key("segments.at-risk")
                    .stringType()
                    .defaultValue("r<=2 & f>=3")
                    .withDescription(
                            "Rule of AT_RISK (tested third). Any rule may also compare p_alive,"
                                    + " the probability that the customer still buys (SPEC 9), with"
                                    + " a number from 0 to 1, e.g. 'f>=2 & p_alive<0.5': it does"
                                    + " not hold before the first prediction fit, and each new fit"
                                    + " moves the segments it changes.");

    public static final ConfigOption<String> SEGMENT_CHURNED =
            key("segments.churned")
                    .stringType()
                    .defaultValue("r<=1")
                    .withDescription(
                            "Rule of CHURNED (tested fourth); customers no rule takes are"
                                    + " REGULAR.");

    public static final ConfigOption<String> EVENT_TIME_END =
            key("time.end")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Event time stops here (ISO-8601): timers due later do not fire. The"
                                    + " replay sets it to the end of the history (or --as-of).");
}
