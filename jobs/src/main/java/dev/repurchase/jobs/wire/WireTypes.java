package dev.repurchase.jobs.wire;

import dev.repurchase.common.customer.CategoryIntervals;
import dev.repurchase.common.customer.CustomerChange;
import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.order.CouponUpdate;
import dev.repurchase.common.order.PurchaseChange;
import dev.repurchase.jobs.customer.LifecycleEvent;
import dev.repurchase.jobs.ingest.DeadLetter;
import dev.repurchase.jobs.ingest.DecodedChange;
import dev.repurchase.jobs.state.SerializerTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The type information of the records between operators that no state holds, each with its {@link
 * WireSerializer}. Types that are also state (order and coupon changes, snapshots, triggers, rows)
 * travel with their state serializers ({@link dev.repurchase.jobs.state.StateTypes}).
 */
public final class WireTypes {

    public static final TypeInformation<DecodedChange> DECODED_CHANGE =
            of(DecodedChangeSerializer.INSTANCE);
    public static final TypeInformation<PurchaseChange> PURCHASE_CHANGE =
            of(PurchaseChangeSerializer.INSTANCE);
    public static final TypeInformation<MetricDelta> METRIC_DELTA =
            of(MetricDeltaSerializer.INSTANCE);
    public static final TypeInformation<CouponUpdate> COUPON_UPDATE =
            of(CouponUpdateSerializer.INSTANCE);
    public static final TypeInformation<CustomerChange> CUSTOMER_CHANGE =
            of(CustomerChangeSerializer.INSTANCE);
    public static final TypeInformation<CategoryIntervals.Change> INTERVAL_CHANGE =
            of(IntervalChangeSerializer.INSTANCE);
    public static final TypeInformation<DeadLetter> DEAD_LETTER = of(DeadLetterSerializer.INSTANCE);
    public static final TypeInformation<LifecycleEvent> LIFECYCLE_EVENT =
            of(LifecycleEventSerializer.INSTANCE);

    private static <T> TypeInformation<T> of(WireSerializer<T> serializer) {
        return new SerializerTypeInfo<>(serializer, serializer.typeClass());
    }

    private WireTypes() {}
}
