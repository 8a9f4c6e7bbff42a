package dev.repurchase.jobs.customer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.customer.CustomerChange;
import dev.repurchase.common.customer.Referral;
import dev.repurchase.common.customer.ReferralCommission;
import dev.repurchase.common.customer.ReferralUpdate;
import dev.repurchase.common.lifecycle.CategoryCycle;
import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.metric.MetricTable;
import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.order.PurchaseChange;
import dev.repurchase.common.predict.PredictionModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The customer operator's referral commissions (SPEC 8.1): whichever comes first, the chain or the
 * purchases, the rows and the referral_stat sums end as what is owed now. Rates 5 % and 2 %, UTC.
 */
class CustomerReferralsTest {

    private static final String CID = "cid";
    private static final Instant REGISTERED = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant FEB_10 = Instant.parse("2025-02-10T10:00:00Z");

    private KeyedBroadcastOperatorTestHarness<
                    String, CustomerChange, Either<CategoryCycle, PredictionModel>, MetricDelta>
            harness;

    @BeforeEach
    void open() throws Exception {
        Configuration config = new Configuration();
        config.setString("metrics.period-types", "MONTH");
        harness = CustomerHarness.start(config, Instant.parse("2025-01-01T00:00:00Z"), null);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void referredBy(String... referrers) throws Exception {
        harness.processElement(
                new StreamRecord<>(
                        CustomerChange.of(
                                new ReferralUpdate(
                                        CID, new Referral(REGISTERED.toEpochMilli(), referrers))),
                        REGISTERED.toEpochMilli()));
    }

    private void buys(String orderId, long netCents) throws Exception {
        Purchase p = new Purchase();
        p.orderId = orderId;
        p.purchasedAt = FEB_10.toEpochMilli();
        p.netCents = netCents;
        p.categories = new String[] {"tea"};
        p.primaryCategory = "tea";
        harness.processElement(
                new StreamRecord<>(
                        CustomerChange.of(PurchaseChange.upsert(CID, p)), FEB_10.toEpochMilli()));
    }

    private void refunded(String orderId) throws Exception {
        harness.processElement(
                new StreamRecord<>(
                        CustomerChange.of(PurchaseChange.remove(CID, orderId)),
                        FEB_10.toEpochMilli() + 1));
    }

    /** The rows as a sink applying writes and deletes in order would hold them. */
    private List<String> table() {
        Map<String, String> rows = new TreeMap<>();
        var written = harness.getSideOutput(CustomerOperator.COMMISSIONS);
        if (written == null) {
            return List.of();
        }
        for (StreamRecord<ReferralCommission> r : written) {
            ReferralCommission c = r.getValue();
            if (c.owed) {
                rows.put(c.rowKey(), c.referrerId + " " + c.orderId + " " + c.commissionCents);
            } else {
                rows.remove(c.rowKey());
            }
        }
        return new ArrayList<>(rows.values());
    }

    /** referral_stat per referrer, summed over every delta emitted. */
    private Map<String, String> stats() {
        Map<String, long[]> sums = new TreeMap<>();
        for (MetricDelta d : harness.extractOutputValues()) {
            if (d.key.table == MetricTable.REFERRAL_STAT) {
                long[] sum = sums.computeIfAbsent(d.key.value, k -> new long[4]);
                for (int i = 0; i < 4; i++) {
                    sum[i] += d.values[i];
                }
            }
        }
        Map<String, String> shown = new TreeMap<>();
        sums.forEach((referrer, sum) -> shown.put(referrer, Arrays.toString(sum)));
        return shown;
    }

    @Test
    void purchasesBeforeTheChainEarnOnceItComes() throws Exception {
        buys("o1", 1000);
        assertThat(table()).isEmpty();

        referredBy("bob", "ann");

        assertThat(table()).containsExactly("ann o1 20", "bob o1 50");
        assertThat(stats())
                .containsEntry("bob", "[1, 1, 1000, 50]")
                .containsEntry("ann", "[1, 1, 1000, 20]");
    }

    @Test
    void aRefundTakesTheRowsAndTheSumsBack() throws Exception {
        referredBy("bob");
        buys("o1", 1000);
        buys("o2", 3000);

        refunded("o2");

        assertThat(table()).containsExactly("bob o1 50");
        assertThat(stats()).containsEntry("bob", "[1, 1, 1000, 50]");
    }

    @Test
    void aNewReferrerTakesOverEveryRow() throws Exception {
        referredBy("bob");
        buys("o1", 1000);

        referredBy("kim");

        assertThat(table()).containsExactly("kim o1 50");
        assertThat(stats())
                .containsEntry("bob", "[0, 0, 0, 0]")
                .containsEntry("kim", "[1, 1, 1000, 50]");
    }

    @Test
    void aCustomerReferredByNobodyKeepsNoState() throws Exception {
        referredBy();

        assertThat(
                        ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend())
                                .numKeyValueStateEntries())
                .isZero();
        assertThat(table()).isEmpty();
    }

    @Test
    void theSameChainAgainChangesNothing() throws Exception {
        referredBy("bob");
        buys("o1", 1000);
        int rows = harness.getSideOutput(CustomerOperator.COMMISSIONS).size();

        referredBy("bob");

        assertThat(harness.getSideOutput(CustomerOperator.COMMISSIONS)).hasSize(rows);
    }
}
