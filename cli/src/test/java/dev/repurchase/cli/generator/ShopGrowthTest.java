package dev.repurchase.cli.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.cli.replay.ChangeEvent;
import dev.repurchase.cli.replay.CustomerFeed;
import dev.repurchase.cli.replay.CustomerRecord;
import dev.repurchase.cli.replay.OrderRow;
import dev.repurchase.common.order.OrderStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The referrals and the flash sale of {@link ShopProfile.Growth} (SPEC 8) in the simulated shop.
 */
class ShopGrowthTest {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant END = Instant.parse("2025-04-01T00:00:00Z");
    private static final ShopProfile.FlashSale SALE = ShopProfile.FlashSale.DEFAULT;

    private static final ShopProfile PLAIN =
            ShopProfile.demo(600, START, END, 5).withZone(ZoneId.of("Asia/Shanghai"));
    private static final ShopProfile GROWING = PLAIN.withGrowth(ShopProfile.Growth.DEFAULT);

    private static final GeneratedShop PLAIN_SHOP = OrderTraffic.generate(PLAIN);
    private static final GeneratedShop SHOP = OrderTraffic.generate(GROWING);

    @Test
    void withoutGrowthTheShopHasNoCustomersTableAndNoDevices() {
        assertThat(PLAIN_SHOP.customers()).isEmpty();
        assertThat(PLAIN_SHOP.history().orders())
                .allSatisfy(
                        order -> {
                            assertThat(order.deviceId()).isNull();
                            assertThat(order.clientIp()).isNull();
                            assertThat(order.addressHash()).isNull();
                        });
    }

    @Test
    void growthLeavesTheOrdersOfTheShopAsTheyWereAddingTheirDeviceIpAndAddress() {
        Map<String, OrderRow> growing = byId(SHOP.history().orders(), OrderRow::orderId);
        for (OrderRow plain : PLAIN_SHOP.history().orders()) {
            OrderRow order = growing.remove(plain.orderId());
            assertThat(order).isNotNull();
            assertThat(
                            new OrderRow(
                                    order.orderId(),
                                    order.customerId(),
                                    order.status(),
                                    order.totalAmount(),
                                    order.currency(),
                                    order.channel(),
                                    order.region(),
                                    order.campaignId(),
                                    order.couponId(),
                                    order.createdAt(),
                                    order.paidAt(),
                                    order.shippedAt(),
                                    order.deliveredAt(),
                                    order.promisedDeliveryAt(),
                                    order.cancelledAt(),
                                    order.refundedAmount(),
                                    order.customerPhone(),
                                    order.customerEmail(),
                                    order.updatedAt(),
                                    null,
                                    null,
                                    null))
                    .isEqualTo(plain);
            assertThat(order.deviceId()).startsWith("dev-");
            assertThat(order.clientIp()).matches("100\\.\\d+\\.\\d+\\.\\d+");
            assertThat(order.addressHash()).matches("[0-9a-f]{16}");
        }
        // What is left is the flash sale's.
        assertThat(growing.values())
                .isNotEmpty()
                .allSatisfy(order -> assertThat(order.campaignId()).isEqualTo(SALE.campaignId()));
        assertThat(SHOP.history().items()).containsAll(PLAIN_SHOP.history().items());
        assertThat(SHOP.coupons()).isEqualTo(PLAIN_SHOP.coupons());
    }

    @Test
    void everyBuyerRegisteredBeforeTheirFirstOrderSomeInvitedInChains() {
        Map<String, CustomerRecord> customers = byId(SHOP.customers(), CustomerRecord::customerId);
        assertThat(customers).hasSize(SHOP.customers().size());
        assertThat(SHOP.customers()).extracting(CustomerRecord::registeredAt).isSorted();
        Map<String, Instant> firstOrder = new HashMap<>();
        for (OrderRow order : SHOP.history().orders()) {
            firstOrder.merge(
                    order.customerId(), order.createdAt(), (a, b) -> a.isBefore(b) ? a : b);
        }
        firstOrder.remove("test-account");
        assertThat(customers.keySet()).containsAll(firstOrder.keySet());
        firstOrder.forEach(
                (customer, first) ->
                        assertThat(customers.get(customer).registeredAt())
                                .isBeforeOrEqualTo(first)
                                .isAfterOrEqualTo(START));

        long invited = 0;
        long selfReferrals = 0;
        Map<Integer, Long> chainsByDepth = new HashMap<>();
        Set<String> inCycles = new HashSet<>();
        for (CustomerRecord customer : SHOP.customers()) {
            if (customer.referrerId() == null) {
                continue;
            }
            assertThat(customers).containsKey(customer.referrerId());
            if (customer.referrerId().equals(customer.customerId())) {
                selfReferrals++;
                continue;
            }
            invited++;
            List<String> chain = new ArrayList<>(List.of(customer.customerId()));
            String up = customer.referrerId();
            while (up != null && !chain.contains(up)) {
                chain.add(up);
                up = customers.get(up).referrerId();
            }
            if (up != null && !up.equals(chain.get(chain.size() - 1))) {
                inCycles.add(customer.customerId());
            } else {
                chainsByDepth.merge(Math.min(3, chain.size() - 1), 1L, Long::sum);
            }
        }
        assertThat(invited).isGreaterThan(SHOP.customers().size() / 5);
        assertThat(selfReferrals).isPositive();
        assertThat(chainsByDepth.get(2)).as("chains of two levels").isPositive();
        assertThat(chainsByDepth.get(3)).as("chains of three or more levels").isPositive();
        // The first three customers invite each other in a cycle.
        assertThat(inCycles).contains("c0000000", "c0000001", "c0000002");
        // An inviter (but those of the cycle) registered before the customer they invited.
        for (CustomerRecord customer : SHOP.customers()) {
            String referrer = customer.referrerId();
            if (referrer != null
                    && !referrer.equals(customer.customerId())
                    && !inCycles.contains(customer.customerId())) {
                assertThat(customers.get(referrer).registeredAt())
                        .isBeforeOrEqualTo(customer.registeredAt());
            }
        }
    }

    @Test
    void theFlashSaleHasAClickFarmAnOfficeAndAFamilyWhoseRankingsChangeWithRefunds() {
        List<OrderRow> sale =
                SHOP.history().orders().stream()
                        .filter(order -> SALE.campaignId().equals(order.campaignId()))
                        .toList();
        Instant opens = Instant.parse("2025-01-11T12:00:00Z"); // 20:00 in Shanghai
        assertThat(sale)
                .allSatisfy(
                        order ->
                                assertThat(order.createdAt())
                                        .isBetween(opens, opens.plus(Duration.ofHours(1))));
        assertThat(sale.size()).isGreaterThan(SALE.buyers() + SALE.farmAccounts());

        Map<String, List<OrderRow>> byDevice = groups(sale, OrderRow::deviceId);
        Map<String, List<OrderRow>> byIp = groups(sale, OrderRow::clientIp);
        Map<String, List<OrderRow>> byAddress = groups(sale, OrderRow::addressHash);
        List<OrderRow> farm = largest(byDevice);
        List<OrderRow> office = largest(byIp);
        assertThat(farm).hasSize(SALE.farmAccounts());
        assertThat(farm.stream().map(OrderRow::customerId).distinct()).hasSize(farm.size());
        assertThat(office).hasSize(SALE.colleagues());
        assertThat(office.stream().map(OrderRow::deviceId).distinct()).hasSize(office.size());
        assertThat(byAddress.values()).anyMatch(orders -> orders.size() >= 2);
        assertThat(byDevice.values())
                .as("buyers ordering twice from their phone")
                .anyMatch(
                        orders ->
                                orders.size() == 2
                                        && orders.get(0)
                                                .customerId()
                                                .equals(orders.get(1).customerId()));

        // The first of the farm and of the office (in purchase sequence) is refunded days later:
        // the next in line moves up and its flag clears.
        for (List<OrderRow> group : List.of(farm, office)) {
            OrderRow first = group.get(0);
            assertThat(first.status()).isEqualTo(OrderStatus.REFUNDED);
            assertThat(first.updatedAt()).isAfter(first.paidAt().plus(Duration.ofDays(3)));
            assertThat(group.subList(1, group.size()))
                    .allSatisfy(
                            order -> assertThat(purchaseTime(order)).isBefore(first.updatedAt()));
        }
        assertThat(sale)
                .extracting(OrderRow::status)
                .contains(
                        OrderStatus.COMPLETED,
                        OrderStatus.CANCELLED,
                        OrderStatus.PENDING_PAYMENT,
                        OrderStatus.PARTIALLY_REFUNDED);
        assertThat(sale)
                .as("paid hours after it was placed")
                .anyMatch(
                        order ->
                                order.paidAt() != null
                                        && order.paidAt()
                                                .isAfter(
                                                        order.createdAt()
                                                                .plus(Duration.ofHours(1))));

        // The farm's accounts are new, invited by the farm's first account.
        Map<String, CustomerRecord> customers = byId(SHOP.customers(), CustomerRecord::customerId);
        Set<String> farmInviters =
                farm.stream()
                        .map(order -> customers.get(order.customerId()).referrerId())
                        .collect(Collectors.toSet());
        assertThat(farmInviters).hasSize(2).containsNull();
    }

    @Test
    void theSameSeedGivesTheSameCustomersAndFlashSale() {
        GeneratedShop again = OrderTraffic.generate(GROWING);

        assertThat(again.customers()).isEqualTo(SHOP.customers());
        assertThat(again.history().orders()).isEqualTo(SHOP.history().orders());
    }

    @Test
    void liveTrafficPublishesTheCustomersRowsOfTheBoundedHistory() {
        LiveTraffic live = new LiveTraffic(GROWING);
        Map<String, OrderRow> orders = new LinkedHashMap<>();
        List<String> registered = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        for (Instant until = START; ; until = until.plusSeconds(30_000)) {
            LiveTraffic.Batch batch = live.advanceTo(until.isBefore(END) ? until : END);
            for (ChangeEvent event : batch.events()) {
                times.add(event.eventTime());
                if (event.topic().equals(CustomerFeed.TOPIC)) {
                    registered.add(event.orderId());
                }
            }
            batch.rows().orders().forEach(order -> orders.put(order.orderId(), order));
            if (!until.isBefore(END)) {
                break;
            }
        }

        assertThat(times).isSorted();
        assertThat(registered)
                .containsExactlyElementsOf(
                        SHOP.customers().stream().map(CustomerRecord::customerId).toList());
        assertThat(OrderTrafficTest.inIdOrder(orders.values()))
                .isEqualTo(OrderTrafficTest.inIdOrder(SHOP.history().orders()));
    }

    @Test
    void theCustomersTableIsWrittenForTheReplay(@TempDir Path directory) throws Exception {
        TrafficSummary written = OrderTraffic.writeCsv(GROWING, directory, 256);

        assertThat(written.orders()).isEqualTo(SHOP.history().orders().size());
        assertThat(CustomerFeed.read(directory.resolve("customers.csv")))
                .containsExactlyInAnyOrderElementsOf(SHOP.customers());
        OrderTraffic.writeCsv(PLAIN, directory.resolve("plain"), 256);
        assertThat(directory.resolve("plain").resolve("customers.csv")).doesNotExist();
    }

    // ------------------------------------------------------------------------------------------

    private static Instant purchaseTime(OrderRow order) {
        return order.paidAt() != null ? order.paidAt() : order.createdAt();
    }

    /** The orders sharing a value, each group in purchase sequence. */
    private static Map<String, List<OrderRow>> groups(
            List<OrderRow> orders, Function<OrderRow, String> key) {
        Map<String, List<OrderRow>> groups = new HashMap<>();
        for (OrderRow order : orders) {
            groups.computeIfAbsent(key.apply(order), k -> new ArrayList<>()).add(order);
        }
        groups.values()
                .forEach(
                        group ->
                                group.sort(
                                        Comparator.comparing(ShopGrowthTest::purchaseTime)
                                                .thenComparing(OrderRow::orderId)));
        return groups;
    }

    private static List<OrderRow> largest(Map<String, List<OrderRow>> groups) {
        return groups.values().stream().max(Comparator.comparingInt(List::size)).orElseThrow();
    }

    private static <T> Map<String, T> byId(List<T> rows, Function<T, String> id) {
        Map<String, T> byId = new LinkedHashMap<>();
        rows.forEach(row -> byId.put(id.apply(row), row));
        return byId;
    }
}
