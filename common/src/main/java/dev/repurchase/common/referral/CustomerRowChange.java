package dev.repurchase.common.referral;

import dev.repurchase.common.cdc.SourcePosition;

/**
 * A decoded change of a row of the {@code customers} table, keyed by customer id: what the decoders
 * make of the customers topic. A Flink POJO.
 */
public class CustomerRowChange {

    /** True if the row was deleted; {@link #row} then may hold nothing but the key. */
    public boolean deleted;

    public SourcePosition position;

    public CustomerRow row;

    public CustomerRowChange() {}

    public static CustomerRowChange of(CustomerRow row, boolean deleted, SourcePosition position) {
        CustomerRowChange change = new CustomerRowChange();
        change.row = row;
        change.deleted = deleted;
        change.position = position;
        return change;
    }

    public String customerId() {
        return row.customerId;
    }
}
