package dev.repurchase.jobs.ingest;

import dev.repurchase.common.order.CouponChange;
import dev.repurchase.common.order.OrderChange;
import dev.repurchase.common.referral.CustomerRowChange;

/**
 * What the source makes of one row of a CDC message: the typed change (of an order or line, of a
 * coupon or of a customer), or the dead letter saying why there is none. Exactly one field is set.
 * Travels with {@code wire.DecodedChangeSerializer}.
 */
public class DecodedChange {

    public OrderChange change;
    public DeadLetter deadLetter;

    /** A change of the coupons table. */
    public CouponChange coupon;

    /** A change of the customers table. */
    public CustomerRowChange customer;

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

    static DecodedChange of(CustomerRowChange customer) {
        DecodedChange decoded = new DecodedChange();
        decoded.customer = customer;
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
        if (customer != null) {
            return customer.position.commitMillis;
        }
        return change == null ? Long.MIN_VALUE : change.position.commitMillis;
    }
}
