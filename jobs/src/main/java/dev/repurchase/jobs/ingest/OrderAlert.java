package dev.repurchase.jobs.ingest;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * An order-operation alert that came due (SPEC 4.2): for the shop's staff on the {@code
 * order-alerts} topic unless suppressed, and logged in {@code order_alert}. No contact data.
 * Serialized by {@code state.OrderAlertSerializer}.
 */
public class OrderAlert {

    public static final String SENT = "SENT";
    public static final String SUPPRESSED = "SUPPRESSED";

    /** Deterministic: a name-based UUID of the order, the type and the due time. */
    public String alertId;

    public String type;
    public String orderId;

    /** The customer as the order gives it at the due time; null if it has none. */
    public String customerId;

    public long dueAt;

    /** SENT or SUPPRESSED. */
    public String status;

    public OrderAlert() {}

    /**
     * @param suppressBefore alerts due before this (epoch ms) are SUPPRESSED
     */
    public static OrderAlert of(
            AlertType type, String orderId, String customerId, long dueAt, long suppressBefore) {
        OrderAlert alert = new OrderAlert();
        alert.alertId =
                UUID.nameUUIDFromBytes(
                                String.join("|", "order-alert", orderId, type.name(), "" + dueAt)
                                        .getBytes(StandardCharsets.UTF_8))
                        .toString();
        alert.type = type.name();
        alert.orderId = orderId;
        alert.customerId = customerId;
        alert.dueAt = dueAt;
        alert.status = dueAt < suppressBefore ? SUPPRESSED : SENT;
        return alert;
    }

    public boolean isSent() {
        return SENT.equals(status);
    }
}
