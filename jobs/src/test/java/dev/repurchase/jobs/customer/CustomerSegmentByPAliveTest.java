package dev.repurchase.jobs.customer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.customer.CustomerChange;
import dev.repurchase.common.lifecycle.CategoryCycle;
import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.metric.MetricKey;
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
 * A segment rule on P(alive) (SPEC 9 and M8): {@code segments.at-risk: f>=2 & p_alive<0.5}. Alice
 * bought on 1 January, 20 January and 10 February; on 20 May her R is 2 (99 days) and F is 3, so no
 * other rule takes her. Before the first fit her P(alive) is unknown and she is REGULAR; a model
 * under which it is below one half makes her AT_RISK, one under which it is above makes her REGULAR
 * again, each time with the segment counts moved. P(alive) comes from the paper's closed form here.
 */
class CustomerSegmentByPAliveTest {

    private static final double R = 0.243;
    private static final double ALPHA = 4.414;
    private static final double B = 2.426;

    private static final Instant JAN_01 = Instant.parse("2025-01-01T10:00:00Z");
    private static final Instant JAN_20 = Instant.parse("2025-01-20T10:00:00Z");
    private static final Instant FEB_10 = Instant.parse("2025-02-10T10:00:00Z");
    private static final Instant MAY_20 = Instant.parse("2025-05-20T00:00:00Z");

    /** alice as of 20 May: x = 2, t_x = 40 days, T = 139 days, in weeks. */
    private static final int X = 2;

    private static final double TX = 40 / 7.0;
    private static final double T = 139 / 7.0;

    private static final String REGULAR = MetricKey.segment("REGULAR").toString();
    private static final String AT_RISK = MetricKey.segment("AT_RISK").toString();

    private KeyedBroadcastOperatorTestHarness<
                    String, CustomerChange, Either<CategoryCycle, PredictionModel>, MetricDelta>
            harness;

    @BeforeEach
    void setUp() throws Exception {
        Configuration config = new Configuration();
        config.setString("reminders.suppress-before", "2000-01-01T00:00:00Z");
        config.setString("segments.at-risk", "f>=2 & p_alive<0.5");
        harness = CustomerHarness.start(config, Instant.now(), null);
        buys("a1", JAN_01, 2_000);
        buys("a2", JAN_20, 3_000);
        buys("a3", FEB_10, 5_000);
        harness.processWatermark(new Watermark(MAY_20.toEpochMilli()));
        harness.processBroadcastWatermark(new Watermark(MAY_20.toEpochMilli()));
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void beforeTheFirstFitTheRuleOnPAliveDoesNotHold() {
        assertThat(counts()).containsEntry(REGULAR, 1L).doesNotContainKey(AT_RISK);
        assertThat(lastProfile().segment).isEqualTo("REGULAR");
    }

    @Test
    void aModelThatThinksHerLostMakesHerAtRiskAndOneThatDoesNotTakesHerBack() throws Exception {
        double a = 0.793;
        assertThat(pAlive(a)).isLessThan(0.5);
        harness.processBroadcastElement(new StreamRecord<>(model(a)));

        assertThat(counts()).containsEntry(AT_RISK, 1L).doesNotContainKey(REGULAR);
        assertThat(segmentSpend()).containsEntry(AT_RISK, 10_000L);
        CustomerProfile profile = lastProfile();
        assertThat(profile.segment).isEqualTo("AT_RISK");
        assertThat(profile.rfmR).isEqualTo(2);
        assertThat(profile.rfmF).isEqualTo(3);

        double lowA = 0.01;
        assertThat(pAlive(lowA)).isGreaterThan(0.5);
        harness.processBroadcastElement(new StreamRecord<>(model(lowA)));

        assertThat(counts()).containsEntry(REGULAR, 1L).doesNotContainKey(AT_RISK);
        assertThat(lastProfile().segment).isEqualTo("REGULAR");
    }

    /** The paper's P(alive) of alice as of 20 May with r, alpha, b as published and {@code a}. */
    private static double pAlive(double a) {
        return 1 / (1 + a / (B + X - 1) * Math.pow((ALPHA + T) / (ALPHA + TX), R + X));
    }

    private static Either<CategoryCycle, PredictionModel> model(double a) {
        return Either.Right(
                new PredictionModel(
                        MAY_20.toEpochMilli(),
                        1,
                        new BgNbd(R, ALPHA, a, B),
                        -10,
                        new GammaGamma(6.25, 3.74, 15.44)));
    }

    private void buys(String orderId, Instant at, long cents) throws Exception {
        Purchase p = new Purchase();
        p.orderId = orderId;
        p.purchasedAt = at.toEpochMilli();
        p.netCents = cents;
        p.categories = new String[] {"coffee"};
        p.primaryCategory = "coffee";
        harness.processElement(
                new StreamRecord<>(
                        CustomerChange.of(PurchaseChange.upsert("alice", p)), at.toEpochMilli()));
    }

    /** The emitted customer counts summed per row, e.g. the segment AT_RISK -> 1. */
    private Map<String, Long> counts() {
        return sums(0);
    }

    /** The emitted segment spends (cents) summed per row. */
    private Map<String, Long> segmentSpend() {
        return sums(1);
    }

    private Map<String, Long> sums(int value) {
        Map<String, Long> sums = new HashMap<>();
        for (MetricDelta d : harness.extractOutputValues()) {
            if (d.values.length > value) {
                sums.merge(d.key.toString(), d.values[value], Long::sum);
            }
        }
        sums.values().removeIf(v -> v == 0);
        return sums;
    }

    private CustomerProfile lastProfile() {
        CustomerProfile last = null;
        for (var r : harness.getSideOutput(CustomerOperator.PROFILES)) {
            last = r.getValue();
        }
        return last;
    }
}
