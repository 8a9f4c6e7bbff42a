package dev.repurchase.jobs.ingest;

import dev.repurchase.common.order.CouponChange;
import dev.repurchase.common.order.CouponUpdate;
import dev.repurchase.jobs.state.StateTypes;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The current state of each coupon, keyed by coupon id: the latest version of its row by source
 * position, as {@link OrderVersions} keeps orders, so arrival order, duplicates and snapshot order
 * do not matter. Whenever the coupon changes, it tells its customer ({@link CouponUpdate}): a
 * delete (whose image may hold nothing but the key) and a move to another customer take it from the
 * customer who had it.
 */
public class CouponVersions extends KeyedProcessFunction<String, CouponChange, CouponUpdate> {

    /** The latest version; kept after a delete too, so that older versions stay stale. */
    private transient ValueState<CouponChange> latest;

    @Override
    public void open(OpenContext openContext) {
        latest =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("coupon", StateTypes.COUPON_CHANGE));
    }

    @Override
    public void processElement(CouponChange change, Context ctx, Collector<CouponUpdate> out)
            throws Exception {
        CouponChange held = latest.value();
        if (held != null && !change.position.isAfter(held.position)) {
            return;
        }
        latest.update(change);
        String had = held == null || held.deleted ? null : held.coupon.customerId;
        String has = change.deleted ? null : change.coupon.customerId;
        if (had != null && !had.equals(has)) {
            out.collect(CouponUpdate.remove(had, change.couponId, change.position));
        }
        if (has != null && (!has.equals(had) || !change.coupon.sameAs(held.coupon))) {
            out.collect(CouponUpdate.upsert(change.coupon, change.position));
        }
    }
}
