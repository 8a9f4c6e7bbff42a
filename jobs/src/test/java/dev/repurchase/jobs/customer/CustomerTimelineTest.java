package dev.repurchase.jobs.customer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.metric.MetricSettings;
import dev.repurchase.common.metric.PriceBands;
import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.order.PurchaseChange;
import dev.repurchase.common.period.BusinessCalendar;
import dev.repurchase.common.period.PeriodType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CustomerTimelineTest {

    private static final String ALICE = "alice";
    private static final String JANUARY = "METRIC_PERIOD[MONTH 2025-01-01 all=all]";
    private static final String MARCH = "METRIC_PERIOD[MONTH 2025-03-01 all=all]";
    private static final String FIRST_REPEAT_JANUARY = "FIRST_REPEAT_CYCLE[MONTH 2025-01-01]";

    private static final MetricSettings MONTHLY =
            new MetricSettings(
                    new BusinessCalendar("UTC"),
                    List.of(PeriodType.MONTH),
                    new PriceBands(List.of(BigDecimal.ZERO)));

    private KeyedOneInputStreamOperatorTestHarness<String, PurchaseChange, MetricDelta> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new CustomerTimeline(MONTHLY, 90)),
                        change -> change.customerId,
                        Types.STRING);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private static Purchase purchase(String orderId, String at, long netCents) {
        Purchase p = new Purchase();
        p.orderId = orderId;
        p.purchasedAt = Instant.parse(at).toEpochMilli();
        p.netCents = netCents;
        p.categories = new String[] {"coffee"};
        p.primaryCategory = "coffee";
        return p;
    }

    private static final Purchase A_JAN_05 = purchase("A", "2025-01-05T10:00:00Z", 1000);
    private static final Purchase B_JAN_20 = purchase("B", "2025-01-20T10:00:00Z", 3000);
    private static final Purchase C_MAR_03 = purchase("C", "2025-03-03T10:00:00Z", 2000);

    private void buys(Purchase p) throws Exception {
        harness.processElement(new StreamRecord<>(PurchaseChange.upsert(ALICE, p)));
    }

    private void loses(Purchase p) throws Exception {
        harness.processElement(new StreamRecord<>(PurchaseChange.remove(ALICE, p.orderId)));
    }

    /** The emitted deltas summed per cell: what an aggregator would hold. */
    private Map<String, long[]> sums() {
        Map<String, long[]> sums = new HashMap<>();
        for (MetricDelta d : harness.extractOutputValues()) {
            String cell = d.key + (d.key.table.isHistogram() ? "@" + d.bucket : "");
            long[] sum = sums.computeIfAbsent(cell, k -> new long[d.values.length]);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += d.values[i];
            }
        }
        sums.values().removeIf(v -> java.util.Arrays.stream(v).allMatch(x -> x == 0));
        return sums;
    }

    @Test
    void outOfOrderPurchasesEndInTheSequenceByPurchaseTime() throws Exception {
        buys(C_MAR_03);
        buys(B_JAN_20);
        buys(A_JAN_05);

        // January: A is the first (new) order, B returning; March: C returning.
        assertThat(sums().get(JANUARY))
                .containsExactly(1, 1, 1, 0, 2, 1, 1, 2, 0, 4000, 1000, 3000);
        assertThat(sums().get(MARCH)).containsExactly(1, 0, 0, 1, 1, 0, 1, 0, 1, 2000, 0, 2000);
        assertThat(sums().get(FIRST_REPEAT_JANUARY + "@15")).containsExactly(1);
        assertThat(sums()).doesNotContainKey(FIRST_REPEAT_JANUARY + "@42");
    }

    @Test
    void refundOfTheFirstOrderAfterTheSecondRenumbers() throws Exception {
        buys(A_JAN_05);
        buys(B_JAN_20);
        buys(C_MAR_03);
        loses(A_JAN_05);

        // B is now the first order, C the second: 42 days.
        assertThat(sums().get(JANUARY)).containsExactly(1, 0, 1, 0, 1, 1, 0, 1, 0, 3000, 3000, 0);
        assertThat(sums().get(FIRST_REPEAT_JANUARY + "@42")).containsExactly(1);
        assertThat(sums()).doesNotContainKey(FIRST_REPEAT_JANUARY + "@15");
    }

    @Test
    void duplicatesChangeNothing() throws Exception {
        buys(A_JAN_05);
        int emitted = harness.extractOutputValues().size();

        buys(A_JAN_05);
        loses(B_JAN_20);

        assertThat(harness.extractOutputValues()).hasSize(emitted);
    }

    @Test
    void removingEveryPurchaseRetractsEverythingAndClearsState() throws Exception {
        buys(A_JAN_05);
        buys(B_JAN_20);
        loses(B_JAN_20);
        loses(A_JAN_05);

        assertThat(sums()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }
}
