package dev.repurchase.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.cli.replay.ItemRow;
import dev.repurchase.cli.replay.OrderRow;
import dev.repurchase.common.customer.CustomerSettings;
import dev.repurchase.common.customer.HabitualTime;
import dev.repurchase.common.customer.PurchaseHistory;
import dev.repurchase.common.lifecycle.CustomerSnapshot;
import dev.repurchase.common.lifecycle.PAlive;
import dev.repurchase.common.lifecycle.Rfm;
import dev.repurchase.common.metric.Dimension;
import dev.repurchase.common.order.Money;
import dev.repurchase.common.order.Order;
import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.order.PurchaseChange;
import dev.repurchase.common.rules.PurchaseRules;
import dev.repurchase.jobs.customer.CustomerProfile;
import dev.repurchase.jobs.customer.CustomerState;
import dev.repurchase.jobs.state.CustomerProfileSerializer;
import dev.repurchase.jobs.state.CustomerStateSerializer;
import dev.repurchase.jobs.state.PurchasesSerializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The customer side's state of {@code bench --quick}'s shop (20,000 customers over 120 days) as of
 * its end, value bytes only (RocksDB adds its key and per-entry overhead): the customer operator's
 * {@link CustomerState} and the timeline's purchases, each as the job keeps it (every valid
 * purchase applied to the history, pruned at the end; stage, RFM and timer as of the end), and the
 * profile row the profile gate holds until a checkpoint (after a new prediction model, one per
 * customer). Prints the figures, and holds them under what state version 5's formats take: 107.0,
 * 109.9 and 55.9 B, where state version 4's took 130.5, 145.8 and 82.5 B.
 */
class CustomerStateBytesTest {

    /** Value bytes per customer that state version 5's formats keep the shop's customers under. */
    private static final double CUSTOMER_STATE_BUDGET = 110;

    private static final double PURCHASES_BUDGET = 115;

    private static final double PROFILE_BUDGET = 60;

    @Test
    void theShopsTypicalCustomerFitsTheBudget() throws IOException {
        BenchShop shop = BenchShop.generate("20k", 20_000, Duration.ofDays(120));
        Map<String, List<Purchase>> purchases = validPurchases(shop);
        long end = BenchShop.START.plus(Duration.ofDays(120)).toEpochMilli();
        CustomerSettings settings = CustomerSettings.from(new Configuration(), BenchShop.START);

        long stateBytes = 0;
        long purchaseBytes = 0;
        long historyBytes = 0;
        long profileBytes = 0;
        long count = 0;
        for (Map.Entry<String, List<Purchase>> customer : purchases.entrySet()) {
            CustomerState state = state(customer.getKey(), customer.getValue(), end, settings);
            int whole = bytes(state);
            stateBytes += whole;
            state.history = new PurchaseHistory();
            historyBytes += whole - bytes(state);
            purchaseBytes += bytes(customer.getValue().toArray(new Purchase[0]));
            profileBytes += bytes(profile(customer.getKey(), customer.getValue(), end, settings));
            count++;
        }
        long valid = purchases.values().stream().mapToLong(List::size).sum();
        System.out.printf(
                "%d customers with valid purchases, %.2f purchases each:"
                        + " CustomerState %.1f B (history %.1f B), timeline Purchase[] %.1f B,"
                        + " profile row %.1f B%n",
                count,
                (double) valid / count,
                (double) stateBytes / count,
                (double) historyBytes / count,
                (double) purchaseBytes / count,
                (double) profileBytes / count);
        assertThat((double) stateBytes / count).isLessThan(CUSTOMER_STATE_BUDGET);
        assertThat((double) purchaseBytes / count).isLessThan(PURCHASES_BUDGET);
        assertThat((double) profileBytes / count).isLessThan(PROFILE_BUDGET);
    }

    /** The customer operator's state as of {@code end}: the history pruned, stage and RFM then. */
    private static CustomerState state(
            String customerId, List<Purchase> purchases, long end, CustomerSettings settings) {
        CustomerState state = new CustomerState();
        for (Purchase p : purchases) {
            state.history.apply(PurchaseChange.upsert(customerId, p), p.purchasedAt);
        }
        state.history.prune(end);
        state.handledUpTo = end;
        CustomerSnapshot s = CustomerSnapshot.of(customerId, state.history.validAt(end));
        state.stage = settings.reminders().stage(s, end);
        Rfm rfm = settings.rfm().score(s, end, PAlive.UNKNOWN);
        state.segment = rfm.segment();
        state.recencyScore = rfm.r();
        state.frequencyScore = rfm.f();
        state.monetaryScore = rfm.m();
        state.monetaryCents = rfm.monetaryCents();
        state.timer = settings.rfm().nextChange(s, end);
        return state;
    }

    /**
     * The customer's profile row as of {@code end}, as the customer operator makes it (the expected
     * next purchase from the customer's own cycle, without learned ones), with a prediction: a row
     * the profile gate holds until a checkpoint.
     */
    private static CustomerProfile profile(
            String customerId, List<Purchase> purchases, long end, CustomerSettings settings) {
        CustomerSnapshot s = CustomerSnapshot.of(customerId, purchases);
        CustomerProfile p = new CustomerProfile();
        p.customerId = customerId;
        p.purchases = purchases.size();
        p.firstPurchaseAt = s.firstPurchaseAt();
        p.lastPurchaseAt = s.lastPurchaseAt();
        p.netCents = s.netCents();
        p.expectedNextPurchaseAt =
                settings.reminders().expectedAt(s, settings.reminders().cycle(s, null));
        HabitualTime habit =
                HabitualTime.of(s.times, settings.zone(), settings.habitMinPurchases());
        p.habitualHour = habit.hour();
        p.habitualWeekday = habit.weekday();
        p.lifecycleStage = settings.reminders().stage(s, end).name();
        Rfm rfm = settings.rfm().score(s, end, PAlive.UNKNOWN);
        p.segment = rfm.segment().name();
        p.rfmR = rfm.r();
        p.rfmF = rfm.f();
        p.rfmM = rfm.m();
        p.pAlive = 0.97;
        p.expectedPurchases = 1.23;
        p.predictedValue = 456.78;
        return p;
    }

    /** Each customer's valid purchases at the end of the shop, in sequence, as the job has them. */
    static Map<String, List<Purchase>> validPurchases(BenchShop shop) {
        Map<String, List<ItemRow>> lines = new HashMap<>();
        for (ItemRow item : shop.history.items()) {
            lines.computeIfAbsent(item.orderId(), o -> new ArrayList<>()).add(item);
        }
        PurchaseRules rules = PurchaseRules.from(new Configuration());
        Map<String, List<Purchase>> purchases = new TreeMap<>();
        for (OrderRow row : shop.history.orders()) {
            Order o = order(row);
            List<ItemRow> items = lines.getOrDefault(row.orderId(), List.of());
            long quantity = items.stream().mapToLong(ItemRow::quantity).sum();
            if (rules.verdict(o, quantity) != PurchaseRules.Verdict.VALID) {
                continue;
            }
            purchases.computeIfAbsent(o.customerId, c -> new ArrayList<>()).add(purchase(o, items));
        }
        purchases.values().forEach(list -> list.sort(Purchase::compareInSequence));
        return purchases;
    }

    private static Order order(OrderRow row) {
        Order o = new Order();
        o.orderId = row.orderId();
        o.customerId = row.customerId();
        o.status = row.status();
        o.totalCents = Money.toCents(row.totalAmount());
        o.refundedCents = Money.toCents(row.refundedAmount());
        o.channel = row.channel();
        o.region = row.region();
        o.campaignId = row.campaignId();
        o.couponId = row.couponId();
        o.createdAt = row.createdAt().toEpochMilli();
        o.paidAt = row.paidAt() == null ? null : row.paidAt().toEpochMilli();
        return o;
    }

    /** The purchase of an order: categories of its lines, the primary one of the largest amount. */
    private static Purchase purchase(Order o, List<ItemRow> items) {
        Purchase p = new Purchase();
        p.orderId = o.orderId;
        p.purchasedAt = o.purchaseTime();
        p.netCents = o.netCents();
        p.channel = o.channel;
        p.region = o.region;
        p.campaignId = o.campaignId;
        p.couponId = o.couponId;
        TreeMap<String, BigDecimal> amounts = new TreeMap<>();
        for (ItemRow item : items) {
            String category =
                    item.category() == null || item.category().isEmpty()
                            ? Dimension.UNKNOWN
                            : item.category();
            amounts.merge(
                    category,
                    item.unitPrice().multiply(BigDecimal.valueOf(item.quantity())),
                    BigDecimal::add);
        }
        p.categories = amounts.keySet().toArray(new String[0]);
        BigDecimal largest = null;
        for (Map.Entry<String, BigDecimal> e : amounts.entrySet()) {
            if (largest == null || e.getValue().compareTo(largest) > 0) {
                largest = e.getValue();
                p.primaryCategory = e.getKey();
            }
        }
        return p;
    }

    private static int bytes(CustomerState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        CustomerStateSerializer.INSTANCE.serialize(state, out);
        return out.length();
    }

    private static int bytes(CustomerProfile profile) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(128);
        CustomerProfileSerializer.INSTANCE.serialize(profile, out);
        return out.length();
    }

    private static int bytes(Purchase[] purchases) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        PurchasesSerializer.INSTANCE.serialize(purchases, out);
        return out.length();
    }
}
