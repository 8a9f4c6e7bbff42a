package dev.repurchase.jobs.timeline;

/**
 * A row of {@code customer_profile}: the customer's purchase summary as of their latest change. A
 * customer without valid purchases has {@code purchases == 0} and null times. A Flink POJO.
 */
public class CustomerProfile {

    public String customerId;
    public Long firstPurchaseAt;
    public Long lastPurchaseAt;
    public long purchases;
    public long netCents;

    public CustomerProfile() {}
}
