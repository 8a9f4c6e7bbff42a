package dev.repurchase.common.referral;

import dev.repurchase.common.cdc.ChangeOp;
import dev.repurchase.common.cdc.MalformedChangeException;
import dev.repurchase.common.cdc.RowChange;
import dev.repurchase.common.cdc.SourceColumns;
import java.io.Serializable;
import java.util.Map;
import java.util.Set;

/**
 * Turns a {@link RowChange} of the optional {@code customers} table into a {@link
 * CustomerRowChange}, with the rules of the other mappers: the source table name is {@code
 * customers} by default, a column maps by a qualified key ({@code customers.registered_at}).
 *
 * <p>A row without {@code customer_id}, a value of the wrong kind, or a time (or commit time)
 * before 1970 or from {@link SourceColumns#MAX_YEAR} on is a {@link MalformedChangeException}
 * naming the column. {@code referrer_id} and {@code registered_at} may be absent; blank text reads
 * as absent. A delete needs only the key. Serializable, so Flink functions can hold one.
 */
public final class CustomerRowMapper implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The canonical table name, also the qualifier of its column mapping keys. */
    public static final String CUSTOMERS = "customers";

    private static final String CUSTOMER_ID = "customer_id";
    private static final String REFERRER_ID = "referrer_id";
    private static final String REGISTERED_AT = "registered_at";

    /** The canonical columns of the customers table (SPEC section 1). */
    public static final Set<String> COLUMNS = Set.of(CUSTOMER_ID, REFERRER_ID, REGISTERED_AT);

    private final String table;
    private final SourceColumns columns;

    private CustomerRowMapper(SourceColumns.Builder<CustomerRowMapper> builder) {
        this.table = builder.table();
        this.columns = builder.columns();
    }

    /** A mapper for a source that uses the canonical names. */
    public static CustomerRowMapper canonical() {
        return builder().build();
    }

    /** Collects the source's names; unknown canonical names fail at once. */
    public static SourceColumns.Builder<CustomerRowMapper> builder() {
        return new SourceColumns.Builder<>(
                CUSTOMERS, COLUMNS, CustomerRowMapper::concerns, CustomerRowMapper::new);
    }

    /** True if a column mapping key names a column of the customers table ({@code customers.x}). */
    public static boolean concerns(String canonical) {
        int dot = canonical.indexOf('.');
        return dot > 0
                && CUSTOMERS.equals(canonical.substring(0, dot))
                && COLUMNS.contains(canonical.substring(dot + 1));
    }

    /** True if the change is one of the customers table. */
    public boolean handles(RowChange change) {
        return table.equals(change.table());
    }

    /**
     * @throws MalformedChangeException if the table is not the customers table, or the row does not
     *     make a valid customer row
     */
    public CustomerRowChange map(RowChange change) throws MalformedChangeException {
        if (!handles(change)) {
            throw new MalformedChangeException("unknown table '" + change.table() + "'");
        }
        Map<String, Object> image = change.image();
        if (image == null) {
            throw new MalformedChangeException("no row image in " + change.op());
        }
        SourceColumns.checkCommitTime(change);
        String customerId = columns.text(image, CUSTOMER_ID);
        if (customerId == null) {
            throw new MalformedChangeException("missing " + CUSTOMER_ID);
        }
        CustomerRow row =
                new CustomerRow(
                        customerId,
                        columns.text(image, REFERRER_ID),
                        columns.millis(image, REGISTERED_AT));
        return CustomerRowChange.of(row, change.op() == ChangeOp.DELETE, change.position());
    }
}
