package dev.repurchase.common.metric;

import dev.repurchase.common.period.PeriodType;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Identifies one row of an aggregated table. Which fields are used depends on the table:
 *
 * <ul>
 *   <li>METRIC_PERIOD: periodType, periodStart, dimension, value
 *   <li>COHORT_RETENTION: periodType, periodStart (the cohort), offset
 *   <li>FIRST_REPEAT_CYCLE: periodType, periodStart (the cohort)
 *   <li>CATEGORY_CYCLE: value (the category)
 *   <li>EXCLUSION: periodType, periodStart, value (the reason)
 *   <li>LIFECYCLE_STAGE_COUNT: value (the stage); SEGMENT_STAT: value (the segment)
 *   <li>CAMPAIGN_MONTH: periodType MONTH, periodStart (the month), value (the campaign)
 *   <li>BASELINE_MONTH: periodType MONTH, periodStart (the month)
 *   <li>CAMPAIGN_EFFECT, COUPON_STAT: value (the campaign)
 *   <li>REFERRAL_STAT: periodType, periodStart, value (the referrer)
 * </ul>
 *
 * A Flink POJO and a key: {@link #hashCode()} is stable across JVMs (enums hash by ordinal).
 */
public class MetricKey {

    public MetricTable table;
    public PeriodType periodType;

    /** Epoch day of the period's first day; 0 when unused. */
    public int periodStart;

    public String dimension;
    public String value;
    public int offset;

    public MetricKey() {}

    private MetricKey(
            MetricTable table,
            PeriodType periodType,
            LocalDate periodStart,
            String dimension,
            String value,
            int offset) {
        this.table = table;
        this.periodType = periodType;
        this.periodStart = periodStart == null ? 0 : (int) periodStart.toEpochDay();
        this.dimension = dimension;
        this.value = value;
        this.offset = offset;
    }

    public static MetricKey period(
            PeriodType type, LocalDate start, String dimension, String value) {
        return new MetricKey(MetricTable.METRIC_PERIOD, type, start, dimension, value, 0);
    }

    public static MetricKey cohort(PeriodType type, LocalDate cohortStart, int offset) {
        return new MetricKey(MetricTable.COHORT_RETENTION, type, cohortStart, null, null, offset);
    }

    public static MetricKey firstRepeatCycle(PeriodType type, LocalDate cohortStart) {
        return new MetricKey(MetricTable.FIRST_REPEAT_CYCLE, type, cohortStart, null, null, 0);
    }

    public static MetricKey categoryCycle(String category) {
        return new MetricKey(MetricTable.CATEGORY_CYCLE, null, null, null, category, 0);
    }

    public static MetricKey exclusion(PeriodType type, LocalDate start, String reason) {
        return new MetricKey(MetricTable.EXCLUSION, type, start, null, reason, 0);
    }

    public static MetricKey lifecycleStage(String stage) {
        return new MetricKey(MetricTable.LIFECYCLE_STAGE_COUNT, null, null, null, stage, 0);
    }

    public static MetricKey segment(String segment) {
        return new MetricKey(MetricTable.SEGMENT_STAT, null, null, null, segment, 0);
    }

    /** M9: a campaign's customers who qualified in {@code month}. */
    public static MetricKey campaignMonth(LocalDate month, String campaign) {
        return new MetricKey(
                MetricTable.CAMPAIGN_MONTH, PeriodType.MONTH, month, null, campaign, 0);
    }

    /** M9: the baseline customers of {@code month}. */
    public static MetricKey baselineMonth(LocalDate month) {
        return new MetricKey(MetricTable.BASELINE_MONTH, PeriodType.MONTH, month, null, null, 0);
    }

    public static MetricKey campaignEffect(String campaign) {
        return new MetricKey(MetricTable.CAMPAIGN_EFFECT, null, null, null, campaign, 0);
    }

    public static MetricKey couponStat(String campaign) {
        return new MetricKey(MetricTable.COUPON_STAT, null, null, null, campaign, 0);
    }

    /** SPEC 8.1: a referrer's commissions from purchases in the period. */
    public static MetricKey referralStat(PeriodType type, LocalDate start, String referrerId) {
        return new MetricKey(MetricTable.REFERRAL_STAT, type, start, null, referrerId, 0);
    }

    public LocalDate periodStartDate() {
        return LocalDate.ofEpochDay(periodStart);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MetricKey)) {
            return false;
        }
        MetricKey k = (MetricKey) o;
        return table == k.table
                && periodType == k.periodType
                && periodStart == k.periodStart
                && offset == k.offset
                && Objects.equals(dimension, k.dimension)
                && Objects.equals(value, k.value);
    }

    @Override
    public int hashCode() {
        int h = table.ordinal();
        h = 31 * h + (periodType == null ? -1 : periodType.ordinal());
        h = 31 * h + periodStart;
        h = 31 * h + offset;
        h = 31 * h + Objects.hashCode(dimension);
        h = 31 * h + Objects.hashCode(value);
        return h;
    }

    @Override
    public String toString() {
        java.util.StringJoiner parts = new java.util.StringJoiner(" ", table + "[", "]");
        if (periodType != null) {
            parts.add(periodType + " " + periodStartDate());
        }
        if (value != null) {
            parts.add(dimension == null ? value : dimension + "=" + value);
        }
        if (table == MetricTable.COHORT_RETENTION) {
            parts.add("+" + offset);
        }
        return parts.toString();
    }
}
