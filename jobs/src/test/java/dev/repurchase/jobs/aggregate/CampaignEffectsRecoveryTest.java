package dev.repurchase.jobs.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.metric.MetricKey;
import dev.repurchase.jobs.sink.CheckpointGate;
import dev.repurchase.jobs.state.StateTypes;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * campaign_effect across a failure, as the job runs it: the campaign effect operator, then the gate
 * that lets its rows reach the upserting sink once a completed checkpoint holds them. After a
 * restore the aggregator sends its restored rows again; campaign_effect must end as the restored
 * and replayed input says, whatever the failed run wrote after its checkpoint.
 *
 * <p>spring in January: baseline [10, 4], campaign [3, 2], so spring = [3, 2, 10, 4].
 */
class CampaignEffectsRecoveryTest {

    private static final LocalDate JAN = LocalDate.of(2025, 1, 1);

    private KeyedOneInputStreamOperatorTestHarness<String, MetricRow, MetricRow> effects;
    private OneInputStreamOperatorTestHarness<MetricRow, MetricRow> gate;

    /** What the upserting sink holds: campaign_effect by campaign. */
    private final Map<String, List<Long>> table = new TreeMap<>();

    /** The checkpoint of both operators. */
    private record Checkpoint(OperatorSubtaskState effects, OperatorSubtaskState gate) {}

    /** A task attempt of both, restored from {@code checkpoint} unless null. */
    private void start(Checkpoint checkpoint) throws Exception {
        effects =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new CampaignEffects()),
                        row -> CampaignEffects.ALL,
                        Types.STRING);
        gate =
                new OneInputStreamOperatorTestHarness<>(
                        new CheckpointGate<>(
                                (MetricRow row) -> row.key.value, StateTypes.METRIC_ROW));
        effects.getStreamConfig().setCheckpointingEnabled(true);
        gate.getStreamConfig().setCheckpointingEnabled(true);
        if (checkpoint != null) {
            effects.initializeState(checkpoint.effects());
            gate.initializeState(checkpoint.gate());
        }
        effects.open();
        gate.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        effects.close();
        gate.close();
    }

    private void baseline(long customers, long repurchased) throws Exception {
        row(MetricKey.baselineMonth(JAN), customers, repurchased);
    }

    private void spring(long customers, long repurchased) throws Exception {
        row(MetricKey.campaignMonth(JAN, "spring"), customers, repurchased);
    }

    /** An absolute row from the aggregator, through both operators. */
    private void row(MetricKey key, long customers, long repurchased) throws Exception {
        effects.processElement(
                new StreamRecord<>(new MetricRow(key, new long[] {customers, repurchased})));
        for (MetricRow out : effects.extractOutputValues()) {
            gate.processElement(new StreamRecord<>(out));
        }
        effects.getOutput().clear();
    }

    private Checkpoint checkpoint(long id) throws Exception {
        return new Checkpoint(effects.snapshot(id, 0), gate.snapshot(id, 0));
    }

    private void completed(long id) throws Exception {
        effects.notifyOfCompletedCheckpoint(id);
        gate.notifyOfCompletedCheckpoint(id);
    }

    /** The task fails: the sink has written what the gate let through, nothing more comes. */
    private void fails() throws Exception {
        campaignEffect();
        effects.close();
        gate.close();
    }

    /** The table after the sink wrote what the gate let through so far. */
    private Map<String, List<Long>> campaignEffect() {
        for (MetricRow row : gate.extractOutputValues()) {
            table.put(row.key.value, Arrays.stream(row.values).boxed().toList());
        }
        gate.getOutput().clear();
        return table;
    }

    @Test
    void aValueAFailedRunReachedAfterItsCheckpointIsNeverLeftInTheTable() throws Exception {
        start(null);
        baseline(10, 4);
        spring(3, 2);
        Checkpoint checkpoint = checkpoint(1);
        completed(1);
        assertThat(campaignEffect()).containsExactly(Map.entry("spring", List.of(3L, 2L, 10L, 4L)));

        // After the checkpoint a bulk order is a valid purchase for a moment: spring has a fourth
        // customer until its lines arrive.
        spring(4, 2);
        spring(3, 2);
        checkpoint(2);
        spring(4, 2);
        fails(); // before checkpoint 2 is known complete

        // Restored: the aggregator sends its rows of checkpoint 1 again; in the restarted run the
        // lines arrive first, the bulk order never counts, nothing changes.
        start(checkpoint);
        baseline(10, 4);
        spring(3, 2);
        checkpoint(3);
        completed(3);

        assertThat(campaignEffect()).containsExactly(Map.entry("spring", List.of(3L, 2L, 10L, 4L)));
    }

    @Test
    void aCampaignFirstSeenByAFailedRunAfterItsCheckpointIsNeverInTheTable() throws Exception {
        start(null);
        baseline(10, 4);
        Checkpoint checkpoint = checkpoint(1);
        completed(1);

        spring(1, 0);
        fails();

        start(checkpoint);
        baseline(10, 4);
        gate.endInput();

        assertThat(campaignEffect()).isEmpty();
    }
}
