package dev.repurchase.cli.replay;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One row of the optional {@code customers} table (SPEC section 1, 8.1): who invited the customer
 * (null: nobody) and when they registered.
 */
public record CustomerRecord(String customerId, String referrerId, Instant registeredAt) {

    /** The column names, in the order of {@link #values()}. */
    public static final List<String> COLUMNS =
            List.of("customer_id", "referrer_id", "registered_at");

    public CustomerRecord {
        Objects.requireNonNull(customerId, "customer_id");
        Objects.requireNonNull(registeredAt, "registered_at");
    }

    /** The column values in the order of {@link #COLUMNS}. */
    public List<Object> values() {
        return Arrays.asList(customerId, referrerId, registeredAt);
    }
}
