package dev.repurchase.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.cli.generator.GeneratedShop;
import dev.repurchase.cli.generator.OrderTraffic;
import dev.repurchase.cli.generator.ShopProfile;
import dev.repurchase.cli.testing.BatchReference;
import dev.repurchase.cli.testing.ReplayRuns;
import dev.repurchase.common.config.AbuseOptions;
import dev.repurchase.common.config.ReferralOptions;
import dev.repurchase.common.order.OrderStatus;
import dev.repurchase.jobs.config.PrivacyOptions;
import dev.repurchase.jobs.testing.ContractTables;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Referral commissions (SPEC 8.1) and flash-sale abuse (SPEC 8.2) together, on the simulated shop
 * with {@link ShopProfile.Growth#DEFAULT} in Asia/Shanghai: four months of a shop whose customers
 * invite each other in chains of up to three levels (a few refer themselves, three refer each other
 * in a cycle, some have their inviter corrected weeks after registering), with a flash sale on its
 * eleventh day (a click farm on one phone, an office behind one IP, a household at one address,
 * buyers ordering twice from their phone), and the shop's ordinary life around it: payments minutes
 * to hours after the order, refunds in full or in part days to weeks after delivery (of referred
 * customers' purchases, and of flagged and unflagged flash-sale orders, which ranks the sale's
 * orders anew), cancellations, unpaid orders, a test account. Every change is delivered twice.
 * Replayed once cleanly and once with task failures injected at random points: every contract
 * table, {@code referral_commission}, {@code referral_stat}, {@code abuse_flag} and the {@code
 * abuse} exclusions included, must equal the batch SQL's.
 */
class GrowingShopITCase {

    private static final String TIMEZONE = "Asia/Shanghai";
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant END = Instant.parse("2025-05-01T00:00:00Z");
    private static final ShopProfile SHOP =
            ShopProfile.demo(250, START, END, 2026)
                    .withZone(ZoneId.of(TIMEZONE))
                    .withGrowth(ShopProfile.Growth.DEFAULT);
    private static final String SALE = ShopProfile.Growth.DEFAULT.flashSale().campaignId();
    private static final int FAILURES = 3;

    private static final ReplayRuns runs = new ReplayRuns();
    private static OrderHistory history;
    private static String batch;
    private static String clean;
    private static String failed;
    private static int injected;

    @BeforeAll
    static void replayWithAndWithoutFailures() throws Exception {
        GeneratedShop shop = OrderTraffic.generate(SHOP);
        history = shop.history();
        Map<String, CustomerRecord> finalRows = new LinkedHashMap<>();
        shop.customers().forEach(row -> finalRows.put(row.customerId(), row));
        List<CustomerFeed.Version> corrections = correctedInviters(shop.customers(), finalRows);

        batch = runs.schema("growing_batch");
        BatchReference.compute(
                batch, history, List.of(), new ArrayList<>(finalRows.values()), config(batch));

        CustomerFeed customers =
                CustomerFeed.of(shop.customers(), CustomerFeed.TOPIC).with(corrections);
        List<ChangeEvent> events = new ArrayList<>();
        for (ChangeEvent event : CouponFeed.merge(DebeziumChangeFeed.of(history), customers)) {
            // At-least-once delivery: every change twice.
            events.add(event);
            events.add(event);
        }

        clean = runs.schema("growing_clean");
        ReplayRuns.replay(events, config(clean));

        failed = runs.schema("growing_failed");
        Configuration withFailures = config(failed);
        withFailures.addAll(
                ReplayRuns.injectedFailures(
                        FAILURES, 20261207L, events.size(), Duration.ofMillis(300)));
        injected = ReplayRuns.replay(events, withFailures).injectedFailures();
    }

    @AfterAll
    static void dropSchemas() throws Exception {
        runs.close();
    }

    private static Configuration config(String schema) {
        Configuration config = ReplayRuns.config(schema, TIMEZONE);
        config.set(PrivacyOptions.HASH_SECRET, "growing-shop-secret-41c7");
        config.set(AbuseOptions.CAMPAIGNS, List.of(SALE));
        config.set(ReferralOptions.LEVELS, 3);
        config.set(ReferralOptions.levelRate(3), 0.01);
        config.setString("reminders.suppress-before", START.toString());
        return config;
    }

    /**
     * Every twentieth invited customer has their inviter corrected 30 days after registering, to
     * the customer registered just before them (or to nobody, for the first); within the history,
     * so that the stream's last event time is the orders' (the learned cycles are as of it).
     */
    private static List<CustomerFeed.Version> correctedInviters(
            List<CustomerRecord> registered, Map<String, CustomerRecord> finalRows) {
        List<CustomerFeed.Version> corrections = new ArrayList<>();
        int invited = 0;
        for (int i = 0; i < registered.size(); i++) {
            CustomerRecord row = registered.get(i);
            Instant at = row.registeredAt().plus(Duration.ofDays(30));
            if (row.referrerId() == null || !at.isBefore(END) || invited++ % 20 != 0) {
                continue;
            }
            String corrected = i == 0 ? null : registered.get(i - 1).customerId();
            CustomerRecord after =
                    new CustomerRecord(row.customerId(), corrected, row.registeredAt());
            corrections.add(new CustomerFeed.Version(at, row, after));
            finalRows.put(row.customerId(), after);
        }
        assertThat(corrections).hasSizeGreaterThan(2);
        return corrections;
    }

    @Test
    void theHistoryHasWhatItClaims() throws Exception {
        assertThat(ReplayRuns.rows(batch, "SELECT DISTINCT rule FROM abuse_flag"))
                .containsExactlyInAnyOrder("device", "ip", "address");
        assertThat(ReplayRuns.rows(batch, "SELECT reason FROM exclusion WHERE orders > 0"))
                .contains("abuse", "cancelled", "refunded", "abnormal");
        assertThat(ReplayRuns.rows(batch, "SELECT DISTINCT level FROM referral_commission"))
                .containsExactlyInAnyOrder("1", "2", "3");
        assertThat(history.orders())
                .as("purchases refunded more than a week later")
                .anyMatch(
                        order ->
                                order.status() == OrderStatus.REFUNDED
                                        && order.paidAt() != null
                                        && order.updatedAt()
                                                .isAfter(order.paidAt().plus(Duration.ofDays(8))));
        assertThat(history.orders())
                .as("paid hours after the order")
                .anyMatch(
                        order ->
                                order.paidAt() != null
                                        && order.paidAt()
                                                .isAfter(
                                                        order.createdAt()
                                                                .plus(Duration.ofHours(1))));
        assertThat(history.orders()).anyMatch(o -> o.status() == OrderStatus.PENDING_PAYMENT);
    }

    /**
     * SPEC 8.2 on the click farm, worked out from the orders: its first order (in purchase
     * sequence) was refunded, so the second ranks first and is not flagged; the third ranks second
     * and is; the fourth, refunded, counts no more, and the fifth ranks third.
     */
    @Test
    void theFarmsRefundsRankItsOrdersAnew() throws Exception {
        Map<String, List<OrderRow>> byDevice = new HashMap<>();
        for (OrderRow order : history.orders()) {
            if (SALE.equals(order.campaignId())) {
                byDevice.computeIfAbsent(order.deviceId(), d -> new ArrayList<>()).add(order);
            }
        }
        List<OrderRow> farm =
                byDevice.values().stream().max(Comparator.comparingInt(List::size)).orElseThrow();
        farm.sort(
                Comparator.comparing(GrowingShopITCase::purchaseTime)
                        .thenComparing(OrderRow::orderId));
        assertThat(farm.get(0).status()).isEqualTo(OrderStatus.REFUNDED);
        assertThat(farm.get(3).status()).isEqualTo(OrderStatus.REFUNDED);

        for (String schema : List.of(batch, clean, failed)) {
            List<String> flags =
                    ReplayRuns.rows(
                            schema, "SELECT order_id, rule, rank FROM abuse_flag ORDER BY 1");
            assertThat(flags)
                    .as(schema)
                    .doesNotContain(farm.get(1).orderId() + " device 1")
                    .contains(farm.get(2).orderId() + " device 2")
                    .contains(farm.get(4).orderId() + " device 3")
                    .noneMatch(flag -> flag.startsWith(farm.get(0).orderId() + " "))
                    .noneMatch(flag -> flag.startsWith(farm.get(1).orderId() + " "))
                    .noneMatch(flag -> flag.startsWith(farm.get(3).orderId() + " "));
        }
    }

    @Test
    void everyContractTableEqualsTheBatchSql() throws Exception {
        ContractTables.assertSame(clean, batch);
        ContractTables.assertSameReferrals(clean, batch);
        ContractTables.assertSameAbuseFlags(clean, batch);
    }

    @Test
    void afterInjectedFailuresEveryContractTableEqualsTheBatchSql() throws Exception {
        assertThat(injected).isEqualTo(FAILURES);
        ContractTables.assertSame(failed, batch);
        ContractTables.assertSameReferrals(failed, batch);
        ContractTables.assertSameAbuseFlags(failed, batch);
    }

    private static Instant purchaseTime(OrderRow order) {
        return order.paidAt() != null ? order.paidAt() : order.createdAt();
    }
}
