package dev.repurchase.jobs.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.metric.MetricKey;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricAggregatorTest {

    private static final MetricKey ACTIVE = MetricKey.lifecycleStage("ACTIVE");
    private static final MetricKey COFFEE = MetricKey.categoryCycle("coffee");

    private KeyedOneInputStreamOperatorTestHarness<MetricKey, MetricDelta, MetricRow> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new MetricAggregator(Long.MAX_VALUE / 4),
                        delta -> delta.key,
                        TypeInformation.of(MetricKey.class));
        // When rows flush; how new rows wait for a checkpoint is MetricAggregatorRecoveryTest's.
        harness.getStreamConfig().setCheckpointingEnabled(false);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void add(MetricKey key, int bucket, long... values) throws Exception {
        harness.processElement(new StreamRecord<>(new MetricDelta(key, bucket, values)));
    }

    private List<MetricRow> rows() {
        return harness.extractOutputValues();
    }

    @Test
    void emitsEachChangedRowOnceWithItsAbsoluteValueBeforeACheckpoint() throws Exception {
        add(ACTIVE, 0, 1);
        add(ACTIVE, 0, 1);
        add(ACTIVE, 0, -1);
        assertThat(rows()).isEmpty();

        harness.prepareSnapshotPreBarrier(1);

        assertThat(rows()).hasSize(1);
        assertThat(rows().get(0).values).containsExactly(1);
    }

    @Test
    void histogramRowsHoldDayBuckets() throws Exception {
        add(COFFEE, 30, 1);
        add(COFFEE, 7, 1);
        add(COFFEE, 30, 1);
        add(COFFEE, 7, -1);

        harness.prepareSnapshotPreBarrier(1);

        assertThat(rows().get(0).values).containsExactly(30, 2);
    }

    @Test
    void flushesAtTheEndOfABoundedInput() throws Exception {
        add(ACTIVE, 0, 5);

        harness.endInput();

        assertThat(rows()).extracting(r -> r.values[0]).containsExactly(5L);
    }

    @Test
    void deltasAcrossFlushesAddUp() throws Exception {
        add(ACTIVE, 0, 2);
        add(COFFEE, 30, 1);
        harness.prepareSnapshotPreBarrier(1);
        add(ACTIVE, 0, 3);
        add(COFFEE, 30, 1);
        add(COFFEE, 7, 1);

        harness.prepareSnapshotPreBarrier(2);

        assertThat(rows())
                .extracting(r -> r.key + "=" + Arrays.toString(r.values))
                .containsExactly(
                        ACTIVE + "=[2]",
                        COFFEE + "=[30, 1]",
                        ACTIVE + "=[5]",
                        COFFEE + "=[7, 1, 30, 2]");
    }

    @Test
    void anEmittedRowIsNeverChangedByLaterDeltas() throws Exception {
        // The test harness keeps state on the heap, where the state holds the very array emitted.
        add(ACTIVE, 0, 2);
        add(COFFEE, 30, 1);
        harness.prepareSnapshotPreBarrier(1);
        List<MetricRow> first = List.copyOf(rows());

        add(ACTIVE, 0, 3);
        add(COFFEE, 30, 1);
        harness.prepareSnapshotPreBarrier(2);

        assertThat(first.get(0).values).containsExactly(2);
        assertThat(first.get(1).values).containsExactly(30, 1);
    }

    @Test
    void aSumOfZeroCreatesNoRow() throws Exception {
        add(ACTIVE, 0, 1);
        add(ACTIVE, 0, -1);

        harness.endInput();

        assertThat(rows()).isEmpty();
    }

    @Test
    void flushesOnTheProcessingTimeInterval() throws Exception {
        startFlushingEvery(1000);
        add(ACTIVE, 0, 2);

        harness.setProcessingTime(1000);

        assertThat(rows()).extracting(r -> r.values[0]).containsExactly(2L);
    }

    private void startFlushingEvery(long millis) throws Exception {
        harness.close();
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new MetricAggregator(millis),
                        delta -> delta.key,
                        TypeInformation.of(MetricKey.class));
        harness.getStreamConfig().setCheckpointingEnabled(false);
        harness.setProcessingTime(0);
        harness.open();
    }
}
