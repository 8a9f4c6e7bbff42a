package dev.repurchase.jobs.upgrade;

import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.order.PurchaseChange;
import dev.repurchase.jobs.customer.CustomerOperator;
import dev.repurchase.jobs.customer.CustomerState;
import dev.repurchase.jobs.customer.SuppressBefore;
import dev.repurchase.jobs.state.StateTypes;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.state.api.functions.KeyedStateBootstrapFunction;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

/**
 * Builds the customer operator's state from the parts of state version 2 ({@link LegacyCustomer}):
 *
 * <ul>
 *   <li>the purchases, from the timeline. State version 2 kept no validity times, so each holds
 *       from its purchase time, which was when it took effect for the lifecycle; those made by the
 *       lifecycle's handled-up-to instant hold since before it;
 *   <li>the lifecycle's handled-up-to, stage and RFM, so nothing handled is sent again;
 *   <li>the coupons and their reminder plans as they were.
 * </ul>
 *
 * <p>Each customer gets a timer just after its handled-up-to instant: the operator then plans from
 * the merged state and sets its own timer. {@code reminders.suppress-before} as the lifecycle kept
 * it is kept for the customer operator.
 */
final class CustomerBootstrap extends KeyedStateBootstrapFunction<String, LegacyCustomer>
        implements CheckpointedFunction {

    private final Long suppressBefore;
    private transient ValueState<CustomerState> customer;

    /**
     * @param suppressBefore the instant the lifecycle kept; null if it kept none
     */
    CustomerBootstrap(Long suppressBefore) {
        this.suppressBefore = suppressBefore;
    }

    @Override
    public void open(OpenContext openContext) {
        customer =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        CustomerOperator.STATE, StateTypes.CUSTOMER_STATE));
    }

    @Override
    public void processElement(LegacyCustomer part, Context ctx) throws Exception {
        CustomerState state = customer.value();
        if (state == null) {
            state = new CustomerState();
        }
        if (part.purchases != null) {
            for (Purchase p : part.purchases) {
                state.history.apply(PurchaseChange.upsert(part.customerId, p), p.purchasedAt);
            }
        }
        if (part.planner != null) {
            state.handledUpTo = part.planner.handledUpTo;
            state.stage = part.planner.stage;
            state.segment = part.planner.segment;
            state.recencyScore = part.planner.r;
            state.frequencyScore = part.planner.f;
            state.monetaryScore = part.planner.m;
            state.monetaryCents = part.planner.monetaryCents;
        }
        if (part.coupons != null) {
            state.coupons.putAll(part.coupons);
            state.couponReminders.putAll(part.couponReminders);
        }
        state.history.prune(state.handledUpTo);
        long wake =
                state.handledUpTo == Long.MIN_VALUE ? Long.MIN_VALUE + 1 : state.handledUpTo + 1;
        if (state.timer != wake) {
            if (state.timer != Long.MAX_VALUE) {
                ctx.timerService().deleteEventTimeTimer(state.timer);
            }
            ctx.timerService().registerEventTimeTimer(wake);
            state.timer = wake;
        }
        customer.update(state);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        if (suppressBefore != null) {
            context.getOperatorStateStore()
                    .getUnionListState(SuppressBefore.STATE)
                    .update(List.of(suppressBefore));
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        // Written once in initializeState.
    }
}
