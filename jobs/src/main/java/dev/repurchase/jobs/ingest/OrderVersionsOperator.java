package dev.repurchase.jobs.ingest;

import dev.repurchase.common.order.OrderChange;
import dev.repurchase.common.order.PurchaseChange;
import dev.repurchase.jobs.state.StateTypes;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.util.function.ThrowingRunnable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator of {@link OrderVersions}. Up to state version 1 the order versions kept four states
 * per order ({@code order}, {@code lines}, {@code outcome}, {@code orphan-deadline}); since state
 * version 2 one {@link OrderRecord}. Restored from a savepoint with the four, it folds each order's
 * into its record once, before the first event, and clears them. The orphan-line timers stay as
 * they were: the record keeps their times.
 */
public class OrderVersionsOperator
        extends KeyedProcessOperator<String, OrderChange, PurchaseChange> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(OrderVersionsOperator.class);

    // The states of state versions 0 and 1, with the serializers they were written with.
    private static final ValueStateDescriptor<OrderChange> ORDER =
            new ValueStateDescriptor<>("order", StateTypes.ORDER_CHANGE);
    private static final MapStateDescriptor<Integer, OrderChange> LINES =
            new MapStateDescriptor<>("lines", Types.INT, StateTypes.ORDER_CHANGE);
    private static final ValueStateDescriptor<OrderOutcome> OUTCOME =
            new ValueStateDescriptor<>("outcome", StateTypes.ORDER_OUTCOME);
    private static final ValueStateDescriptor<Long> ORPHAN_DEADLINE =
            new ValueStateDescriptor<>("orphan-deadline", Types.LONG);

    public OrderVersionsOperator(OrderVersions function) {
        super(function);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        if (context.isRestored() && (hasKeys(ORDER.getName()) || hasKeys(LINES.getName()))) {
            migrate();
        }
    }

    /** Whether the restored state holds the old state of that name (not registering it if not). */
    private boolean hasKeys(String state) {
        try (Stream<String> keys =
                this.<String>getKeyedStateBackend().getKeys(state, VoidNamespace.INSTANCE)) {
            return keys.findAny().isPresent();
        }
    }

    private void migrate() throws Exception {
        ValueState<OrderRecord> records = state(OrderVersions.recordState());
        ValueState<OrderChange> order = state(ORDER);
        MapState<Integer, OrderChange> lines = state(LINES);
        ValueState<OrderOutcome> outcome = state(OUTCOME);
        ValueState<Long> orphanDeadline = state(ORPHAN_DEADLINE);
        long[] orders = {0};
        ThrowingRunnable<Exception> fold =
                () -> {
                    orders[0]++;
                    OrderRecord record = new OrderRecord();
                    OrderChange held = order.value();
                    if (held != null) {
                        record.hold(held);
                    }
                    for (OrderChange line : lines.values()) {
                        record.hold(line);
                    }
                    record.outcome = outcome.value();
                    record.orphanDeadline = orphanDeadline.value();
                    records.update(record);
                    order.clear();
                    lines.clear();
                    outcome.clear();
                    orphanDeadline.clear();
                };
        KeyedStateBackend<String> backend = getKeyedStateBackend();
        // Orders first, then the keys left with lines: orphan lines waiting for their order.
        backend.applyToAllKeys(
                VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE,
                ORDER,
                (key, state) -> fold.run());
        backend.applyToAllKeys(
                VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE,
                LINES,
                (key, state) -> fold.run());
        LOG.info("Migrated the state of {} orders to order records", orders[0]);
    }

    private <S extends State> S state(StateDescriptor<S, ?> descriptor) throws Exception {
        return getKeyedStateBackend()
                .getPartitionedState(
                        VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, descriptor);
    }
}
