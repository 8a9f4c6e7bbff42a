package dev.repurchase.cli.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.repurchase.cli.replay.ItemRow;
import dev.repurchase.cli.replay.OrderHistory;
import dev.repurchase.cli.replay.OrderRow;
import dev.repurchase.common.order.OrderStatus;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrderTrafficTest {

    private static final Instant NEW_YEAR_2024 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant NEW_YEAR_2025 = Instant.parse("2025-01-01T00:00:00Z");

    /** A year of a 5,000-customer shop with every knob at its default. */
    private static final ShopProfile SHOP =
            ShopProfile.demo(5_000, NEW_YEAR_2024, NEW_YEAR_2025, 7);

    private static final GeneratedShop GENERATED = OrderTraffic.generate(SHOP);

    private static final BigDecimal BULK_MAX_QUANTITY = BigDecimal.valueOf(1000);
    private static final BigDecimal BULK_MAX_AMOUNT = new BigDecimal("10000");

    @Test
    void theSameSeedGivesTheSameShop() {
        GeneratedShop again = OrderTraffic.generate(SHOP);

        assertThat(again.history().orders()).isEqualTo(GENERATED.history().orders());
        assertThat(again.history().items()).isEqualTo(GENERATED.history().items());
        assertThat(again.coupons()).isEqualTo(GENERATED.coupons());
    }

    @Test
    void anotherSeedGivesAnotherShop() {
        GeneratedShop other = OrderTraffic.generate(SHOP.withSeed(8));

        assertThat(other.history().orders()).isNotEqualTo(GENERATED.history().orders());
    }

    @Test
    void batchesOfCustomersHoldExactlyTheRowsOfTheWholeHistory() {
        List<OrderRow> orders = new ArrayList<>();
        List<ItemRow> items = new ArrayList<>();
        List<CouponRow> coupons = new ArrayList<>();
        int batches = 0;
        for (Iterator<GeneratedShop> it = OrderTraffic.batches(SHOP, 1_700); it.hasNext(); ) {
            GeneratedShop batch = it.next();
            orders.addAll(batch.history().orders());
            items.addAll(batch.history().items());
            coupons.addAll(batch.coupons());
            batches++;
        }

        assertThat(batches).isEqualTo(3);
        assertThat(inIdOrder(orders)).isEqualTo(GENERATED.history().orders());
        assertThat(inLineOrder(items)).isEqualTo(GENERATED.history().items());
        assertThat(inIssueOrder(coupons)).isEqualTo(GENERATED.coupons());
    }

    @Test
    void ordersComeInCreationOrderWithUniqueIdsThatSortTheSameWay() {
        List<OrderRow> orders = GENERATED.history().orders();

        assertThat(orders).extracting(OrderRow::createdAt).isSorted();
        assertThat(orders).extracting(OrderRow::orderId).isSorted().doesNotHaveDuplicates();
        assertThat(orders)
                .allSatisfy(
                        order ->
                                assertThat(order.createdAt())
                                        .isBetween(NEW_YEAR_2024, NEW_YEAR_2025)
                                        .isBefore(NEW_YEAR_2025));
    }

    @Test
    void everyOrderHasOneToFourNumberedLinesOfKnownCategories() {
        Map<String, List<ItemRow>> lines = linesByOrder(GENERATED);
        Set<String> categories =
                SHOP.categories().stream().map(CategoryHabit::category).collect(Collectors.toSet());

        assertThat(lines.keySet()).isEqualTo(ordersById(GENERATED).keySet());
        assertThat(lines.values())
                .allSatisfy(
                        orderLines -> {
                            assertThat(orderLines).hasSizeBetween(1, 4);
                            assertThat(orderLines)
                                    .extracting(ItemRow::lineNo)
                                    .containsExactly(
                                            java.util.stream.IntStream.rangeClosed(
                                                            1, orderLines.size())
                                                    .boxed()
                                                    .toArray(Integer[]::new));
                            assertThat(orderLines)
                                    .allSatisfy(
                                            line -> {
                                                assertThat(line.category()).isIn(categories);
                                                assertThat(line.sku()).isNotBlank();
                                                assertThat(line.quantity()).isPositive();
                                                assertThat(line.unitPrice().signum())
                                                        .isNotNegative();
                                            });
                        });
    }

    @Test
    void totalAmountIsTheSumOfQuantityTimesUnitPriceRoundedHalfUp() {
        Map<String, List<ItemRow>> lines = linesByOrder(GENERATED);

        assertThat(GENERATED.history().orders())
                .allSatisfy(
                        order -> {
                            BigDecimal sum =
                                    lines.get(order.orderId()).stream()
                                            .map(
                                                    line ->
                                                            line.unitPrice()
                                                                    .multiply(
                                                                            BigDecimal.valueOf(
                                                                                    line
                                                                                            .quantity())))
                                            .reduce(BigDecimal.ZERO, BigDecimal::add)
                                            .setScale(2, RoundingMode.HALF_UP);
                            assertThat(order.totalAmount()).isEqualTo(sum);
                        });
    }

    @Test
    void statusTimesFollowTheLifecycleOfAnOrder() {
        assertThat(GENERATED.history().orders())
                .allSatisfy(
                        order -> {
                            assertThat(notBefore(order.paidAt(), order.createdAt())).isTrue();
                            assertThat(notBefore(order.shippedAt(), order.paidAt())).isTrue();
                            assertThat(notBefore(order.deliveredAt(), order.shippedAt())).isTrue();
                            assertThat(notBefore(order.cancelledAt(), order.createdAt())).isTrue();
                            if (order.shippedAt() != null) {
                                assertThat(order.paidAt()).isNotNull();
                            }
                            if (order.deliveredAt() != null) {
                                assertThat(order.shippedAt()).isNotNull();
                            }
                            assertThat(order.updatedAt())
                                    .isAfterOrEqualTo(order.createdAt())
                                    .isBeforeOrEqualTo(NEW_YEAR_2025);
                            assertThat(latestStatusTime(order))
                                    .isBeforeOrEqualTo(order.updatedAt());
                        });
    }

    @Test
    void statusAgreesWithTheTimesReached() {
        assertThat(GENERATED.history().orders())
                .allSatisfy(
                        order -> {
                            switch (order.status()) {
                                case PENDING_PAYMENT -> {
                                    assertThat(order.paidAt()).isNull();
                                    assertThat(order.cancelledAt()).isNull();
                                }
                                case CANCELLED -> {
                                    assertThat(order.cancelledAt()).isNotNull();
                                    assertThat(order.paidAt()).isNull();
                                }
                                case PAID -> assertThat(order.shippedAt()).isNull();
                                case SHIPPED -> assertThat(order.deliveredAt()).isNull();
                                default -> {
                                    assertThat(
                                                    order.status().paymentCaptured()
                                                            || order.status()
                                                                    == OrderStatus.REFUNDED)
                                            .isTrue();
                                    assertThat(order.paidAt()).isNotNull();
                                    assertThat(order.cancelledAt()).isNull();
                                }
                            }
                        });
    }

    @Test
    void refundsGiveBackAtMostTheTotal() {
        assertThat(GENERATED.history().orders())
                .allSatisfy(
                        order -> {
                            BigDecimal refunded = order.refundedAmount();
                            assertThat(refunded).isLessThanOrEqualTo(order.totalAmount());
                            switch (order.status()) {
                                case REFUNDED ->
                                        assertThat(refunded).isEqualTo(order.totalAmount());
                                case PARTIALLY_REFUNDED ->
                                        assertThat(refunded)
                                                .isPositive()
                                                .isLessThan(order.totalAmount());
                                default -> assertThat(refunded).isZero();
                            }
                        });
    }

    @Test
    void orderFatesFollowTheConfiguredShares() {
        ShopProfile.OrderFates fates = new ShopProfile.OrderFates(0.06, 0.10, 0.08, 0.04, 0.5);
        List<OrderRow> orders =
                OrderTraffic.generate(SHOP.withFates(fates)).history().orders().stream()
                        // settled: every refund comes within 3 weeks of the order
                        .filter(order -> order.createdAt().isBefore(NEW_YEAR_2025.minus(days(30))))
                        .toList();

        assertThat(orders).hasSizeGreaterThan(10_000);
        assertThat(share(orders, OrderStatus.PENDING_PAYMENT)).isCloseTo(0.06, within(0.01));
        assertThat(share(orders, OrderStatus.CANCELLED)).isCloseTo(0.10, within(0.01));
        assertThat(share(orders, OrderStatus.REFUNDED)).isCloseTo(0.08, within(0.01));
        assertThat(share(orders, OrderStatus.PARTIALLY_REFUNDED)).isCloseTo(0.04, within(0.01));
    }

    @Test
    void defaultFatesLeaveMostOrdersCompleted() {
        List<OrderRow> orders = GENERATED.history().orders();

        assertThat(share(orders, OrderStatus.PENDING_PAYMENT)).isCloseTo(0.03, within(0.01));
        assertThat(share(orders, OrderStatus.CANCELLED)).isCloseTo(0.05, within(0.01));
        assertThat(share(orders, OrderStatus.REFUNDED)).isCloseTo(0.03, within(0.01));
        assertThat(share(orders, OrderStatus.PARTIALLY_REFUNDED)).isCloseTo(0.03, within(0.01));
        assertThat(share(orders, OrderStatus.COMPLETED)).isGreaterThan(0.75);
    }

    @ParameterizedTest(name = "{0} buyers repurchase every {1} to {2} days")
    @CsvSource({"coffee, 21, 35", "tea, 36, 48", "snacks, 11, 17"})
    void customersRepurchaseACategoryOnTheirHabitsCycle(String category, int minDays, int maxDays) {
        List<Long> intervals = intervalDays(GENERATED, category);

        assertThat(intervals).hasSizeGreaterThan(1_000);
        assertThat(lowerMedian(intervals)).isBetween((long) minDays, (long) maxDays);
        // Jitter, basket consolidation and skipped purchases spread them, within reason.
        assertThat(quantile(intervals, 0.25)).isGreaterThanOrEqualTo(minDays - 7L);
        assertThat(quantile(intervals, 0.75)).isLessThanOrEqualTo(maxDays + 7L);
    }

    @Test
    void everyOrderCarriesThePhoneAndEmailThePipelineMustMask() {
        assertThat(GENERATED.history().orders())
                .allSatisfy(
                        order -> {
                            assertThat(order.customerPhone()).matches("1[3-9]\\d{9}");
                            assertThat(order.customerEmail())
                                    .matches("[a-z]+\\.[a-z]+\\d*@example\\.[a-z]+");
                        });
        Map<String, Set<String>> phonesPerCustomer =
                GENERATED.history().orders().stream()
                        .collect(
                                Collectors.groupingBy(
                                        OrderRow::customerId,
                                        Collectors.mapping(
                                                OrderRow::customerPhone, Collectors.toSet())));
        assertThat(phonesPerCustomer.values()).allSatisfy(phones -> assertThat(phones).hasSize(1));
    }

    @Test
    void couponsAreRedeemedOnlyByTheirOwnCustomerWhileValid() {
        Map<String, OrderRow> orders = ordersById(GENERATED);
        Map<String, CouponRow> coupons =
                GENERATED.coupons().stream()
                        .collect(Collectors.toMap(CouponRow::couponId, Function.identity()));

        assertThat(coupons).hasSameSizeAs(GENERATED.coupons());
        assertThat(GENERATED.coupons()).filteredOn(CouponRow::redeemed).hasSizeGreaterThan(100);
        assertThat(GENERATED.coupons())
                .allSatisfy(
                        coupon -> {
                            assertThat(coupon.issuedAt()).isBefore(NEW_YEAR_2025);
                            if (coupon.redeemed()) {
                                OrderRow order = orders.get(coupon.redeemedOrderId());
                                assertThat(order.customerId()).isEqualTo(coupon.customerId());
                                assertThat(order.couponId()).isEqualTo(coupon.couponId());
                                assertThat(order.campaignId()).isEqualTo(coupon.campaignId());
                                assertThat(order.createdAt())
                                        .isAfterOrEqualTo(coupon.issuedAt())
                                        .isBefore(coupon.expiresAt());
                            }
                        });
        assertThat(GENERATED.history().orders())
                .filteredOn(order -> order.couponId() != null)
                .allSatisfy(
                        order ->
                                assertThat(coupons.get(order.couponId()).redeemedOrderId())
                                        .isEqualTo(order.orderId()));
    }

    @Test
    void campaignsMarkSomeOrders() {
        Set<String> campaigns =
                GENERATED.history().orders().stream()
                        .map(OrderRow::campaignId)
                        .filter(java.util.Objects::nonNull)
                        .collect(Collectors.toSet());

        assertThat(campaigns)
                .contains(
                        "spring-sale", "618", "double-11", "new-year", "buy2get1", "welcome-back");
        assertThat(
                        GENERATED.history().orders().stream()
                                .filter(order -> order.campaignId() != null)
                                .count())
                .isBetween(
                        GENERATED.history().orders().size() / 20L,
                        GENERATED.history().orders().size() / 3L);
    }

    @Test
    void theShopHasEveryKindOfCustomerThePipelineMustTellApart() {
        List<OrderRow> orders = GENERATED.history().orders();
        Map<String, Long> ordersPerCustomer =
                orders.stream()
                        .collect(
                                Collectors.groupingBy(OrderRow::customerId, Collectors.counting()));
        Map<String, List<ItemRow>> lines = linesByOrder(GENERATED);

        assertThat(ordersPerCustomer).hasSize(5_001).containsKey("test-account");
        long oneTimeBuyers = ordersPerCustomer.values().stream().filter(n -> n == 1).count();
        assertThat(oneTimeBuyers).isBetween(5_000 / 5L, 5_000 / 2L);
        long regulars = ordersPerCustomer.values().stream().filter(n -> n >= 6).count();
        assertThat(regulars).isGreaterThan(5_000 / 5L);
        assertThat(orders)
                .filteredOn(order -> order.customerId().equals("test-account"))
                .hasSizeGreaterThan(100)
                .allSatisfy(
                        order ->
                                assertThat(order.totalAmount())
                                        .isLessThanOrEqualTo(new BigDecimal("0.01")));
        assertThat(orders)
                .filteredOn(order -> isBulk(order, lines.get(order.orderId())))
                .hasSizeBetween(10, orders.size() / 50);
        assertThat(orders)
                .extracting(OrderRow::channel)
                .containsOnly("app", "web", "mini-program", "store");
        assertThat(orders).extracting(OrderRow::region).doesNotContainNull();
        assertThat(orders).extracting(OrderRow::currency).containsOnly("CNY");
    }

    @Test
    void theHistoryRoundTripsThroughTheReplaysCsvFiles(@TempDir Path directory) throws IOException {
        ShopProfile small = SHOP.withCustomers(300);
        GeneratedShop shop = OrderTraffic.generate(small);

        TrafficSummary written = OrderTraffic.writeCsv(small, directory, 128);
        OrderHistory read =
                OrderHistory.read(
                        directory.resolve("orders.csv"), directory.resolve("order_items.csv"));

        assertThat(written).isEqualTo(shop.summary());
        assertThat(inIdOrder(read.orders())).isEqualTo(shop.history().orders());
        assertThat(inLineOrder(read.items())).isEqualTo(shop.history().items());
        assertThat(directory.resolve("coupons.csv"))
                .content()
                .startsWith(String.join(",", CouponRow.COLUMNS));
    }

    @Test
    void theSummaryCountsTheRows() {
        TrafficSummary summary = GENERATED.summary();

        assertThat(summary.orders()).isEqualTo(GENERATED.history().orders().size());
        assertThat(summary.items()).isEqualTo(GENERATED.history().items().size());
        assertThat(summary.coupons()).isEqualTo(GENERATED.coupons().size());
        assertThat(summary.ordersByStatus().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(summary.orders());
        assertThat(summary.customers()).isEqualTo(5_001);
    }

    // ------------------------------------------------------------------------------------------

    /**
     * Whole days between consecutive valid purchases (payment captured, not bulk) of the same
     * customer containing the category, by purchase time (paid_at).
     */
    static List<Long> intervalDays(GeneratedShop shop, String category) {
        Map<String, OrderRow> orders = ordersById(shop);
        Map<String, List<ItemRow>> lines = linesByOrder(shop);
        Map<String, TreeSet<Instant>> purchases = new HashMap<>();
        for (Map.Entry<String, List<ItemRow>> order : lines.entrySet()) {
            OrderRow row = orders.get(order.getKey());
            boolean hasCategory =
                    order.getValue().stream().anyMatch(line -> category.equals(line.category()));
            if (hasCategory && row.status().paymentCaptured() && !isBulk(row, order.getValue())) {
                purchases.computeIfAbsent(row.customerId(), c -> new TreeSet<>()).add(row.paidAt());
            }
        }
        List<Long> intervals = new ArrayList<>();
        for (TreeSet<Instant> times : purchases.values()) {
            Instant previous = null;
            for (Instant time : times) {
                if (previous != null) {
                    intervals.add(Duration.between(previous, time).toDays());
                }
                previous = time;
            }
        }
        Collections.sort(intervals);
        return intervals;
    }

    static long lowerMedian(List<Long> sorted) {
        return quantile(sorted, 0.5);
    }

    /** The ceil(q * n)-th smallest. */
    static long quantile(List<Long> sorted, double q) {
        return sorted.get((int) Math.ceil(q * sorted.size()) - 1);
    }

    /** Orders by id: the order of a generated history. */
    static List<OrderRow> inIdOrder(Collection<OrderRow> orders) {
        return orders.stream().sorted(Comparator.comparing(OrderRow::orderId)).toList();
    }

    /** Lines by order id, then line number: the order of a generated history. */
    static List<ItemRow> inLineOrder(Collection<ItemRow> items) {
        return items.stream()
                .sorted(Comparator.comparing(ItemRow::orderId).thenComparingInt(ItemRow::lineNo))
                .toList();
    }

    /** Coupons by issue time, then id: the order of a generated shop. */
    static List<CouponRow> inIssueOrder(Collection<CouponRow> coupons) {
        return coupons.stream()
                .sorted(
                        Comparator.comparing(CouponRow::issuedAt)
                                .thenComparing(CouponRow::couponId))
                .toList();
    }

    static boolean isBulk(OrderRow order, List<ItemRow> lines) {
        long quantity = lines.stream().mapToLong(ItemRow::quantity).sum();
        return BigDecimal.valueOf(quantity).compareTo(BULK_MAX_QUANTITY) > 0
                || order.totalAmount().compareTo(BULK_MAX_AMOUNT) > 0;
    }

    static Map<String, OrderRow> ordersById(GeneratedShop shop) {
        return shop.history().orders().stream()
                .collect(Collectors.toMap(OrderRow::orderId, Function.identity()));
    }

    static Map<String, List<ItemRow>> linesByOrder(GeneratedShop shop) {
        return shop.history().items().stream().collect(Collectors.groupingBy(ItemRow::orderId));
    }

    private static double share(List<OrderRow> orders, OrderStatus status) {
        return orders.stream().filter(order -> order.status() == status).count()
                / (double) orders.size();
    }

    private static boolean notBefore(Instant later, Instant earlier) {
        return later == null || earlier == null || !later.isBefore(earlier);
    }

    private static Instant latestStatusTime(OrderRow order) {
        Instant latest = order.createdAt();
        for (Instant time :
                java.util.Arrays.asList(
                        order.paidAt(),
                        order.shippedAt(),
                        order.deliveredAt(),
                        order.cancelledAt())) {
            if (time != null && time.isAfter(latest)) {
                latest = time;
            }
        }
        return latest;
    }

    private static Duration days(long days) {
        return Duration.ofDays(days);
    }
}
