package dev.repurchase.jobs.state;

import dev.repurchase.common.customer.ReferralCommission;
import dev.repurchase.common.lifecycle.CategoryCycle;
import dev.repurchase.common.order.CouponChange;
import dev.repurchase.common.order.OrderChange;
import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.predict.PredictionModel;
import dev.repurchase.common.referral.CustomerRowChange;
import dev.repurchase.jobs.abuse.AbuseFlag;
import dev.repurchase.jobs.abuse.FlashSaleEntry;
import dev.repurchase.jobs.abuse.FlashSaleOrder;
import dev.repurchase.jobs.abuse.RankedOrders;
import dev.repurchase.jobs.aggregate.MetricRow;
import dev.repurchase.jobs.customer.CustomerProfile;
import dev.repurchase.jobs.customer.CustomerState;
import dev.repurchase.jobs.customer.Trigger;
import dev.repurchase.jobs.ingest.OrderAlert;
import dev.repurchase.jobs.ingest.OrderAlerts;
import dev.repurchase.jobs.ingest.OrderOutcome;
import dev.repurchase.jobs.ingest.OrderRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The type information of every state type with a {@link VersionedSerializer}: what the state
 * descriptors use, and the streams that carry the same type between operators.
 *
 * <p>Not here: state of Flink's basic types (strings, numbers, arrays of them: stable serializers
 * of their own), and {@link dev.repurchase.common.metric.MetricKey}, the key of the metric
 * aggregation and of the campaign months. It stays a Flink POJO: RocksDB cannot migrate keys
 * (keyed-state keys and map-state keys are compared in their serialized form), so its serializer
 * must never change.
 */
public final class StateTypes {

    public static final TypeInformation<OrderChange> ORDER_CHANGE =
            of(OrderChangeSerializer.INSTANCE);

    /** The order versions' state since state version 2. */
    public static final TypeInformation<OrderRecord> ORDER_RECORD =
            of(OrderRecordSerializer.INSTANCE);

    /** The order versions' alerts of an order, since state version 3. */
    public static final TypeInformation<OrderAlerts> ORDER_ALERTS =
            of(OrderAlertsSerializer.INSTANCE);

    /** The order versions' {@code outcome} of state versions 0 and 1, read to migrate it. */
    public static final TypeInformation<OrderOutcome> ORDER_OUTCOME =
            of(OrderOutcomeSerializer.INSTANCE);

    public static final TypeInformation<CouponChange> COUPON_CHANGE =
            of(CouponChangeSerializer.INSTANCE);

    /** The referral chains' latest row of each customer, and the stream into them. */
    public static final TypeInformation<CustomerRowChange> CUSTOMER_ROW_CHANGE =
            of(CustomerRowChangeSerializer.INSTANCE);

    /** Rows of referral_commission (their checkpoint gate's state). */
    public static final TypeInformation<ReferralCommission> REFERRAL_COMMISSION =
            of(ReferralCommissionSerializer.INSTANCE);

    public static final TypeInformation<Purchase[]> PURCHASES = of(PurchasesSerializer.INSTANCE);

    /** The customer operator's one value per customer. */
    public static final TypeInformation<CustomerState> CUSTOMER_STATE =
            of(CustomerStateSerializer.INSTANCE);

    /** Broadcast state of the customer operator, and the broadcast stream. */
    public static final TypeInformation<CategoryCycle> CATEGORY_CYCLE =
            of(CategoryCycleSerializer.INSTANCE);

    /** The prediction fit's latest model, the customer operator's broadcast state of it. */
    public static final TypeInformation<PredictionModel> PREDICTION_MODEL =
            of(PredictionModelSerializer.INSTANCE);

    public static final TypeInformation<CustomerProfile> CUSTOMER_PROFILE =
            of(CustomerProfileSerializer.INSTANCE);

    /**
     * The rows the checkpoint gates hold: trigger_log rows and aggregated (campaign_effect) ones.
     */
    public static final TypeInformation<Trigger> TRIGGER = of(TriggerSerializer.INSTANCE);

    /** The rows of the order_alert gate, and the stream of order alerts. */
    public static final TypeInformation<OrderAlert> ORDER_ALERT = of(OrderAlertSerializer.INSTANCE);

    /** The flash-sale orders into the abuse ranking, since state version 4. */
    public static final TypeInformation<FlashSaleOrder> FLASH_SALE_ORDER =
            of(FlashSaleOrderSerializer.INSTANCE);

    /** The abuse ranking's state of an order, since state version 4. */
    public static final TypeInformation<FlashSaleEntry> FLASH_SALE_ENTRY =
            of(FlashSaleEntrySerializer.INSTANCE);

    /** The abuse ranking's state of a device, IP or address group, since state version 4. */
    public static final TypeInformation<RankedOrders> RANKED_ORDERS =
            of(RankedOrdersSerializer.INSTANCE);

    /** The rows of the abuse_flag gate, and the stream of flag changes, since state version 4. */
    public static final TypeInformation<AbuseFlag> ABUSE_FLAG = of(AbuseFlagSerializer.INSTANCE);

    public static final TypeInformation<MetricRow> METRIC_ROW = of(MetricRowSerializer.INSTANCE);

    private static <T> TypeInformation<T> of(VersionedSerializer<T> serializer) {
        return new SerializerTypeInfo<>(serializer, serializer.typeClass());
    }

    private StateTypes() {}
}
