package dev.repurchase.jobs.sink;

import dev.repurchase.jobs.state.StateTypes;
import dev.repurchase.jobs.timeline.CustomerProfile;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Makes the at-least-once {@code customer_profile} upserts exact after a restart (SPEC section 6),
 * as {@link dev.repurchase.jobs.aggregate.MetricAggregator} does for the metric rows. Keyed by
 * customer, it keeps each customer's latest profile and passes profiles on, except:
 *
 * <ul>
 *   <li>the profile of a customer first seen since the last checkpoint is held until a completed
 *       checkpoint holds the customer (or the input ends). A run restarted from that checkpoint may
 *       never produce a profile for such a customer: when an order's lines arrive before it rather
 *       than after, a bulk order is never a valid purchase, not even for a moment, and nothing
 *       would overwrite the profile the failed run wrote in that moment;
 *   <li>after a restore, every restored profile is emitted once more: a profile written after the
 *       checkpoint may hold values the restarted run never passes through again.
 * </ul>
 *
 * <p>A new customer's profile thus reaches the table up to a checkpoint interval late. Without
 * checkpointing it passes everything on at once.
 */
public class ProfileGate extends AbstractStreamOperator<CustomerProfile>
        implements OneInputStreamOperator<CustomerProfile, CustomerProfile>, BoundedOneInput {

    private static final String LATEST = "latest-profile";

    private transient ValueState<CustomerProfile> latest;

    /** Whether new customers wait for a completed checkpoint (checkpointing is on). */
    private transient boolean holdNew;

    /** Customers whose profile is held. */
    private transient Set<String> held;

    /** Customers first seen since the last checkpoint. */
    private transient Set<String> newSinceCheckpoint;

    /** Per checkpoint in flight, the customers it is the first to hold. */
    private transient TreeMap<Long, Set<String>> heldByCheckpoint;

    private transient boolean restored;

    /** The profiles, keyed by customer, through the gate. */
    public static DataStream<CustomerProfile> apply(DataStream<CustomerProfile> profiles) {
        return profiles.keyBy(p -> p.customerId, Types.STRING)
                .transform(
                        "Profiles held to checkpoints",
                        StateTypes.CUSTOMER_PROFILE,
                        new ProfileGate())
                .uid("profile-gate");
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        restored = context.isRestored();
    }

    @Override
    public void open() throws Exception {
        super.open();
        latest =
                getPartitionedState(
                        new ValueStateDescriptor<>(LATEST, StateTypes.CUSTOMER_PROFILE));
        holdNew = getRuntimeContext().isCheckpointingEnabled();
        held = new HashSet<>();
        newSinceCheckpoint = new HashSet<>();
        heldByCheckpoint = new TreeMap<>();
        if (restored) {
            // Profiles written after the checkpoint may hold values this run never passes through.
            getProcessingTimeService()
                    .registerTimer(
                            getProcessingTimeService().getCurrentProcessingTime(),
                            time -> emitRestored());
        }
    }

    @Override
    public void processElement(StreamRecord<CustomerProfile> element) throws Exception {
        CustomerProfile profile = element.getValue();
        if (holdNew && latest.value() == null) {
            held.add(profile.customerId);
            newSinceCheckpoint.add(profile.customerId);
        }
        latest.update(profile);
        if (!held.contains(profile.customerId)) {
            output.collect(element);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        if (!newSinceCheckpoint.isEmpty()) {
            heldByCheckpoint.put(context.getCheckpointId(), newSinceCheckpoint);
            newSinceCheckpoint = new HashSet<>();
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        // A completed checkpoint holds the customers of every earlier one too.
        Iterator<Map.Entry<Long, Set<String>>> confirmed =
                heldByCheckpoint.headMap(checkpointId, true).entrySet().iterator();
        while (confirmed.hasNext()) {
            for (String customer : confirmed.next().getValue()) {
                if (held.remove(customer)) {
                    emitLatest(customer);
                }
            }
            confirmed.remove();
        }
    }

    @Override
    public void endInput() throws Exception {
        // The final profiles: no restarted run passes through other values at the end.
        for (String customer : held) {
            emitLatest(customer);
        }
        held.clear();
        newSinceCheckpoint.clear();
        heldByCheckpoint.clear();
    }

    private void emitRestored() throws Exception {
        List<String> restoredCustomers;
        try (Stream<String> customers =
                this.<String>getKeyedStateBackend().getKeys(LATEST, VoidNamespace.INSTANCE)) {
            restoredCustomers = customers.toList();
        }
        for (String customer : restoredCustomers) {
            if (!held.contains(customer)) {
                emitLatest(customer);
            }
        }
    }

    private void emitLatest(String customer) throws Exception {
        setCurrentKey(customer);
        CustomerProfile profile = latest.value();
        if (profile != null) {
            output.collect(new StreamRecord<>(profile));
        }
    }
}
