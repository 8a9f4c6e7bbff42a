package dev.repurchase.common.customer;

import dev.repurchase.common.order.CouponUpdate;
import dev.repurchase.common.order.PurchaseChange;

/**
 * What reaches a customer's operator: a change of one of their purchases (from the order versions),
 * of one of their coupons (from the coupon versions), or of their referral (from the referral
 * chains). Exactly one of the three is set.
 */
public class CustomerChange {

    public PurchaseChange purchase;
    public CouponUpdate coupon;
    public ReferralUpdate referral;

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

    public static CustomerChange of(ReferralUpdate referral) {
        CustomerChange change = new CustomerChange();
        change.referral = referral;
        return change;
    }

    public String customerId() {
        if (purchase != null) {
            return purchase.customerId;
        }
        return coupon != null ? coupon.customerId : referral.customerId();
    }
}
