package dev.repurchase.jobs.ingest;

import dev.repurchase.common.order.CouponChange;
import dev.repurchase.common.order.OrderChange;
import dev.repurchase.common.referral.CustomerRowChange;
import dev.repurchase.jobs.state.StateTypes;
import dev.repurchase.jobs.wire.WireTypes;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Passes decoded order and line changes on, routes coupon changes to {@link #COUPONS}, changes of
 * the customers table to {@link #CUSTOMERS} and dead letters to {@link #DEAD_LETTERS}.
 */
public class DeadLetterRouting extends ProcessFunction<DecodedChange, OrderChange> {

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", WireTypes.DEAD_LETTER);

    public static final OutputTag<CouponChange> COUPONS =
            new OutputTag<>("coupons", StateTypes.COUPON_CHANGE);

    public static final OutputTag<CustomerRowChange> CUSTOMERS =
            new OutputTag<>("customers", StateTypes.CUSTOMER_ROW_CHANGE);

    @Override
    public void processElement(DecodedChange decoded, Context ctx, Collector<OrderChange> out) {
        if (decoded.change != null) {
            out.collect(decoded.change);
        } else if (decoded.coupon != null) {
            ctx.output(COUPONS, decoded.coupon);
        } else if (decoded.customer != null) {
            ctx.output(CUSTOMERS, decoded.customer);
        } else {
            ctx.output(DEAD_LETTERS, decoded.deadLetter);
        }
    }
}
