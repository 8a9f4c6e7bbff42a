package dev.repurchase.jobs.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.repurchase.common.customer.CustomerChange;
import dev.repurchase.common.lifecycle.CategoryCycle;
import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.order.PurchaseChange;
import dev.repurchase.common.predict.BgNbd;
import dev.repurchase.common.predict.GammaGamma;
import dev.repurchase.common.predict.PredictionModel;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The profile's prediction columns (SPEC 9): a new model recomputes every customer's, a refund
 * recomputes the customer's, as of the day of event time. P(alive) is checked against the paper's
 * closed form, and the predicted value against expected purchases times the Gamma-Gamma expected
 * order value, both computed here.
 */
class CustomerPredictionTest {

    private static final double R = 0.243;
    private static final double ALPHA = 4.414;
    private static final double A = 0.793;
    private static final double B = 2.426;
    private static final double P = 6.25;
    private static final double Q = 3.74;
    private static final double GAMMA = 15.44;

    private static final Instant JAN_01 = Instant.parse("2025-01-01T10:00:00Z");
    private static final Instant JAN_05 = Instant.parse("2025-01-05T10:00:00Z");
    private static final Instant JAN_20 = Instant.parse("2025-01-20T10:00:00Z");
    private static final Instant FEB_10 = Instant.parse("2025-02-10T10:00:00Z");
    private static final Instant MAR_01 = Instant.parse("2025-03-01T00:00:00Z");
    private static final Instant MAR_05 = Instant.parse("2025-03-05T08:00:00Z");

    private KeyedBroadcastOperatorTestHarness<
                    String, CustomerChange, Either<CategoryCycle, PredictionModel>, MetricDelta>
            harness;

    @BeforeEach
    void setUp() throws Exception {
        Configuration config = new Configuration();
        config.setString("reminders.suppress-before", "2000-01-01T00:00:00Z");
        harness = CustomerHarness.start(config, Instant.now(), null);
        buys("alice", "a1", JAN_01, 2_000);
        buys("alice", "a2", JAN_20, 3_000);
        buys("alice", "a3", FEB_10, 5_000);
        buys("bob", "b1", JAN_05, 4_000);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void noPredictionBeforeTheFirstModel() {
        assertThat(profiles()).allSatisfy((id, p) -> assertThat(p.pAlive).isNull());
    }

    @Test
    void aNewModelRecomputesEveryCustomer() throws Exception {
        harness.processBroadcastElement(new StreamRecord<>(model(MAR_01)));

        Map<String, CustomerProfile> profiles = profiles();
        // alice: purchase days 1 Jan, 20 Jan, 10 Feb; today 1 March.
        CustomerProfile alice = profiles.get("alice");
        assertThat(alice.pAlive).isCloseTo(pAlive(2, 40 / 7.0, 59 / 7.0), within(1e-9));
        assertThat(alice.predictedValue / alice.expectedPurchases)
                .isCloseTo(orderValue(2, (30.00 + 50.00) / 2), within(1e-9));
        // bob: one purchase day, alive for sure; his spend is the population's.
        CustomerProfile bob = profiles.get("bob");
        assertThat(bob.pAlive).isEqualTo(1.0);
        assertThat(bob.predictedValue / bob.expectedPurchases)
                .isCloseTo(P * GAMMA / (Q - 1), within(1e-9));
        assertThat(bob.expectedPurchases).isPositive();
    }

    @Test
    void aRefundRecomputesTheCustomerAsOfEventTime() throws Exception {
        harness.processBroadcastElement(new StreamRecord<>(model(MAR_01)));
        // Event time on both inputs (the operator takes the lower one).
        harness.processWatermark(new Watermark(MAR_05.toEpochMilli()));
        harness.processBroadcastWatermark(new Watermark(MAR_05.toEpochMilli()));
        profiles();

        harness.processElement(
                new StreamRecord<>(
                        CustomerChange.of(PurchaseChange.remove("alice", "a3")),
                        MAR_05.toEpochMilli()));

        // alice: purchase days 1 Jan and 20 Jan; today 5 March.
        CustomerProfile alice = profiles().get("alice");
        assertThat(alice.pAlive).isCloseTo(pAlive(1, 19 / 7.0, 63 / 7.0), within(1e-9));
        assertThat(alice.predictedValue / alice.expectedPurchases)
                .isCloseTo(orderValue(1, 30.00), within(1e-9));
    }

    private static Either<CategoryCycle, PredictionModel> model(Instant fittedAt) {
        return Either.Right(
                new PredictionModel(
                        fittedAt.toEpochMilli(),
                        2,
                        new BgNbd(R, ALPHA, A, B),
                        -10,
                        new GammaGamma(P, Q, GAMMA)));
    }

    private static double pAlive(int x, double tx, double t) {
        return 1 / (1 + A / (B + x - 1) * Math.pow((ALPHA + t) / (ALPHA + tx), R + x));
    }

    private static double orderValue(int x, double meanRepeatSpend) {
        return P * (GAMMA + meanRepeatSpend * x) / (P * x + Q - 1);
    }

    private void buys(String customerId, String orderId, Instant at, long cents) throws Exception {
        Purchase p = new Purchase();
        p.orderId = orderId;
        p.purchasedAt = at.toEpochMilli();
        p.netCents = cents;
        p.categories = new String[] {"coffee"};
        p.primaryCategory = "coffee";
        harness.processElement(
                new StreamRecord<>(
                        CustomerChange.of(PurchaseChange.upsert(customerId, p)),
                        at.toEpochMilli()));
    }

    /** The latest profile of each customer emitted since the last call. */
    private Map<String, CustomerProfile> profiles() {
        Map<String, CustomerProfile> latest = new HashMap<>();
        var out = harness.getSideOutput(CustomerOperator.PROFILES);
        if (out != null) {
            out.forEach(r -> latest.put(r.getValue().customerId, r.getValue()));
            out.clear();
        }
        return latest;
    }
}
