package dev.repurchase.jobs.customer;

import dev.repurchase.jobs.state.StateTypes;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

/** Reads a customer's state out of an operator harness, as a test's window into the operator. */
final class CustomerStates {

    private CustomerStates() {}

    /** The customer's state, or null if none is kept. */
    static CustomerState of(AbstractStreamOperatorTestHarness<?> harness, String customerId)
            throws Exception {
        KeyedStateBackend<Object> backend = harness.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(customerId);
        return backend.getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        new ValueStateDescriptor<>(
                                CustomerOperator.STATE, StateTypes.CUSTOMER_STATE))
                .value();
    }
}
