package dev.repurchase.jobs.ingest;

import dev.repurchase.common.order.OrderChange;
import dev.repurchase.common.order.PurchaseChange;
import dev.repurchase.jobs.state.OrderRecordSerializer;
import dev.repurchase.jobs.state.StateTypes;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
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
import org.apache.flink.streaming.api.operators.InternalTimerService;
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
 *
 * <p>In state versions 3 and 4 an order's alerts were a state of their own ({@code order-alerts});
 * since state version 5 they are in its record, which also knows when the order settles. Restored
 * from a savepoint written before (none of its operator state {@code order-record-version}), it
 * goes once over the records before the first event: it moves each order's alerts into its record
 * (their timer stays as it was), and gives each order with a row its settle time, {@code
 * ingest.settle-days} after its latest change, with a timer if that comes first.
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

    // The alerts' state of state versions 3 and 4.
    private static final ValueStateDescriptor<OrderAlerts> ALERTS =
            new ValueStateDescriptor<>("order-alerts", StateTypes.ORDER_ALERTS);

    /**
     * The format version of the records as last written (union list state, the same in every
     * subtask): absent before state version 5.
     */
    private static final ListStateDescriptor<Integer> RECORD_VERSION =
            new ListStateDescriptor<>("order-record-version", Types.INT);

    /** The timer service of {@link KeyedProcessOperator}, by its name. */
    private static final String TIMERS = "user-timers";

    private final Duration settleAfter;

    public OrderVersionsOperator(OrderVersions function) {
        super(function);
        this.settleAfter = function.settleAfter();
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        ListState<Integer> recordVersion =
                context.getOperatorStateStore().getUnionListState(RECORD_VERSION);
        boolean beforeVersion5 = context.isRestored() && !recordVersion.get().iterator().hasNext();
        recordVersion.update(List.of(OrderRecordSerializer.VERSION));
        if (context.isRestored() && (hasKeys(ORDER.getName()) || hasKeys(LINES.getName()))) {
            migrate();
        }
        if (beforeVersion5) {
            completeRecords();
        }
    }

    /** Moves the alerts of state version 4 into the records, and sets the settle times. */
    private void completeRecords() throws Exception {
        ValueState<OrderAlerts> alerts = hasKeys(ALERTS.getName()) ? state(ALERTS) : null;
        InternalTimerService<VoidNamespace> timers =
                getInternalTimerService(TIMERS, VoidNamespaceSerializer.INSTANCE, this);
        long[] orders = {0};
        this.<String>getKeyedStateBackend()
                .applyToAllKeys(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        OrderVersions.recordState(),
                        (key, records) -> {
                            orders[0]++;
                            OrderRecord record = records.value();
                            if (alerts != null) {
                                record.alerts = alerts.value();
                                alerts.clear();
                            }
                            // Its alert or orphan timer is registered: one more if the settle
                            // time comes first.
                            Long registered = record.timer();
                            if (record.hasRow() && record.settleAt == null) {
                                record.settleAt =
                                        OrderVersions.saturatedAdd(
                                                latestChange(record), settleAfter.toMillis());
                            }
                            Long timer = record.timer();
                            if (timer != null && !timer.equals(registered)) {
                                timers.registerEventTimeTimer(VoidNamespace.INSTANCE, timer);
                            }
                            records.update(record);
                        });
        LOG.info("Gave {} order records their alerts and settle times", orders[0]);
    }

    /** The commit time of the latest change of the order's row and lines. */
    private static long latestChange(OrderRecord record) {
        long latest = record.orderPosition.commitMillis;
        for (OrderRecord.Line line : record.decodeLines()) {
            if (line.position != null) {
                latest = Math.max(latest, line.position.commitMillis);
            }
        }
        return latest;
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
