package dev.repurchase.jobs.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.metric.MetricSettings;
import dev.repurchase.common.metric.PriceBands;
import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.order.PurchaseChange;
import dev.repurchase.common.period.BusinessCalendar;
import dev.repurchase.common.period.PeriodType;
import dev.repurchase.jobs.ingest.OrderOutcome;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The flash-sale limits of SPEC 8.2 on one flash sale, order by order: within the sale, orders
 * sharing a device (limit 1), an IP (limit 3) or an address (limit 1) are ranked in purchase
 * sequence, counting only orders not cancelled, refunded or abnormal; an order beyond a limit is
 * excluded as abuse, by the first rule (device, ip, address) that flags it. A refund of an earlier
 * order re-ranks the rest, and what changes is stamped with the event time of the refund.
 */
class FlashSaleAbuseTest {

    private static final String SALE = "flash-11-11";
    private static final Instant SALE_START = Instant.parse("2025-11-11T00:00:00Z");
    private static final MetricSettings MONTHLY =
            new MetricSettings(
                    new BusinessCalendar("Asia/Shanghai"),
                    List.of(PeriodType.MONTH),
                    new PriceBands(List.of(BigDecimal.ZERO)));

    private KeyedOneInputStreamOperatorTestHarness<String, FlashSaleOrder, PurchaseChange> harness;

    @BeforeEach
    void start() throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new FlashSaleAbuse(MONTHLY, new AbuseLimits(1, 3, 1))),
                        order -> order.campaignId,
                        Types.STRING);
        harness.open();
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void theFirstOrderOfADeviceCountsAndTheLaterOnesAreAbuse() throws Exception {
        send(paid("o-2", "c-2", minute(2), "phone-1", "ip-2", "addr-2"), minute(2));
        send(paid("o-1", "c-1", minute(1), "phone-1", "ip-1", "addr-1"), minute(3));
        send(paid("o-3", "c-3", minute(3), "phone-1", "ip-3", "addr-3"), minute(4));

        // o-2 counted until o-1 (bought a minute earlier) came
        assertThat(flags()).containsExactly("o-2 device 2", "o-3 device 3");
        assertThat(validNow()).containsOnlyKeys("o-1");
        assertThat(abuseExcluded()).isEqualTo(2);
        assertThat(announced()).containsExactly("o-2", "o-3");
    }

    @Test
    void aRefundOfTheEarlierOrderClearsTheNextOnesFlagAsOfTheRefund() throws Exception {
        send(paid("o-1", "c-1", minute(1), "phone-1", null, null), minute(1));
        send(paid("o-2", "c-2", minute(2), "phone-1", null, null), minute(2));
        send(paid("o-3", "c-3", minute(3), "phone-1", null, null), minute(3));
        clearOutputs();

        Instant refund = SALE_START.plusSeconds(7 * 24 * 3600);
        send(refunded("o-1", "c-1", minute(1), "phone-1"), refund);

        List<StreamRecord<PurchaseChange>> changes = purchaseChanges();
        assertThat(changes).hasSize(2);
        assertThat(changes.get(0).getValue().orderId).isEqualTo("o-1");
        assertThat(changes.get(0).getValue().purchase).isNull();
        assertThat(changes.get(1).getValue().orderId).isEqualTo("o-2");
        assertThat(changes.get(1).getValue().purchase).isNotNull();
        assertThat(changes).allMatch(c -> c.getTimestamp() == refund.toEpochMilli());
        // o-2 is cleared (its row goes), o-3 moves up to rank 2; neither is announced again
        assertThat(flags()).containsExactly("o-2 cleared", "o-3 device 2");
        assertThat(announced()).isEmpty();
        assertThat(abuseExcluded()).isEqualTo(-1);
    }

    @Test
    void aLatePaymentOfAnEarlierOrderFlagsTheOrderThatCountedSoFar() throws Exception {
        send(paid("o-2", "c-2", minute(5), null, null, "addr-1"), minute(5));
        send(pending("o-1", "c-1", minute(1), null, null, "addr-1"), minute(6));
        assertThat(flags()).isEmpty();

        // o-1 is paid hours later; its purchase time (paid_at) is still before o-2's.
        send(paid("o-1", "c-1", minute(4), null, null, "addr-1"), minute(180));

        assertThat(flags()).containsExactly("o-2 address 2");
        assertThat(validNow()).containsOnlyKeys("o-1");
        PurchaseChange removal =
                purchaseChanges().stream()
                        .map(StreamRecord::getValue)
                        .filter(c -> c.orderId.equals("o-2") && c.purchase == null)
                        .findFirst()
                        .orElseThrow();
        assertThat(removal.customerId).isEqualTo("c-2");
    }

    @Test
    void fourOrdersOfOneIpFlagTheFourthAndTheDeviceRuleComesFirst() throws Exception {
        for (int i = 1; i <= 4; i++) {
            send(paid("o-" + i, "c-" + i, minute(i), "phone-" + i, "office", null), minute(i));
        }
        send(paid("o-5", "c-5", minute(5), "phone-1", "office", null), minute(5));

        assertThat(flags()).containsExactly("o-4 ip 4", "o-5 device 2");
    }

    @Test
    void cancelledAndAbnormalOrdersDoNotCountButBulkOnesDoAndBecomeAbuse() throws Exception {
        send(excluded("o-1", "cancelled", minute(1), "phone-1"), minute(1));
        send(excluded("o-2", "abnormal", minute(2), "phone-1"), minute(2));
        send(paid("o-3", "c-3", minute(3), "phone-1", null, null), minute(3));
        FlashSaleOrder bulk = excluded("o-4", "bulk", minute(4), "phone-1");
        bulk.ranked = true;
        send(bulk, minute(4));

        assertThat(flags()).containsExactly("o-4 device 2");
        assertThat(validNow()).containsOnlyKeys("o-3");
        Map<String, Long> byReason = excludedByReason();
        assertThat(byReason)
                .containsEntry("cancelled", 1L)
                .containsEntry("abnormal", 1L)
                .containsEntry("abuse", 1L);
        assertThat(byReason.getOrDefault("bulk", 0L)).isZero();
    }

    @Test
    void anOrderThatLeavesTheSaleLeavesNoStateBehindUnlessAnnounced() throws Exception {
        send(paid("o-1", "c-1", minute(1), "phone-1", null, null), minute(1));
        send(gone("o-1"), minute(2));

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(purchaseChanges()).hasSize(2);
        assertThat(purchaseChanges().get(1).getValue().purchase).isNull();
    }

    // ------------------------------------------------------------------ the story's parts

    private static Instant minute(int m) {
        return SALE_START.plusSeconds(60L * m);
    }

    private static FlashSaleOrder order(
            String orderId, String customerId, Instant purchaseAt, String device, String ip) {
        FlashSaleOrder o = new FlashSaleOrder();
        o.campaignId = SALE;
        o.orderId = orderId;
        o.customerId = customerId;
        o.purchaseAt = purchaseAt.toEpochMilli();
        o.totalCents = 9_900;
        o.deviceHash = device;
        o.ipHash = ip;
        return o;
    }

    private static FlashSaleOrder paid(
            String orderId,
            String customerId,
            Instant purchaseAt,
            String device,
            String ip,
            String address) {
        FlashSaleOrder o = order(orderId, customerId, purchaseAt, device, ip);
        o.addressHash = address;
        Purchase p = new Purchase();
        p.orderId = orderId;
        p.purchasedAt = o.purchaseAt;
        p.netCents = o.totalCents;
        p.categories = new String[] {"snacks"};
        p.primaryCategory = "snacks";
        p.campaignId = SALE;
        o.outcome = OrderOutcome.purchase(customerId, p);
        o.ranked = true;
        return o;
    }

    private static FlashSaleOrder pending(
            String orderId,
            String customerId,
            Instant createdAt,
            String device,
            String ip,
            String address) {
        FlashSaleOrder o = order(orderId, customerId, createdAt, device, ip);
        o.addressHash = address;
        return o;
    }

    private static FlashSaleOrder refunded(
            String orderId, String customerId, Instant purchaseAt, String device) {
        FlashSaleOrder o = order(orderId, customerId, purchaseAt, device, null);
        o.outcome = OrderOutcome.exclusion("refunded", o.purchaseAt, o.totalCents);
        return o;
    }

    private static FlashSaleOrder excluded(
            String orderId, String reason, Instant purchaseAt, String device) {
        FlashSaleOrder o = order(orderId, "c-" + orderId, purchaseAt, device, null);
        o.outcome = OrderOutcome.exclusion(reason, o.purchaseAt, o.totalCents);
        return o;
    }

    private static FlashSaleOrder gone(String orderId) {
        FlashSaleOrder o = new FlashSaleOrder();
        o.campaignId = SALE;
        o.orderId = orderId;
        return o;
    }

    private void send(FlashSaleOrder order, Instant changedAt) throws Exception {
        harness.processElement(new StreamRecord<>(order, changedAt.toEpochMilli()));
    }

    private void clearOutputs() {
        harness.getOutput().clear();
        sideOutput(FlashSaleAbuse.FLAGS).clear();
        sideOutput(FlashSaleAbuse.EXCLUSIONS).clear();
    }

    /** A side output's records so far (none yet: empty). */
    private <T> java.util.Collection<StreamRecord<T>> sideOutput(
            org.apache.flink.util.OutputTag<T> tag) {
        java.util.Collection<StreamRecord<T>> records = harness.getSideOutput(tag);
        return records == null ? new ArrayList<>() : records;
    }

    @SuppressWarnings("unchecked")
    private List<StreamRecord<PurchaseChange>> purchaseChanges() {
        List<StreamRecord<PurchaseChange>> changes = new ArrayList<>();
        for (Object o : harness.getOutput()) {
            if (o instanceof StreamRecord) {
                changes.add((StreamRecord<PurchaseChange>) o);
            }
        }
        return changes;
    }

    /** The valid purchases as the customers see them now, by order. */
    private Map<String, PurchaseChange> validNow() {
        Map<String, PurchaseChange> valid = new TreeMap<>();
        for (StreamRecord<PurchaseChange> r : purchaseChanges()) {
            if (r.getValue().purchase == null) {
                valid.remove(r.getValue().orderId);
            } else {
                valid.put(r.getValue().orderId, r.getValue());
            }
        }
        return valid;
    }

    private List<String> flags() {
        List<String> flags = new ArrayList<>();
        for (StreamRecord<AbuseFlag> r : sideOutput(FlashSaleAbuse.FLAGS)) {
            AbuseFlag f = r.getValue();
            flags.add(f.orderId + (f.isFlagged() ? " " + f.rule + " " + f.rank : " cleared"));
        }
        return flags;
    }

    private List<String> announced() {
        List<String> announced = new ArrayList<>();
        for (StreamRecord<AbuseFlag> r : sideOutput(FlashSaleAbuse.FLAGS)) {
            if (r.getValue().announce) {
                announced.add(r.getValue().orderId);
            }
        }
        return announced;
    }

    /** Orders excluded per reason, summed over the exclusion deltas. */
    private Map<String, Long> excludedByReason() {
        Map<String, Long> sums = new TreeMap<>();
        for (StreamRecord<MetricDelta> r : sideOutput(FlashSaleAbuse.EXCLUSIONS)) {
            sums.merge(r.getValue().key.value, r.getValue().values[0], Long::sum);
        }
        return sums;
    }

    private long abuseExcluded() {
        return excludedByReason().getOrDefault("abuse", 0L);
    }
}
