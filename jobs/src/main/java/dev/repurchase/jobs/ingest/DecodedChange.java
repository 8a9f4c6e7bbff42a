package dev.repurchase.jobs.ingest;

import dev.repurchase.common.order.CouponChange;
import dev.repurchase.common.order.OrderChange;

/**
 * What the source makes of one row of a CDC message: the typed change (of an order or line, or of a
 * coupon), or the dead letter saying why there is none. Exactly one field is set. Travels with
 * {@code wire.DecodedChangeSerializer}.
 */
public class DecodedChange {

    public OrderChange change;
    public DeadLetter deadLetter;

    /** A change of the coupons table. */
    public CouponChange coupon;

    public DecodedChange() {}

    static DecodedChange of(OrderChange change) {
        DecodedChange decoded = new DecodedChange();
        decoded.change = change;
        return decoded;
    }

    static DecodedChange of(CouponChange coupon) {
        DecodedChange decoded = new DecodedChange();
        decoded.coupon = coupon;
        return decoded;
    }

    static DecodedChange rejected(DeadLetter deadLetter) {
        DecodedChange decoded = new DecodedChange();
        decoded.deadLetter = deadLetter;
        return decoded;
    }

    /** Event time: the commit time in the source database; none for a dead letter. */
    public long commitMillis() {
        if (coupon != null) {
            return coupon.position.commitMillis;
        }
        return change == null ? Long.MIN_VALUE : change.position.commitMillis;
    }
}
