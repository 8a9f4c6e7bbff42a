package dev.repurchase.jobs.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.metric.MetricKey;
import dev.repurchase.common.period.PeriodType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeltaPreAggregatorTest {

    private static final long INTERVAL = 200;
    private static final MetricKey ACTIVE = MetricKey.lifecycleStage("ACTIVE");
    private static final MetricKey DORMANT = MetricKey.lifecycleStage("DORMANT");
    private static final MetricKey COFFEE = MetricKey.categoryCycle("coffee");

    private OneInputStreamOperatorTestHarness<MetricDelta, MetricDelta> harness;

    private void open(int maxRows) throws Exception {
        harness =
                new OneInputStreamOperatorTestHarness<>(new DeltaPreAggregator(INTERVAL, maxRows));
        harness.setProcessingTime(0);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void add(MetricKey key, int bucket, long... values) throws Exception {
        harness.processElement(new StreamRecord<>(new MetricDelta(key, bucket, values)));
    }

    /** The emitted deltas as "row@bucket=[values]" text, in any order. */
    private List<String> sent() {
        return harness.extractOutputValues().stream()
                .map(d -> d.key + "@" + d.bucket + "=" + java.util.Arrays.toString(d.values))
                .toList();
    }

    @Test
    void sumsDeltasPerRowAndSendsThemBeforeACheckpointBarrier() throws Exception {
        open(100);
        add(ACTIVE, 0, 1);
        add(ACTIVE, 0, 1);
        add(DORMANT, 0, 1);
        add(ACTIVE, 0, -1);
        assertThat(sent()).isEmpty();

        harness.prepareSnapshotPreBarrier(1);

        assertThat(sent()).containsExactlyInAnyOrder(ACTIVE + "@0=[1]", DORMANT + "@0=[1]");
    }

    @Test
    void sumsHistogramDeltasPerDayBucket() throws Exception {
        open(100);
        add(COFFEE, 30, 1);
        add(COFFEE, 7, 1);
        add(COFFEE, 30, 1);

        harness.endInput();

        assertThat(sent()).containsExactlyInAnyOrder(COFFEE + "@30=[2]", COFFEE + "@7=[1]");
    }

    @Test
    void dropsDeltasThatCancelOut() throws Exception {
        open(100);
        add(ACTIVE, 0, 1);
        add(COFFEE, 7, 1);
        add(ACTIVE, 0, -1);
        add(COFFEE, 7, -1);

        harness.endInput();

        assertThat(sent()).isEmpty();
    }

    @Test
    void sendsAFullBundleAtOnce() throws Exception {
        open(2);
        add(ACTIVE, 0, 1);
        add(ACTIVE, 0, 1);
        assertThat(sent()).isEmpty();

        add(DORMANT, 0, 1);

        assertThat(sent()).containsExactlyInAnyOrder(ACTIVE + "@0=[2]", DORMANT + "@0=[1]");
    }

    @Test
    void sendsOnTheProcessingTimeInterval() throws Exception {
        open(100);
        add(ACTIVE, 0, 3);

        harness.setProcessingTime(INTERVAL - 1);
        assertThat(sent()).isEmpty();
        harness.setProcessingTime(INTERVAL);
        assertThat(sent()).containsExactly(ACTIVE + "@0=[3]");

        add(ACTIVE, 0, 4);
        harness.setProcessingTime(2 * INTERVAL);
        assertThat(sent()).containsExactly(ACTIVE + "@0=[3]", ACTIVE + "@0=[4]");
    }

    @Test
    void keepsTheSendersArraysIntact() throws Exception {
        open(100);
        long[] first = {1, 10};
        harness.processElement(new StreamRecord<>(new MetricDelta(ACTIVE, 0, first)));
        add(ACTIVE, 0, 1, 10);

        harness.endInput();

        assertThat(first).containsExactly(1, 10);
        assertThat(sent()).containsExactly(ACTIVE + "@0=[2, 20]");
    }

    /**
     * Random counter and histogram deltas, with bundles cut by size, time and barriers: the
     * aggregator's final rows are those it makes of the deltas themselves.
     */
    @Test
    void leavesTheAggregatedRowsUnchanged() throws Exception {
        open(8);
        Random random = new Random(42);
        List<MetricDelta> deltas = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            deltas.add(randomDelta(random));
        }
        for (int i = 0; i < deltas.size(); i++) {
            MetricDelta d = deltas.get(i);
            add(d.key, d.bucket, d.values.clone());
            if (i % 97 == 0) {
                harness.setProcessingTime(harness.getProcessingTime() + INTERVAL);
            }
            if (i % 311 == 0) {
                harness.prepareSnapshotPreBarrier(i);
            }
        }
        harness.endInput();
        List<MetricDelta> summed = harness.extractOutputValues();

        assertThat(summed.size()).isLessThan(deltas.size());
        assertThat(nonZero(aggregate(summed))).isEqualTo(nonZero(aggregate(deltas)));
    }

    private static MetricDelta randomDelta(Random random) {
        LocalDate month = LocalDate.of(2024, 1 + random.nextInt(3), 1);
        long sign = random.nextInt(4) == 0 ? -1 : 1;
        return switch (random.nextInt(3)) {
            case 0 -> new MetricDelta(COFFEE, 1 + random.nextInt(5), new long[] {sign});
            case 1 ->
                    new MetricDelta(
                            MetricKey.exclusion(PeriodType.MONTH, month, "cancelled"),
                            0,
                            new long[] {sign, sign * random.nextInt(10_000)});
            default ->
                    new MetricDelta(
                            MetricKey.lifecycleStage("S" + random.nextInt(4)),
                            0,
                            new long[] {sign});
        };
    }

    /** The rows the real aggregator ends with for {@code deltas}. */
    private static Map<MetricKey, List<Long>> aggregate(List<MetricDelta> deltas) throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<MetricKey, MetricDelta, MetricRow> aggregator =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new MetricAggregator(Long.MAX_VALUE / 4),
                        delta -> delta.key,
                        TypeInformation.of(MetricKey.class))) {
            aggregator.getStreamConfig().setCheckpointingEnabled(false);
            aggregator.open();
            for (MetricDelta d : deltas) {
                aggregator.processElement(new StreamRecord<>(d));
            }
            aggregator.endInput();
            Map<MetricKey, List<Long>> rows = new HashMap<>();
            for (MetricRow row : aggregator.extractOutputValues()) {
                rows.put(row.key, java.util.Arrays.stream(row.values).boxed().toList());
            }
            return rows;
        }
    }

    /** Rows with a non-zero value: zero rows read as absent ones. */
    private static Map<MetricKey, List<Long>> nonZero(Map<MetricKey, List<Long>> rows) {
        Map<MetricKey, List<Long>> kept = new HashMap<>(rows);
        kept.values().removeIf(values -> values.stream().allMatch(v -> v == 0));
        return kept;
    }
}
