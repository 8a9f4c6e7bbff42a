package dev.repurchase.jobs.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.jobs.timeline.CustomerProfile;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The profile gate across a failure: a profile a failed run wrote after its checkpoint is written
 * again by the restarted run, and a new customer's profile is only written once a completed
 * checkpoint holds the customer, so at-least-once upserts end in an exact customer_profile.
 */
class ProfileGateTest {

    private KeyedOneInputStreamOperatorTestHarness<String, CustomerProfile, CustomerProfile>
            harness;

    /** A task attempt of the gate, restored from {@code checkpoint} unless null. */
    private void start(OperatorSubtaskState checkpoint, boolean checkpointing) throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new ProfileGate(), p -> p.customerId, Types.STRING);
        harness.getStreamConfig().setCheckpointingEnabled(checkpointing);
        if (checkpoint != null) {
            harness.initializeState(checkpoint);
        }
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void profile(String customer, long purchases) throws Exception {
        CustomerProfile p = new CustomerProfile();
        p.customerId = customer;
        p.purchases = purchases;
        harness.processElement(new StreamRecord<>(p));
    }

    /** The profiles written since the last call, as customer:purchases. */
    private List<String> written() {
        List<String> rows =
                harness.extractOutputValues().stream()
                        .map(p -> p.customerId + ":" + p.purchases)
                        .toList();
        harness.getOutput().clear();
        return rows;
    }

    @Test
    void aNewCustomerIsWrittenOnceACompletedCheckpointHoldsThem() throws Exception {
        start(null, true);
        profile("alice", 1);
        profile("alice", 2);
        assertThat(written()).isEmpty();

        harness.snapshot(1, 1);
        assertThat(written()).isEmpty();
        harness.notifyOfCompletedCheckpoint(1);

        assertThat(written()).containsExactly("alice:2");
        profile("alice", 3);
        assertThat(written()).containsExactly("alice:3");
    }

    @Test
    void aNewCustomerOfAFailedRunIsNeverWritten() throws Exception {
        start(null, true);
        profile("alice", 1);
        harness.notifyOfCompletedCheckpoint(1);
        OperatorSubtaskState checkpoint = harness.snapshot(2, 2);
        harness.notifyOfCompletedCheckpoint(2);
        written();
        // After the checkpoint: bob's bulk order counts for a moment, before its lines came.
        profile("bob", 1);
        profile("alice", 2);
        assertThat(written()).containsExactly("alice:2");
        harness.close();

        // The restarted run: bob's lines come first, so bob never has a purchase, nor a profile.
        start(checkpoint, true);
        harness.setProcessingTime(1);

        assertThat(written())
                .as("alice as of the checkpoint, written again; no bob")
                .containsExactly("alice:1");
    }

    @Test
    void afterARestoreEveryRestoredProfileIsWrittenAgain() throws Exception {
        start(null, true);
        profile("alice", 2);
        profile("carol", 1);
        OperatorSubtaskState checkpoint = harness.snapshot(1, 1);
        harness.notifyOfCompletedCheckpoint(1);
        written();
        profile("alice", 3);
        harness.close();

        start(checkpoint, true);
        harness.setProcessingTime(1);

        assertThat(written()).containsExactlyInAnyOrder("alice:2", "carol:1");
    }

    @Test
    void theEndOfTheInputWritesWhatIsHeld() throws Exception {
        start(null, true);
        profile("alice", 1);

        harness.endInput();

        assertThat(written()).containsExactly("alice:1");
    }

    @Test
    void withoutCheckpointingEveryProfileIsWrittenAtOnce() throws Exception {
        start(null, false);
        profile("alice", 1);
        profile("alice", 2);

        assertThat(written()).containsExactly("alice:1", "alice:2");
    }
}
