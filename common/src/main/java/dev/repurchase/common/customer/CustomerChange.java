package dev.repurchase.common.customer;

import dev.repurchase.common.order.CouponUpdate;
import dev.repurchase.common.order.PurchaseChange;

/**
 * What reaches a customer's operator: a change of one of their purchases (from the order versions)
 * or of one of their coupons (from the coupon versions). Exactly one of the two is set.
 */
public class CustomerChange {

    public PurchaseChange purchase;
    public CouponUpdate coupon;

    public CustomerChange() {}

    public static CustomerChange of(PurchaseChange purchase) {
        CustomerChange change = new CustomerChange();
        change.purchase = purchase;
        return change;
    }

    public static CustomerChange of(CouponUpdate coupon) {
        CustomerChange change = new CustomerChange();
        change.coupon = coupon;
        return change;
    }

    public String customerId() {
        return purchase != null ? purchase.customerId : coupon.customerId;
    }
}
