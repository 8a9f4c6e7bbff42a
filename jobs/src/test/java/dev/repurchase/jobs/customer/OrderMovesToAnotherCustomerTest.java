package dev.repurchase.jobs.customer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.customer.CustomerChange;
import dev.repurchase.common.customer.Referral;
import dev.repurchase.common.customer.ReferralCommission;
import dev.repurchase.common.customer.ReferralUpdate;
import dev.repurchase.common.lifecycle.CategoryCycle;
import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.order.PurchaseChange;
import dev.repurchase.common.predict.PredictionModel;
import dev.repurchase.jobs.sink.LatestCommissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An order moves between two customers referred by the same referrer (SPEC 8.1: the table holds
 * what is owed now). The old customer's delete and the new customer's write of the row (r, order,
 * 1) come from two subtasks, so the sink may get them in either order; the table must end with the
 * row the order's current customer owes, 5 % of its net amount.
 */
class OrderMovesToAnotherCustomerTest {

    private static final Instant REGISTERED = Instant.parse("2025-01-01T00:00:00Z");
    private static final long BOUGHT = Instant.parse("2025-02-10T10:00:00Z").toEpochMilli();
    private static final long MOVED = Instant.parse("2025-02-11T09:00:00Z").toEpochMilli();
    private static final long MOVED_BACK = Instant.parse("2025-02-12T09:00:00Z").toEpochMilli();

    private KeyedBroadcastOperatorTestHarness<
                    String, CustomerChange, Either<CategoryCycle, PredictionModel>, MetricDelta>
            customers;

    @BeforeEach
    void open() throws Exception {
        Configuration config = new Configuration();
        config.setString("metrics.period-types", "MONTH");
        customers = CustomerHarness.start(config, REGISTERED, null);
        for (String customer : List.of("ann", "bob")) {
            customers.processElement(
                    new StreamRecord<>(
                            CustomerChange.of(
                                    new ReferralUpdate(
                                            customer,
                                            new Referral(
                                                    REGISTERED.toEpochMilli(),
                                                    new String[] {"rita"}))),
                            REGISTERED.toEpochMilli()));
        }
    }

    @AfterEach
    void close() throws Exception {
        customers.close();
    }

    private void buys(String customer, long at) throws Exception {
        Purchase p = new Purchase();
        p.orderId = "o1";
        p.purchasedAt = BOUGHT;
        p.netCents = 10_00;
        p.categories = new String[] {"tea"};
        p.primaryCategory = "tea";
        customers.processElement(
                new StreamRecord<>(CustomerChange.of(PurchaseChange.upsert(customer, p)), at));
    }

    /** What the order versions tell at a move: the old customer loses it, the new one buys it. */
    private void moves(String from, String to, long at) throws Exception {
        customers.processElement(
                new StreamRecord<>(CustomerChange.of(PurchaseChange.remove(from, "o1")), at));
        buys(to, at);
    }

    /** The rows each customer's operator wrote, in the order it wrote them. */
    private List<ReferralCommission> rowsOf(String customer) {
        List<ReferralCommission> rows = new ArrayList<>();
        for (StreamRecord<ReferralCommission> r :
                customers.getSideOutput(CustomerOperator.COMMISSIONS)) {
            if (r.getValue().customerId.equals(customer)) {
                rows.add(r.getValue());
            }
        }
        return rows;
    }

    /** The table after a sink applied {@code rows} in the order given. */
    private static Map<String, String> table(List<ReferralCommission> rows) {
        Map<String, String> table = new TreeMap<>();
        for (ReferralCommission c : rows) {
            if (c.owed) {
                table.put(
                        c.rowKey(),
                        c.referrerId
                                + " L"
                                + c.level
                                + " "
                                + c.orderId
                                + " of "
                                + c.customerId
                                + " "
                                + c.commissionCents);
            } else {
                table.remove(c.rowKey());
            }
        }
        return table;
    }

    /** The table after the rows went through the latest-version filter in the order given. */
    private static Map<String, String> tableThroughLatest(List<ReferralCommission> arriving)
            throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, ReferralCommission, ReferralCommission>
                latest =
                        new KeyedOneInputStreamOperatorTestHarness<>(
                                new KeyedProcessOperator<>(new LatestCommissions()),
                                ReferralCommission::rowKey,
                                Types.STRING)) {
            latest.open();
            for (ReferralCommission row : arriving) {
                latest.processElement(new StreamRecord<>(row));
            }
            return table(latest.extractOutputValues());
        }
    }

    private static List<ReferralCommission> concat(
            List<ReferralCommission> first, List<ReferralCommission> then) {
        List<ReferralCommission> all = new ArrayList<>(first);
        all.addAll(then);
        return all;
    }

    @Test
    void theNewCustomersRowStaysWhicheverComesLast() throws Exception {
        buys("ann", BOUGHT);
        moves("ann", "bob", MOVED);
        List<ReferralCommission> ann = rowsOf("ann");
        List<ReferralCommission> bob = rowsOf("bob");
        Map<String, String> owed =
                Map.of(
                        new ReferralCommission("rita", "o1", 1, "bob", BOUGHT, 10_00, 50).rowKey(),
                        "rita L1 o1 of bob 50");

        // The race: applied as they arrive, the old customer's delete last loses the row.
        assertThat(table(concat(bob, ann))).isEmpty();

        assertThat(tableThroughLatest(concat(ann, bob))).isEqualTo(owed);
        assertThat(tableThroughLatest(concat(bob, ann))).isEqualTo(owed);
    }

    @Test
    void anOrderMovedBackIsTheFirstCustomersAgainWhicheverComesLast() throws Exception {
        buys("ann", BOUGHT);
        moves("ann", "bob", MOVED);
        moves("bob", "ann", MOVED_BACK);
        List<ReferralCommission> ann = rowsOf("ann");
        List<ReferralCommission> bob = rowsOf("bob");
        Map<String, String> owed =
                Map.of(
                        new ReferralCommission("rita", "o1", 1, "ann", BOUGHT, 10_00, 50).rowKey(),
                        "rita L1 o1 of ann 50");

        assertThat(tableThroughLatest(concat(ann, bob))).isEqualTo(owed);
        assertThat(tableThroughLatest(concat(bob, ann))).isEqualTo(owed);
        // Interleaved: ann's write and delete, bob's write, ann's write again, bob's delete.
        assertThat(
                        tableThroughLatest(
                                List.of(
                                        ann.get(0),
                                        ann.get(1),
                                        bob.get(0),
                                        ann.get(2),
                                        bob.get(1))))
                .isEqualTo(owed);
    }

    @Test
    void aChangeOfTheReferralAfterTheMoveStillBeatsTheOldDelete() throws Exception {
        buys("ann", BOUGHT);
        moves("ann", "bob", MOVED);
        // Bob's referrer goes (a change stamped before the move, read after it), then comes back.
        for (String[] referrers : List.of(new String[0], new String[] {"rita"})) {
            customers.processElement(
                    new StreamRecord<>(
                            CustomerChange.of(
                                    new ReferralUpdate(
                                            "bob",
                                            new Referral(REGISTERED.toEpochMilli(), referrers))),
                            BOUGHT));
        }
        List<ReferralCommission> ann = rowsOf("ann");
        List<ReferralCommission> bob = rowsOf("bob");
        assertThat(bob).hasSize(3);
        Map<String, String> owed =
                Map.of(
                        new ReferralCommission("rita", "o1", 1, "bob", BOUGHT, 10_00, 50).rowKey(),
                        "rita L1 o1 of bob 50");

        assertThat(tableThroughLatest(concat(ann, bob))).isEqualTo(owed);
        assertThat(tableThroughLatest(concat(bob, ann))).isEqualTo(owed);
    }
}
