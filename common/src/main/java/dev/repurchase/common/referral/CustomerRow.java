package dev.repurchase.common.referral;

import java.util.Objects;

/**
 * A row of the optional {@code customers} table (SPEC section 1): who invited the customer and when
 * they registered. A Flink POJO.
 */
public class CustomerRow {

    public String customerId;

    /** Who invited the customer; null if nobody. */
    public String referrerId;

    /** Registration time, epoch milliseconds; null if unknown (then no purchase earns). */
    public Long registeredAt;

    public CustomerRow() {}

    public CustomerRow(String customerId, String referrerId, Long registeredAt) {
        this.customerId = customerId;
        this.referrerId = referrerId;
        this.registeredAt = registeredAt;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CustomerRow r
                && Objects.equals(customerId, r.customerId)
                && Objects.equals(referrerId, r.referrerId)
                && Objects.equals(registeredAt, r.registeredAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(customerId, referrerId, registeredAt);
    }

    @Override
    public String toString() {
        return customerId + "<-" + referrerId + "@" + registeredAt;
    }
}
