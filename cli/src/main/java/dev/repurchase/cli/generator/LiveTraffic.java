package dev.repurchase.cli.generator;

import dev.repurchase.cli.generator.CustomerTraffic.IssuedCoupon;
import dev.repurchase.cli.replay.ChangeEvent;
import dev.repurchase.cli.replay.CouponFeed;
import dev.repurchase.cli.replay.CustomerFeed;
import dev.repurchase.cli.replay.DebeziumChangeFeed;
import dev.repurchase.cli.replay.ItemRow;
import dev.repurchase.cli.replay.OrderHistory;
import dev.repurchase.cli.replay.OrderRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.stream.IntStream;

/**
 * The shop of a profile happening live, for the demo: asked for a simulated instant, it hands over
 * every change that became due since the previous batch, in commit-time order, as the order
 * system's CDC would have published it. A clock speed-up maps real elapsed time to simulated time
 * (e.g. one simulated day per real second).
 *
 * <p>It is the very traffic of {@link OrderTraffic#generate}: the rows of a batch up to the
 * profile's end are those of the bounded history. Orders are created before the end; their later
 * changes (payment, delivery, refunds) still come due after it, then the traffic is exhausted.
 *
 * <p>Customers are simulated lazily when they register (with {@link ShopProfile.Growth}: their row
 * of the customers table comes due minutes before their first order; else at their first order),
 * and each customer's change events are rendered as they are handed over: memory holds the
 * customers registered so far whose history is not yet fully handed over. Each customer's order
 * changes are one {@link DebeziumChangeFeed}, so their log positions ({@code lsn}) increase per
 * customer, not across the shop: commit times order them, and a row never moves between customers.
 * Not thread-safe.
 */
public final class LiveTraffic {

    /**
     * What came due up to {@code until} and was not handed over before.
     *
     * @param until the simulated instant the batch reaches
     * @param events the change events, in commit-time order, none after {@code until}: what to
     *     publish to Kafka (e.g. with {@code HistoryPublisher})
     * @param rows the orders changed in this batch, each as it stands at {@code until} (a snapshot
     *     delta, as a query-based CDC or an export would see it), and the lines of those created in
     *     this batch
     * @param coupons the coupons issued or redeemed in this batch, as they stand at {@code until}
     */
    public record Batch(
            Instant until, List<ChangeEvent> events, OrderHistory rows, List<CouponRow> coupons) {

        public Batch {
            events = List.copyOf(events);
            coupons = List.copyOf(coupons);
        }

        public boolean isEmpty() {
            return events.isEmpty() && coupons.isEmpty();
        }
    }

    /** One simulated day per real second. */
    public static final Duration DEFAULT_SPEED = Duration.ofDays(1);

    /** A coupon change: issued, or redeemed. */
    private record CouponChange(Instant at, IssuedCoupon coupon) {}

    /** A customer whose changes are not all handed over yet. */
    private static final class Cursor {
        final int customer;
        final Iterator<ChangeEvent> events;
        final List<CouponChange> couponChanges;
        final Map<String, OrderRow> orders = new HashMap<>();
        final Map<String, List<ItemRow>> items = new HashMap<>();
        ChangeEvent event;
        int nextCoupon;

        Cursor(int customer, CustomerTraffic traffic) {
            this.customer = customer;
            for (OrderRow order : traffic.orders()) {
                orders.put(order.orderId(), order);
            }
            for (ItemRow item : traffic.items()) {
                items.computeIfAbsent(item.orderId(), id -> new ArrayList<>(2)).add(item);
            }
            this.events =
                    CouponFeed.merge(
                                    DebeziumChangeFeed.of(
                                            new OrderHistory(traffic.orders(), traffic.items())),
                                    CustomerFeed.of(traffic.customers(), CustomerFeed.TOPIC))
                            .iterator();
            this.event = events.hasNext() ? events.next() : null;
            List<CouponChange> changes = new ArrayList<>();
            for (IssuedCoupon coupon : traffic.coupons()) {
                changes.add(new CouponChange(coupon.row().issuedAt(), coupon));
                if (coupon.redeemedAt() != null) {
                    changes.add(new CouponChange(coupon.redeemedAt(), coupon));
                }
            }
            changes.sort(Comparator.comparing(CouponChange::at)); // stable: issued first
            this.couponChanges = changes;
        }

        boolean done() {
            return event == null && nextCoupon == couponChanges.size();
        }

        /** The time of the next change; of an event and a coupon change at once, the event. */
        Instant headTime() {
            Instant coupon =
                    nextCoupon < couponChanges.size() ? couponChanges.get(nextCoupon).at() : null;
            if (event == null) {
                return coupon;
            }
            return coupon == null || !coupon.isBefore(event.eventTime())
                    ? event.eventTime()
                    : coupon;
        }

        boolean eventIsNext() {
            return event != null
                    && (nextCoupon == couponChanges.size()
                            || !couponChanges.get(nextCoupon).at().isBefore(event.eventTime()));
        }
    }

    private final ShopProfile profile;
    private final Duration simulatedPerRealSecond;
    private final CustomerSimulator simulator;

    /** The customers by registration: (seconds after start) << 32 | index, ascending. */
    private final long[] acquisitions;

    private final PriorityQueue<Cursor> due =
            new PriorityQueue<>(
                    Comparator.comparing(Cursor::headTime)
                            .thenComparingInt(cursor -> cursor.customer));
    private int admitted;
    private Instant reached;

    /** The profile's shop at the {@link #DEFAULT_SPEED}. */
    public LiveTraffic(ShopProfile profile) {
        this(profile, DEFAULT_SPEED);
    }

    /**
     * @param simulatedPerRealSecond how much simulated time passes per real second
     */
    public LiveTraffic(ShopProfile profile, Duration simulatedPerRealSecond) {
        if (simulatedPerRealSecond.isNegative() || simulatedPerRealSecond.isZero()) {
            throw new IllegalArgumentException("the speed-up must be positive");
        }
        this.profile = profile;
        this.simulatedPerRealSecond = simulatedPerRealSecond;
        this.simulator = new CustomerSimulator(profile);
        long start = profile.start().getEpochSecond();
        this.acquisitions =
                IntStream.range(0, profile.customers())
                        .parallel()
                        .mapToLong(i -> (simulator.registrationSecond(i) - start) << 32 | i)
                        .sorted()
                        .toArray();
        this.reached = profile.start().minusNanos(1);
        List<CustomerTraffic> shopWide =
                List.of(simulator.simulateTestAccount(), simulator.simulateFlashSale());
        for (int i = 0; i < shopWide.size(); i++) {
            // numbered after the customers, so that ties of their changes stay in this order
            Cursor cursor = new Cursor(profile.customers() + i, shopWide.get(i));
            if (!cursor.done()) {
                due.add(cursor);
            }
        }
    }

    public ShopProfile profile() {
        return profile;
    }

    /** The simulated instant {@code realElapsed} after the start, at this speed-up. */
    public Instant simulatedTime(Duration realElapsed) {
        double seconds = realElapsed.toNanos() / 1e9;
        long millis = Math.round(seconds * simulatedPerRealSecond.toMillis());
        return profile.start().plusMillis(millis);
    }

    /** {@link #advanceTo} the {@link #simulatedTime} of {@code realElapsed}. */
    public Batch advanceBy(Duration realElapsed) {
        return advanceTo(simulatedTime(realElapsed));
    }

    /**
     * Hands over every change due at or before {@code until} and not handed over yet.
     *
     * @throws IllegalArgumentException if {@code until} is before an earlier batch's
     */
    public Batch advanceTo(Instant until) {
        if (until.isBefore(reached)) {
            throw new IllegalArgumentException(
                    "time runs forward: " + until + " is before " + reached);
        }
        Instant previousUntil = reached;
        reached = until;
        admit(until);

        List<ChangeEvent> events = new ArrayList<>();
        Map<String, Cursor> changedOrders = new LinkedHashMap<>();
        Map<String, IssuedCoupon> changedCoupons = new LinkedHashMap<>();
        while (!due.isEmpty() && !due.peek().headTime().isAfter(until)) {
            Cursor cursor = due.poll();
            Instant time = cursor.headTime();
            // Everything of this customer at this instant, in the customer's own order.
            do {
                if (cursor.eventIsNext()) {
                    events.add(cursor.event);
                    if (!CustomerFeed.TOPIC.equals(cursor.event.topic())) {
                        changedOrders.putIfAbsent(cursor.event.orderId(), cursor);
                    }
                    cursor.event = cursor.events.hasNext() ? cursor.events.next() : null;
                } else {
                    IssuedCoupon coupon = cursor.couponChanges.get(cursor.nextCoupon++).coupon();
                    changedCoupons.put(coupon.row().couponId(), coupon);
                }
            } while (!cursor.done() && cursor.headTime().equals(time));
            if (!cursor.done()) {
                due.add(cursor);
            }
        }

        List<OrderRow> rows = new ArrayList<>(changedOrders.size());
        List<ItemRow> items = new ArrayList<>();
        for (Map.Entry<String, Cursor> changed : changedOrders.entrySet()) {
            OrderRow order = changed.getValue().orders.get(changed.getKey());
            rows.add(AsOf.order(order, until));
            if (order.createdAt().isAfter(previousUntil)) {
                items.addAll(changed.getValue().items.getOrDefault(order.orderId(), List.of()));
            }
        }
        List<CouponRow> coupons = new ArrayList<>(changedCoupons.size());
        for (IssuedCoupon coupon : changedCoupons.values()) {
            coupons.add(AsOf.coupon(coupon, until));
        }
        return new Batch(until, events, new OrderHistory(rows, items), coupons);
    }

    /** When the next change comes due; null once exhausted. */
    public Instant nextChangeAt() {
        Instant next = due.isEmpty() ? null : due.peek().headTime();
        if (admitted < acquisitions.length) {
            Instant registration = profile.start().plusSeconds(acquisitions[admitted] >>> 32);
            next = next == null || registration.isBefore(next) ? registration : next;
        }
        return next;
    }

    /** True once every change of the shop was handed over. */
    public boolean exhausted() {
        return nextChangeAt() == null;
    }

    /** The simulated instant of the latest batch. */
    public Instant reached() {
        return reached;
    }

    /** Simulates the customers who register by {@code until}. */
    private void admit(Instant until) {
        long start = profile.start().getEpochSecond();
        while (admitted < acquisitions.length
                && start + (acquisitions[admitted] >>> 32) <= until.getEpochSecond()) {
            int customer = (int) acquisitions[admitted++];
            Cursor cursor = new Cursor(customer, simulator.simulate(customer));
            if (!cursor.done()) {
                due.add(cursor);
            }
        }
    }
}
