package dev.repurchase.cli.replay;

import dev.repurchase.common.order.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The repurchase and lifecycle triggers of SPEC 4.1 that an order history calls for, worked out
 * here from the SPEC alone, independently of the job: the change events of each order as the replay
 * publishes them ({@link OrderRowVersions}), the valid purchases each leaves the customer with, and
 * the as-of rule. After each change at time c the customer is planned from the purchases valid just
 * after c; a trigger of that plan is sent if it is due after c, before the customer's next change,
 * and by the end of the history.
 *
 * <p>Settings it assumes: no bulk or amount limits, learned category cycles off, the own lower
 * median from 3 purchases on, else the default cycle; lead, grace, dormant and churn days as given;
 * the shop rules of SPEC 4.3 without filters: {@value #FIRST} (after-first-purchase-days 7),
 * {@value #QUIET} (no-purchase-days 30), {@value #SPENT} (spend-amount 500, spend-window-days 30)
 * and {@value #THIRD} (purchase-count 3).
 */
final class AsOfTriggers {

    private static final long DAY = 86_400_000L;

    static final String FIRST = "R_FIRST";
    static final String QUIET = "R_QUIET";
    static final String SPENT = "R_SPENT";
    static final String THIRD = "R_THIRD";

    /** The rules as job options. */
    static final String[] RULES = {
        "trigger-rules." + FIRST + ".after-first-purchase-days=7",
        "trigger-rules." + QUIET + ".no-purchase-days=30",
        "trigger-rules." + SPENT + ".spend-amount=500",
        "trigger-rules." + SPENT + ".spend-window-days=30",
        "trigger-rules." + THIRD + ".purchase-count=3"
    };

    private final int defaultCycle;
    private final int lead;
    private final int grace;
    private final int dormant;
    private final int churn;

    AsOfTriggers(int defaultCycle, int lead, int grace, int dormant, int churn) {
        this.defaultCycle = defaultCycle;
        this.lead = lead;
        this.grace = grace;
        this.dormant = dormant;
        this.churn = churn;
    }

    /** A valid purchase as the customer had it after a change: order, time, net. */
    private record Valid(String orderId, long at, BigDecimal net) {}

    /**
     * The triggers, each as "TYPE customer due last-purchase expected" (expected empty for DORMANT
     * and CHURNED), due at or before {@code end}.
     */
    Set<String> of(OrderHistory history, Instant end) {
        // Per customer, per change time, the order's validity after it (null: not valid).
        Map<String, TreeMap<Long, Map<String, Valid>>> changes = new HashMap<>();
        for (OrderRow row : history.orders()) {
            if (row.customerId() == null || row.customerId().isEmpty()) {
                continue;
            }
            Valid before = null;
            for (OrderRowVersions.Version version : OrderRowVersions.of(row)) {
                Valid after = validity(version.image());
                if (!Objects.equals(before, after)) {
                    changes.computeIfAbsent(row.customerId(), c -> new TreeMap<>())
                            .computeIfAbsent(version.at().toEpochMilli(), t -> new HashMap<>())
                            .put(row.orderId(), after);
                }
                before = after;
            }
        }
        Set<String> triggers = new TreeSet<>();
        changes.forEach((customer, timeline) -> plan(customer, timeline, end, triggers));
        return triggers;
    }

    /** SPEC 2: the purchase an order image is, or null if it is not a valid one. */
    private static Valid validity(OrderRow image) {
        Set<OrderStatus> paid =
                Set.of(
                        OrderStatus.PAID,
                        OrderStatus.SHIPPED,
                        OrderStatus.DELIVERED,
                        OrderStatus.COMPLETED,
                        OrderStatus.PARTIALLY_REFUNDED);
        BigDecimal refunded =
                image.refundedAmount() == null ? BigDecimal.ZERO : image.refundedAmount();
        BigDecimal net = image.totalAmount().subtract(refunded);
        if (!paid.contains(image.status()) || net.signum() <= 0) {
            return null;
        }
        Instant at = image.paidAt() != null ? image.paidAt() : image.createdAt();
        return new Valid(image.orderId(), at.toEpochMilli(), net.stripTrailingZeros());
    }

    private void plan(
            String customer,
            TreeMap<Long, Map<String, Valid>> timeline,
            Instant end,
            Set<String> out) {
        Map<String, Valid> valid = new HashMap<>();
        List<Long> times = new ArrayList<>(timeline.keySet());
        for (int i = 0; i < times.size(); i++) {
            long change = times.get(i);
            Set<String> before = new java.util.HashSet<>(valid.keySet());
            timeline.get(change)
                    .forEach(
                            (order, v) -> {
                                if (v == null) {
                                    valid.remove(order);
                                } else {
                                    valid.put(order, v);
                                }
                            });
            if (valid.isEmpty()) {
                continue;
            }
            long next = i + 1 < times.size() ? times.get(i + 1) : Long.MAX_VALUE;
            List<Valid> sequence =
                    valid.values().stream()
                            .sorted(
                                    Comparator.comparingLong(Valid::at)
                                            .thenComparing(Valid::orderId))
                            .toList();
            long last = sequence.get(sequence.size() - 1).at();
            long expected = last + cycleDays(sequence) * DAY;
            add(
                    out,
                    "REPLENISH_REMINDER",
                    customer,
                    expected - lead * DAY,
                    last,
                    expected,
                    change,
                    next,
                    end);
            add(
                    out,
                    "OVERDUE_FOLLOW_UP",
                    customer,
                    expected + grace * DAY,
                    last,
                    expected,
                    change,
                    next,
                    end);
            add(out, "DORMANT", customer, last + dormant * DAY, last, null, change, next, end);
            add(out, "CHURNED", customer, last + churn * DAY, last, null, change, next, end);
            if (sequence.size() == 1) {
                add(out, FIRST, customer, last + 7 * DAY, last, null, change, next, end);
            }
            add(out, QUIET, customer, last + 30 * DAY, last, null, change, next, end);
            if (change <= end.toEpochMilli()) {
                purchaseRules(customer, sequence, before, last, out);
            }
        }
    }

    /** SPEC 4.3's purchase rules on each purchase the change adds, due at its purchase time. */
    private static void purchaseRules(
            String customer, List<Valid> sequence, Set<String> before, long last, Set<String> out) {
        for (int k = 0; k < sequence.size(); k++) {
            Valid p = sequence.get(k);
            if (before.contains(p.orderId())) {
                continue;
            }
            if (sequence.size() == 3 && k == 2) {
                out.add(line(THIRD, customer, p.at(), last, null));
            }
            BigDecimal window = BigDecimal.ZERO;
            for (Valid q : sequence) {
                if (q.at() > p.at() - 30 * DAY && q.at() <= p.at()) {
                    window = window.add(q.net());
                }
            }
            BigDecimal amount = new BigDecimal(500);
            if (window.compareTo(amount) >= 0 && window.subtract(p.net()).compareTo(amount) < 0) {
                out.add(line(SPENT, customer, p.at(), last, null));
            }
        }
    }

    private static void add(
            Set<String> out,
            String type,
            String customer,
            long due,
            long last,
            Long expected,
            long change,
            long next,
            Instant end) {
        if (due > last && due > change && due < next && due <= end.toEpochMilli()) {
            out.add(line(type, customer, due, last, expected));
        }
    }

    static String line(String type, String customer, long due, long last, Long expected) {
        return String.join(
                " ",
                type,
                customer,
                Instant.ofEpochMilli(due).toString(),
                Instant.ofEpochMilli(last).toString(),
                expected == null ? "" : Instant.ofEpochMilli(expected).toString());
    }

    /** The own lower median of whole-day intervals from 3 purchases on, else the default. */
    private long cycleDays(List<Valid> sequence) {
        if (sequence.size() < 3) {
            return Math.max(1, defaultCycle);
        }
        long[] days = new long[sequence.size() - 1];
        for (int i = 1; i < sequence.size(); i++) {
            days[i - 1] = Math.floorDiv(sequence.get(i).at() - sequence.get(i - 1).at(), DAY);
        }
        Arrays.sort(days);
        return Math.max(1, days[(days.length + 1) / 2 - 1]);
    }
}
