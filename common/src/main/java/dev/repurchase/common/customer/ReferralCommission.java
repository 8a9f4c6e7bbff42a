package dev.repurchase.common.customer;

/**
 * One row of {@code referral_commission} (SPEC 8.1): what {@code referrerId} earns at {@code level}
 * from the customer's purchase {@code orderId}, or, with {@link #owed} false, that the row is owed
 * no more and goes. A Flink POJO.
 */
public class ReferralCommission {

    public String referrerId;
    public String orderId;
    public int level;
    public String customerId;
    public long purchaseAt;
    public long netCents;
    public long commissionCents;

    /** False if the row is to be deleted (its other values are those it had). */
    public boolean owed = true;

    /**
     * The commit time of the change of the order that the customer's row is as of (SPEC 8.1): when
     * an order moves to another customer, the old customer's delete and the new one's write come
     * from two places in either order, and the latest version decides. Long.MIN_VALUE if unknown (a
     * row of state version 4).
     */
    public long version = Long.MIN_VALUE;

    public ReferralCommission() {}

    public ReferralCommission(
            String referrerId,
            String orderId,
            int level,
            String customerId,
            long purchaseAt,
            long netCents,
            long commissionCents) {
        this.referrerId = referrerId;
        this.orderId = orderId;
        this.level = level;
        this.customerId = customerId;
        this.purchaseAt = purchaseAt;
        this.netCents = netCents;
        this.commissionCents = commissionCents;
    }

    /** The row's primary key (referrer_id, order_id, level) as one text. */
    public String rowKey() {
        return referrerId + '\u0000' + orderId + '\u0000' + level;
    }

    /** This row, no longer owed. */
    public ReferralCommission gone() {
        ReferralCommission c =
                new ReferralCommission(
                        referrerId,
                        orderId,
                        level,
                        customerId,
                        purchaseAt,
                        netCents,
                        commissionCents);
        c.owed = false;
        c.version = version;
        return c;
    }

    /** Same key and values (and owed alike). */
    public boolean sameAs(ReferralCommission o) {
        return o != null
                && rowKey().equals(o.rowKey())
                && customerId.equals(o.customerId)
                && purchaseAt == o.purchaseAt
                && netCents == o.netCents
                && commissionCents == o.commissionCents
                && owed == o.owed;
    }

    /**
     * Whether this row, arriving after {@code latest} (the latest row of its key passed on), is to
     * pass on: a row of the same customer always does (one customer's rows arrive in order); one of
     * another customer if its version is newer, or as new and a write (at the version an order
     * moves, the new customer's write beats the old one's delete).
     */
    public boolean supersedes(ReferralCommission latest) {
        if (latest == null || customerId.equals(latest.customerId) || version > latest.version) {
            return true;
        }
        return version == latest.version && owed;
    }

    @Override
    public String toString() {
        return (owed ? "" : "gone ")
                + referrerId
                + " L"
                + level
                + " "
                + orderId
                + " of "
                + customerId
                + " "
                + commissionCents
                + "c of "
                + netCents
                + "c";
    }
}
