package dev.repurchase.jobs.customer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.customer.CustomerChange;
import dev.repurchase.common.lifecycle.CategoryCycle;
import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.order.PurchaseChange;
import dev.repurchase.common.predict.PredictionModel;
import dev.repurchase.jobs.sink.CheckpointGate;
import dev.repurchase.jobs.state.StateTypes;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code customer_profile} after a failover (SPEC 6): the customer operator keeps no copy of the
 * profile to write again, so a profile a failed run made after its last checkpoint must never reach
 * the table. The operator and the checkpoint gate of the pipeline, each restored from the same
 * checkpoint; the table is what the upserting sink wrote of the gate's output.
 */
class CustomerProfileRecoveryTest {

    private static final String ALICE = "alice";
    private static final Instant JAN_01 = Instant.parse("2025-01-01T10:00:00Z");
    private static final Instant JAN_20 = Instant.parse("2025-01-20T10:00:00Z");
    private static final Instant JAN_25 = Instant.parse("2025-01-25T10:00:00Z");

    private KeyedBroadcastOperatorTestHarness<
                    String, CustomerChange, Either<CategoryCycle, PredictionModel>, MetricDelta>
            customer;
    private OneInputStreamOperatorTestHarness<CustomerProfile, CustomerProfile> gate;

    /** What the upserting sink holds: purchases by customer. */
    private final Map<String, Long> table = new HashMap<>();

    private record Checkpoint(OperatorSubtaskState customer, OperatorSubtaskState gate) {}

    private void start(Checkpoint checkpoint) throws Exception {
        Configuration config = new Configuration();
        config.setString("reminders.suppress-before", "2000-01-01T00:00:00Z");
        customer =
                CustomerHarness.start(
                        config, Instant.now(), checkpoint == null ? null : checkpoint.customer());
        gate =
                new OneInputStreamOperatorTestHarness<>(
                        new CheckpointGate<>(
                                (CustomerProfile p) -> p.customerId, StateTypes.CUSTOMER_PROFILE));
        gate.getStreamConfig().setCheckpointingEnabled(true);
        if (checkpoint != null) {
            gate.initializeState(checkpoint.gate());
        }
        gate.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        customer.close();
        gate.close();
    }

    private void change(PurchaseChange change, Instant at) throws Exception {
        customer.processElement(new StreamRecord<>(CustomerChange.of(change), at.toEpochMilli()));
        var profiles = customer.getSideOutput(CustomerOperator.PROFILES);
        if (profiles != null) {
            for (StreamRecord<CustomerProfile> profile : profiles) {
                gate.processElement(new StreamRecord<>(profile.getValue()));
            }
            profiles.clear();
        }
    }

    private static PurchaseChange bought(String orderId, Instant at) {
        Purchase p = new Purchase();
        p.orderId = orderId;
        p.purchasedAt = at.toEpochMilli();
        p.netCents = 3000;
        p.categories = new String[] {"coffee"};
        p.primaryCategory = "coffee";
        return PurchaseChange.upsert(ALICE, p);
    }

    private Checkpoint checkpoint(long id) throws Exception {
        return new Checkpoint(customer.snapshot(id, 0), gate.snapshot(id, 0));
    }

    private void completed(long id) throws Exception {
        customer.notifyOfCompletedCheckpoint(id);
        gate.notifyOfCompletedCheckpoint(id);
    }

    private Map<String, Long> table() {
        for (CustomerProfile p : gate.extractOutputValues()) {
            table.put(p.customerId, p.purchases);
        }
        gate.getOutput().clear();
        return table;
    }

    @Test
    void aProfileAFailedRunMadeAfterItsCheckpointNeverReachesTheTable() throws Exception {
        start(null);
        change(bought("A", JAN_01), JAN_01);
        Checkpoint checkpoint = checkpoint(1);
        completed(1);
        assertThat(table()).containsExactly(Map.entry(ALICE, 1L));

        // After the checkpoint the failed run reads B: Alice has 2 purchases, in its state only.
        change(bought("B", JAN_20), JAN_20);
        checkpoint(2);
        assertThat(table()).as("held until checkpoint 2 completes").containsEntry(ALICE, 1L);
        customer.close();
        gate.close(); // fails: checkpoint 2 never completes

        // The restarted run reads B's order only once it is refunded: B never reaches Alice.
        start(checkpoint);
        change(PurchaseChange.remove(ALICE, "B"), JAN_25);
        gate.endInput();

        assertThat(table()).containsExactly(Map.entry(ALICE, 1L));
    }
}
