package dev.repurchase.common.customer;

import dev.repurchase.common.config.ReferralOptions;
import dev.repurchase.common.metric.CustomerContributions;
import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.metric.MetricSettings;
import dev.repurchase.common.metric.ReferralContributions;
import dev.repurchase.common.order.Purchase;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The referral commissions of SPEC 8.1 as a pure function of a customer's valid purchases and
 * {@link Referral}: every valid purchase made at or after registration and less than {@code
 * referral.window-days} after it earns each referrer of the chain {@code round_half_up(net x
 * rate(level), 2)}. {@link #changes} turns two such states into what the sinks need: the rows of
 * {@code referral_commission} to write or delete, and the {@code referral_stat} deltas.
 */
public final class ReferralPlanner implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final long DAY_MILLIS = 86_400_000L;

    /** The rate of each level, level 1 first; their count is {@code referral.levels}. */
    private final BigDecimal[] rates;

    private final long windowMillis;
    private final MetricSettings metrics;

    public ReferralPlanner(double[] rates, int windowDays, MetricSettings metrics) {
        if (windowDays < 0) {
            throw new IllegalArgumentException(
                    ReferralOptions.WINDOW_DAYS.key() + " must not be negative: " + windowDays);
        }
        this.rates = new BigDecimal[rates.length];
        for (int i = 0; i < rates.length; i++) {
            if (!(rates[i] >= 0)) {
                throw new IllegalArgumentException(
                        ReferralOptions.levelRate(i + 1).key() + " must be >= 0: " + rates[i]);
            }
            // The decimal as written (0.05), not the binary double nearest to it.
            this.rates[i] = BigDecimal.valueOf(rates[i]);
        }
        this.windowMillis = windowDays * DAY_MILLIS;
        this.metrics = metrics;
    }

    /**
     * @throws IllegalArgumentException if a level up to {@code referral.levels} has no rate
     */
    public static ReferralPlanner from(ReadableConfig config, MetricSettings metrics) {
        int levels = config.get(ReferralOptions.LEVELS);
        if (levels < 0) {
            throw new IllegalArgumentException(
                    ReferralOptions.LEVELS.key() + " must not be negative: " + levels);
        }
        double[] rates = new double[levels];
        for (int level = 1; level <= levels; level++) {
            var option = ReferralOptions.levelRate(level);
            rates[level - 1] =
                    config.getOptional(option)
                            .or(() -> java.util.Optional.ofNullable(option.defaultValue()))
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    ReferralOptions.LEVELS.key()
                                                            + " is "
                                                            + levels
                                                            + ": set "
                                                            + option.key()));
        }
        return new ReferralPlanner(rates, config.get(ReferralOptions.WINDOW_DAYS), metrics);
    }

    /** How many levels of referrers earn: the length of every chain handed to the planner. */
    public int levels() {
        return rates.length;
    }

    /**
     * The rows the customer's purchases owe now, by row key.
     *
     * @param valid the customer's valid purchases
     * @param referral null if the customer has no customers row
     */
    public Map<String, ReferralCommission> commissions(
            String customerId, Referral referral, List<Purchase> valid) {
        Map<String, ReferralCommission> rows = new LinkedHashMap<>();
        if (referral == null || referral.earnsNothing()) {
            return rows;
        }
        long from = referral.registeredAt();
        for (Purchase p : valid) {
            if (p.purchasedAt < from || p.purchasedAt - from >= windowMillis) {
                continue;
            }
            int levels = Math.min(referral.levels(), rates.length);
            for (int level = 1; level <= levels; level++) {
                ReferralCommission c =
                        new ReferralCommission(
                                referral.referrer(level),
                                p.orderId,
                                level,
                                customerId,
                                p.purchasedAt,
                                p.netCents,
                                commissionCents(p.netCents, level));
                rows.put(c.rowKey(), c);
            }
        }
        return rows;
    }

    /** {@code round_half_up(net x rate, 2)} in cents. */
    long commissionCents(long netCents, int level) {
        return BigDecimal.valueOf(netCents)
                .multiply(rates[level - 1])
                .setScale(0, RoundingMode.HALF_UP)
                .longValueExact();
    }

    /**
     * What turns the rows owed {@code before} into those owed {@code after}: each row written (new
     * or changed) or deleted ({@link ReferralCommission#owed} false) to {@code rows}, and the
     * {@code referral_stat} deltas.
     */
    public List<MetricDelta> changes(
            Map<String, ReferralCommission> before,
            Map<String, ReferralCommission> after,
            Consumer<ReferralCommission> rows) {
        for (ReferralCommission now : after.values()) {
            if (!now.sameAs(before.get(now.rowKey()))) {
                rows.accept(now);
            }
        }
        for (ReferralCommission was : before.values()) {
            if (!after.containsKey(was.rowKey())) {
                rows.accept(was.gone());
            }
        }
        return CustomerContributions.diff(stats(before), stats(after));
    }

    private CustomerContributions stats(Map<String, ReferralCommission> rows) {
        return ReferralContributions.of(new ArrayList<>(rows.values()), metrics);
    }
}
