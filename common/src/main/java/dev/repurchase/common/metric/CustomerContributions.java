package dev.repurchase.common.metric;

import static dev.repurchase.common.metric.PeriodMetrics.CUSTOMERS;
import static dev.repurchase.common.metric.PeriodMetrics.NET_CENTS;
import static dev.repurchase.common.metric.PeriodMetrics.NEW_CUSTOMERS;
import static dev.repurchase.common.metric.PeriodMetrics.NEW_CUSTOMER_ORDERS;
import static dev.repurchase.common.metric.PeriodMetrics.NEW_NET_CENTS;
import static dev.repurchase.common.metric.PeriodMetrics.NEW_ORDERS;
import static dev.repurchase.common.metric.PeriodMetrics.ORDERS;
import static dev.repurchase.common.metric.PeriodMetrics.REPEAT_CUSTOMERS;
import static dev.repurchase.common.metric.PeriodMetrics.RETURNING_CUSTOMERS;
import static dev.repurchase.common.metric.PeriodMetrics.RETURNING_CUSTOMER_ORDERS;
import static dev.repurchase.common.metric.PeriodMetrics.RETURNING_NET_CENTS;
import static dev.repurchase.common.metric.PeriodMetrics.RETURNING_ORDERS;

import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.period.PeriodType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Everything one customer contributes to the aggregated tables, computed from the customer's whole
 * valid purchase sequence. Diffing the contributions before and after a change gives exact deltas
 * whatever the change was (late order, refund of the first order, delete, duplicate): see {@link
 * #diff}; {@link #changes} gives the same deltas computing only the rows a change can move.
 */
public final class CustomerContributions {

    private static final long DAY_MILLIS = 86_400_000L;

    /** One cell of an aggregated table: a row, and for histograms the day bucket. */
    record Cell(MetricKey key, int bucket) {}

    private final Map<Cell, long[]> cells = new HashMap<>();

    private CustomerContributions() {}

    /**
     * @param sequence the customer's valid purchases in sequence order (see {@link
     *     Purchase#compareInSequence})
     */
    public static CustomerContributions of(List<Purchase> sequence, MetricSettings settings) {
        return of(sequence, settings, null);
    }

    /**
     * The contributions of a sequence; with {@code changed} purchases, without the period and
     * category rows they cannot move: those of other periods and other categories.
     */
    private static CustomerContributions of(
            List<Purchase> sequence, MetricSettings settings, List<Purchase> changed) {
        CustomerContributions c = new CustomerContributions();
        if (sequence.isEmpty()) {
            return c;
        }
        for (PeriodType type : settings.periodTypes()) {
            Periods periods = new Periods(sequence, type, settings);
            if (changed == null) {
                periods.addEvery(c);
            } else {
                periods.addThoseOf(c, changed);
            }
            periods.addSecondPeriod(c);
            c.addFirstRepeatCycle(sequence, type, settings);
        }
        c.addCategoryCycles(
                sequence,
                changed == null ? category -> true : Purchase.categoriesOf(changed)::contains);
        c.addCampaignEffect(sequence, settings);
        return c;
    }

    /** No contributions: the start of those built elsewhere in this package. */
    static CustomerContributions empty() {
        return new CustomerContributions();
    }

    /** The deltas that turn {@code before}'s contributions into {@code after}'s. */
    public static List<MetricDelta> diff(
            CustomerContributions before, CustomerContributions after) {
        List<MetricDelta> deltas = new ArrayList<>();
        after.cells.forEach(
                (cell, now) -> {
                    long[] was = before.cells.get(cell);
                    long[] delta = new long[now.length];
                    boolean changed = false;
                    for (int i = 0; i < now.length; i++) {
                        delta[i] = now[i] - (was == null ? 0 : was[i]);
                        changed |= delta[i] != 0;
                    }
                    if (changed) {
                        deltas.add(new MetricDelta(cell.key(), cell.bucket(), delta));
                    }
                });
        before.cells.forEach(
                (cell, was) -> {
                    if (!after.cells.containsKey(cell)) {
                        long[] delta = new long[was.length];
                        for (int i = 0; i < was.length; i++) {
                            delta[i] = -was[i];
                        }
                        deltas.add(new MetricDelta(cell.key(), cell.bucket(), delta));
                    }
                });
        return deltas;
    }

    /**
     * The deltas a change of the customer's sequence makes, the same as {@code diff(of(before),
     * of(after))}. When both sequences start with the same purchase, the metric_period and
     * cohort_retention rows of a period, and the category_cycle rows of a category, stay as they
     * were unless a purchase that only one sequence holds falls in that period or has that
     * category; only those rows are computed, so that a change no longer costs as much as the
     * customer's whole history of periods and categories.
     *
     * @param before the sequence before the change
     * @param after the sequence after it, holding the very purchases of {@code before} the change
     *     left alone (a purchase is matched by identity; an equal copy counts as changed)
     */
    public static List<MetricDelta> changes(
            List<Purchase> before, List<Purchase> after, MetricSettings settings) {
        if (before.isEmpty() || after.isEmpty() || before.get(0) != after.get(0)) {
            return diff(of(before, settings), of(after, settings));
        }
        List<Purchase> changed = Purchase.inOneOnly(before, after);
        return diff(of(before, settings, changed), of(after, settings, changed));
    }

    /** The cells as a map from row to counters, for tests and inspection. */
    public Map<String, long[]> asMap() {
        Map<String, long[]> view = new LinkedHashMap<>();
        cells.forEach(
                (cell, v) ->
                        view.put(
                                cell.key()
                                        + (cell.key().table.isHistogram()
                                                ? "@" + cell.bucket()
                                                : ""),
                                v));
        return view;
    }

    /** Whole days from one purchase to the next: floor((t2 - t1) / 86400 s). */
    public static int intervalDays(Purchase earlier, Purchase later) {
        return (int) Math.floorDiv(later.purchasedAt - earlier.purchasedAt, DAY_MILLIS);
    }

    /**
     * The periods of one type in a non-empty sequence. A period's purchases are one run of the
     * sequence, found by the business time its period starts.
     */
    private static final class Periods {
        final List<Purchase> sequence;
        final PeriodType type;
        final MetricSettings settings;
        final LocalDate first;
        final String campaign;

        Periods(List<Purchase> sequence, PeriodType type, MetricSettings settings) {
            this.sequence = sequence;
            this.type = type;
            this.settings = settings;
            this.first = settings.calendar().periodStart(type, sequence.get(0).purchasedAt);
            this.campaign = campaignOf(sequence.get(0));
        }

        /** The metric_period and cohort_retention rows of every period with a purchase. */
        void addEvery(CustomerContributions c) {
            // Purchases are in time order, so each period's purchases are one run of the sequence.
            int from = 0;
            while (from < sequence.size()) {
                LocalDate period =
                        settings.calendar().periodStart(type, sequence.get(from).purchasedAt);
                int to = runEnd(period);
                addRun(c, from, to, period);
                from = to;
            }
        }

        /** The metric_period and cohort_retention rows of the periods of {@code changed}. */
        void addThoseOf(CustomerContributions c, List<Purchase> changed) {
            Set<LocalDate> touched = new HashSet<>();
            for (Purchase p : changed) {
                touched.add(settings.calendar().periodStart(type, p.purchasedAt));
            }
            for (LocalDate period : touched) {
                int from = runStart(period);
                int to = runEnd(period);
                if (from < to) {
                    addRun(c, from, to, period);
                }
            }
        }

        /** The index of the first purchase in {@code period} or later. */
        int runStart(LocalDate period) {
            return firstAtOrAfter(sequence, settings.calendar().startOf(period));
        }

        /** The index of the first purchase after {@code period}. */
        int runEnd(LocalDate period) {
            return firstAtOrAfter(sequence, settings.calendar().startOf(type.plus(period, 1)));
        }

        /** The rows of {@code period}, whose purchases are [from, to) of the sequence. */
        void addRun(CustomerContributions c, int from, int to, LocalDate period) {
            c.addPeriod(sequence, from, to, type, period, period.equals(first), campaign, settings);
            c.add(
                    new Cell(MetricKey.cohort(type, first, type.periodsBetween(first, period)), 0),
                    COHORT_ACTIVE);
        }

        /** The cohort cell of the period of the second purchase, if there is one. */
        void addSecondPeriod(CustomerContributions c) {
            if (sequence.size() < 2) {
                return;
            }
            LocalDate second = settings.calendar().periodStart(type, sequence.get(1).purchasedAt);
            c.add(
                    new Cell(MetricKey.cohort(type, first, type.periodsBetween(first, second)), 0),
                    COHORT_SECOND);
        }
    }

    /** The index of the first purchase at or after {@code epochMillis}; the size if none. */
    private static int firstAtOrAfter(List<Purchase> sequence, long epochMillis) {
        int low = 0;
        int high = sequence.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (sequence.get(middle).purchasedAt < epochMillis) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private static final long[] COHORT_ACTIVE = {1, 0};
    private static final long[] COHORT_SECOND = {0, 1};
    private static final long[] ONE = {1};

    /** Adds the metric_period rows of one period: purchases [from, to) of the sequence. */
    private void addPeriod(
            List<Purchase> sequence,
            int from,
            int to,
            PeriodType type,
            LocalDate period,
            boolean newCustomer,
            String campaign,
            MetricSettings settings) {
        // Per slice: orders, first orders, net, net of first orders.
        Map<MetricKey, long[]> slices = new LinkedHashMap<>();
        for (int i = from; i < to; i++) {
            Purchase p = sequence.get(i);
            boolean first = i == 0;
            slice(slices, type, period, Dimension.ALL, Dimension.ALL, p, first);
            for (String category : p.categories) {
                slice(slices, type, period, Dimension.CATEGORY, category, p, first);
            }
            slice(
                    slices,
                    type,
                    period,
                    Dimension.CHANNEL,
                    Dimension.orUnknown(p.channel),
                    p,
                    first);
            slice(slices, type, period, Dimension.REGION, Dimension.orUnknown(p.region), p, first);
            slice(
                    slices,
                    type,
                    period,
                    Dimension.PRICE_BAND,
                    settings.priceBands().label(p.netCents),
                    p,
                    first);
            slice(slices, type, period, Dimension.CAMPAIGN, campaign, p, first);
        }
        slices.forEach(
                (key, s) -> {
                    long orders = s[0];
                    long[] row = new long[PeriodMetrics.WIDTH];
                    row[CUSTOMERS] = 1;
                    row[REPEAT_CUSTOMERS] = orders >= 2 ? 1 : 0;
                    row[NEW_CUSTOMERS] = newCustomer ? 1 : 0;
                    row[RETURNING_CUSTOMERS] = newCustomer ? 0 : 1;
                    row[ORDERS] = orders;
                    row[NEW_ORDERS] = s[1];
                    row[RETURNING_ORDERS] = orders - s[1];
                    row[NEW_CUSTOMER_ORDERS] = newCustomer ? orders : 0;
                    row[RETURNING_CUSTOMER_ORDERS] = newCustomer ? 0 : orders;
                    row[NET_CENTS] = s[2];
                    row[NEW_NET_CENTS] = s[3];
                    row[RETURNING_NET_CENTS] = s[2] - s[3];
                    add(new Cell(key, 0), row);
                });
    }

    private static void slice(
            Map<MetricKey, long[]> slices,
            PeriodType type,
            LocalDate period,
            String dimension,
            String value,
            Purchase p,
            boolean first) {
        long[] s =
                slices.computeIfAbsent(
                        MetricKey.period(type, period, dimension, value), k -> new long[4]);
        s[0]++;
        s[2] += p.netCents;
        if (first) {
            s[1]++;
            s[3] += p.netCents;
        }
    }

    private void addFirstRepeatCycle(
            List<Purchase> sequence, PeriodType type, MetricSettings settings) {
        if (sequence.size() < 2) {
            return;
        }
        Purchase first = sequence.get(0);
        LocalDate cohort = settings.calendar().periodStart(type, first.purchasedAt);
        add(
                new Cell(
                        MetricKey.firstRepeatCycle(type, cohort),
                        intervalDays(first, sequence.get(1))),
                ONE);
    }

    /** The category_cycle rows of the categories {@code counted} takes. */
    private void addCategoryCycles(List<Purchase> sequence, Predicate<String> counted) {
        Map<String, Purchase> lastWithCategory = new HashMap<>();
        for (Purchase p : sequence) {
            for (String category : p.categories) {
                if (!counted.test(category)) {
                    continue;
                }
                Purchase previous = lastWithCategory.put(category, p);
                if (previous != null) {
                    add(
                            new Cell(MetricKey.categoryCycle(category), intervalDays(previous, p)),
                            ONE);
                }
            }
        }
    }

    /**
     * M9. Per campaign c of the customer's purchases: their first valid purchase with c, at t,
     * qualifies them in the MONTH of t, repurchased if a later valid purchase falls in (t, t +
     * window]. Per MONTH m with a valid purchase without a campaign: the first such purchase in m,
     * at t', makes them a baseline customer of m, repurchased if a later valid purchase (any) falls
     * in (t', t' + window]. Months are calendar months in the business time zone, whatever period
     * types are configured.
     */
    private void addCampaignEffect(List<Purchase> sequence, MetricSettings settings) {
        long window = settings.campaignWindowDays() * DAY_MILLIS;
        Set<String> campaigns = new HashSet<>();
        // Purchases are in time order: the first purchase without a campaign at or after the end
        // of the last baseline month is the first of its month.
        long baselineMonthEnd = Long.MIN_VALUE;
        for (int i = 0; i < sequence.size(); i++) {
            Purchase p = sequence.get(i);
            boolean baseline = p.campaignId == null || p.campaignId.isEmpty();
            if (baseline ? p.purchasedAt < baselineMonthEnd : !campaigns.add(p.campaignId)) {
                continue;
            }
            LocalDate month = settings.calendar().periodStart(PeriodType.MONTH, p.purchasedAt);
            MetricKey key;
            if (baseline) {
                baselineMonthEnd = settings.calendar().startOf(month.plusMonths(1));
                key = MetricKey.baselineMonth(month);
            } else {
                key = MetricKey.campaignMonth(month, p.campaignId);
            }
            add(new Cell(key, 0), new long[] {1, repurchasedWithin(sequence, i, window) ? 1 : 0});
        }
    }

    /** True if a purchase after the i-th one falls in (t_i, t_i + window]. */
    private static boolean repurchasedWithin(List<Purchase> sequence, int i, long window) {
        long t = sequence.get(i).purchasedAt;
        for (int j = i + 1; j < sequence.size(); j++) {
            long next = sequence.get(j).purchasedAt;
            if (next > t) {
                return next - t <= window;
            }
        }
        return false;
    }

    /** Adds {@code values} to the counters of a counter table's row. */
    void add(MetricKey key, long[] values) {
        add(new Cell(key, 0), values);
    }

    private void add(Cell cell, long[] values) {
        long[] sum = cells.get(cell);
        if (sum == null) {
            cells.put(cell, values.clone());
        } else {
            for (int i = 0; i < values.length; i++) {
                sum[i] += values[i];
            }
        }
    }

    private static String campaignOf(Purchase first) {
        return first.campaignId == null || first.campaignId.isEmpty()
                ? Dimension.NO_CAMPAIGN
                : first.campaignId;
    }
}
