package dev.repurchase.jobs.upgrade;

import dev.repurchase.common.lifecycle.CustomerSnapshot;
import dev.repurchase.common.order.Coupon;
import dev.repurchase.common.order.Purchase;
import dev.repurchase.jobs.customer.CouponReminder;
import dev.repurchase.jobs.state.CouponReminderSerializer;
import dev.repurchase.jobs.state.CouponSerializer;
import dev.repurchase.jobs.state.CustomerSnapshotSerializer;
import dev.repurchase.jobs.state.PlannerStateSerializer;
import dev.repurchase.jobs.state.PlannerStateSerializer.PlannerState;
import dev.repurchase.jobs.state.SerializerTypeInfo;
import dev.repurchase.jobs.state.StateTypes;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.util.Collector;

/**
 * What one operator of state version 2 kept of a customer, as the upgrade reads it: the timeline's
 * purchases, the lifecycle's marks, or the coupons and their reminder plans. Exactly one part is
 * set; {@link CustomerBootstrap} merges the parts of a customer.
 */
public class LegacyCustomer {

    public String customerId;

    /** The timeline's valid purchases, in sequence order. */
    public Purchase[] purchases;

    /** The lifecycle's marks: handled up to, stage, RFM. */
    public PlannerState planner;

    public Map<String, Coupon> coupons;
    public Map<String, CouponReminder> couponReminders;

    public LegacyCustomer() {}

    /** The timeline's {@code purchases} (unchanged in state version 3, read for the history). */
    static final class TimelineReader extends KeyedStateReaderFunction<String, LegacyCustomer> {
        private transient ValueState<Purchase[]> purchases;

        @Override
        public void open(Configuration parameters) {
            purchases =
                    getRuntimeContext()
                            .getState(
                                    new ValueStateDescriptor<>("purchases", StateTypes.PURCHASES));
        }

        @Override
        public void readKey(String customerId, Context ctx, Collector<LegacyCustomer> out)
                throws Exception {
            LegacyCustomer part = new LegacyCustomer();
            part.customerId = customerId;
            part.purchases = purchases.value();
            if (part.purchases != null) {
                out.collect(part);
            }
        }
    }

    /** The lifecycle's {@code planner}; its {@code snapshot} is the timeline's purchases again. */
    static final class LifecycleReader extends KeyedStateReaderFunction<String, LegacyCustomer> {
        private transient ValueState<PlannerState> planner;

        @Override
        public void open(Configuration parameters) {
            // Declared so that the operator's state opens: the purchases come from the timeline.
            getRuntimeContext()
                    .getState(
                            new ValueStateDescriptor<>(
                                    "snapshot",
                                    new SerializerTypeInfo<>(
                                            CustomerSnapshotSerializer.INSTANCE,
                                            CustomerSnapshot.class)));
            planner =
                    getRuntimeContext()
                            .getState(
                                    new ValueStateDescriptor<>(
                                            "planner",
                                            new SerializerTypeInfo<>(
                                                    PlannerStateSerializer.INSTANCE,
                                                    PlannerState.class)));
        }

        @Override
        public void readKey(String customerId, Context ctx, Collector<LegacyCustomer> out)
                throws Exception {
            LegacyCustomer part = new LegacyCustomer();
            part.customerId = customerId;
            part.planner = planner.value();
            if (part.planner != null) {
                out.collect(part);
            }
        }
    }

    /** The coupons' {@code coupons} and {@code coupon-reminders}. */
    static final class CouponsReader extends KeyedStateReaderFunction<String, LegacyCustomer> {
        private transient MapState<String, Coupon> coupons;
        private transient MapState<String, CouponReminder> reminders;

        @Override
        public void open(Configuration parameters) {
            coupons =
                    getRuntimeContext()
                            .getMapState(
                                    new MapStateDescriptor<>(
                                            "coupons",
                                            Types.STRING,
                                            new SerializerTypeInfo<>(
                                                    CouponSerializer.INSTANCE, Coupon.class)));
            reminders =
                    getRuntimeContext()
                            .getMapState(
                                    new MapStateDescriptor<>(
                                            "coupon-reminders",
                                            Types.STRING,
                                            new SerializerTypeInfo<>(
                                                    CouponReminderSerializer.INSTANCE,
                                                    CouponReminder.class)));
        }

        @Override
        public void readKey(String customerId, Context ctx, Collector<LegacyCustomer> out)
                throws Exception {
            LegacyCustomer part = new LegacyCustomer();
            part.customerId = customerId;
            part.coupons = new HashMap<>();
            coupons.entries().forEach(e -> part.coupons.put(e.getKey(), e.getValue()));
            part.couponReminders = new HashMap<>();
            reminders.entries().forEach(e -> part.couponReminders.put(e.getKey(), e.getValue()));
            if (!part.coupons.isEmpty() || !part.couponReminders.isEmpty()) {
                out.collect(part);
            }
        }
    }
}
