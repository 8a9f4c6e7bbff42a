package dev.repurchase.jobs.customer;

/**
 * A row of {@code customer_profile}: the customer's purchase summary, expected next purchase,
 * lifecycle stage and RFM as of their latest change. A customer without valid purchases has {@code
 * purchases == 0} and nulls elsewhere. Serialized by {@code state.CustomerProfileSerializer}.
 */
public class CustomerProfile {

    public String customerId;
    public Long firstPurchaseAt;
    public Long lastPurchaseAt;
    public long purchases;
    public long netCents;

    public Long expectedNextPurchaseAt;
    public String lifecycleStage;
    public Integer rfmR;
    public Integer rfmF;
    public Integer rfmM;
    public String segment;

    /** The most frequent local hour (0-23) and ISO weekday of the purchases (SPEC 4.4). */
    public Integer habitualHour;

    public Integer habitualWeekday;

    public CustomerProfile() {}
}
