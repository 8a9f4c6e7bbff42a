package dev.repurchase.jobs.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.repurchase.jobs.customer.Trigger;
import dev.repurchase.jobs.state.StateTypes;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gate in front of trigger_log across failures: a trigger a failed run fired after its last
 * checkpoint never reaches the log (the restarted run may fire another one, or none), and the
 * triggers a completed checkpoint holds always do, even when its completion came too late.
 */
class CheckpointGateTest {

    private OneInputStreamOperatorTestHarness<Trigger, Trigger> harness;

    /** What the upserting sink holds: status by trigger id. */
    private final Map<String, String> triggerLog = new TreeMap<>();

    /** A task attempt of the gate, restored from {@code checkpoint} unless null. */
    private void start(OperatorSubtaskState checkpoint, boolean checkpointing) throws Exception {
        harness =
                new OneInputStreamOperatorTestHarness<>(
                        new CheckpointGate<>((Trigger t) -> t.triggerId, StateTypes.TRIGGER));
        harness.getStreamConfig().setCheckpointingEnabled(checkpointing);
        if (checkpoint != null) {
            harness.initializeState(checkpoint);
        }
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void fires(String triggerId, String status) throws Exception {
        Trigger t = new Trigger();
        t.triggerId = triggerId;
        t.type = "REPLENISH_REMINDER";
        t.status = status;
        harness.processElement(new StreamRecord<>(t));
    }

    /** The trigger log after the sink wrote what the gate let through so far. */
    private Map<String, String> log() {
        for (Trigger t : harness.extractOutputValues()) {
            triggerLog.put(t.triggerId, t.status);
        }
        harness.getOutput().clear();
        return triggerLog;
    }

    /** The task fails: the sink has written what the gate let through, nothing more comes. */
    private void fails() throws Exception {
        log();
        harness.close();
    }

    @Test
    void aTriggerReachesTheLogOnceACompletedCheckpointHoldsIt() throws Exception {
        start(null, true);
        fires("t1", Trigger.SENT);
        assertThat(log()).isEmpty();

        harness.snapshot(1, 0);
        assertThat(log()).isEmpty();

        harness.notifyOfCompletedCheckpoint(1);
        assertThat(log()).containsExactly(Map.entry("t1", Trigger.SENT));
    }

    @Test
    void aTriggerFiredAfterTheLastCheckpointOfAFailedRunNeverReachesTheLog() throws Exception {
        start(null, true);
        fires("t1", Trigger.SENT);
        OperatorSubtaskState checkpoint = harness.snapshot(1, 0);
        harness.notifyOfCompletedCheckpoint(1);
        // Fired after the checkpoint (say, on a learned cycle the restarted run does not know yet).
        fires("t2", Trigger.SENT);
        harness.snapshot(2, 0);
        fails(); // checkpoint 2 never completes

        start(checkpoint, true);
        fires("t3", Trigger.SENT);
        harness.endInput();

        assertThat(log()).containsOnlyKeys("t1", "t3");
    }

    @Test
    void theTriggersOfACheckpointWhoseCompletionCameTooLateLeaveOnRestore() throws Exception {
        start(null, true);
        fires("t1", Trigger.SENT);
        fires("t2", Trigger.SUPPRESSED);
        OperatorSubtaskState checkpoint = harness.snapshot(1, 0);
        fails(); // before it hears that checkpoint 1 completed

        start(checkpoint, true);

        assertThat(log())
                .containsExactly(
                        Map.entry("t1", Trigger.SENT), Map.entry("t2", Trigger.SUPPRESSED));
    }

    @Test
    void theLatestRowOfAKeySinceTheCheckpointIsTheOneThatLeaves() throws Exception {
        start(null, true);
        fires("t1", Trigger.SUPPRESSED);
        fires("t1", Trigger.SENT);
        harness.snapshot(1, 0);
        harness.notifyOfCompletedCheckpoint(1);

        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(log()).containsExactly(Map.entry("t1", Trigger.SENT));
    }

    @Test
    void theEndOfTheInputReleasesEveryTriggerHeld() throws Exception {
        start(null, true);
        fires("t1", Trigger.SENT);
        harness.snapshot(1, 0);
        fires("t2", Trigger.SENT);

        harness.endInput();

        assertThat(log()).containsOnlyKeys("t1", "t2");
    }

    @Test
    void rowsWithoutAVersionedSerializerAreRefused() {
        assertThatThrownBy(
                        () ->
                                new CheckpointGate<>(
                                        (Trigger t) -> t.triggerId,
                                        TypeInformation.of(Trigger.class)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("versioned serializer");
    }

    @Test
    void withoutCheckpointingTriggersPassAtOnce() throws Exception {
        start(null, false);
        fires("t1", Trigger.SENT);

        assertThat(log()).containsOnlyKeys("t1");
    }
}
