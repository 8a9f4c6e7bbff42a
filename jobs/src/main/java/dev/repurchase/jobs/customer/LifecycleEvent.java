package dev.repurchase.jobs.customer;

/**
 * A customer's move from one lifecycle stage to another (M7), published on the lifecycle topic.
 * {@code fromStage} is null for a customer's first purchase. Travels with {@code
 * wire.LifecycleEventSerializer}.
 */
public class LifecycleEvent {

    /** Deterministic: the same input gives the same id. */
    public String eventId;

    public String customerId;
    public String fromStage;
    public String toStage;

    /** When the customer changed stage (epoch ms). */
    public long at;

    public String reason;

    public LifecycleEvent() {}
}
