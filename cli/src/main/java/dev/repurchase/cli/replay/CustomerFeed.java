package dev.repurchase.cli.replay;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The change stream of the optional {@code customers} table (SPEC 8.1) while a history happened, as
 * Debezium JSON messages in commit-time order: per customer an insert at {@code registered_at}.
 * {@link #with} adds versions of its own (a referrer changed later, a delete). All changes of a
 * customer share its partition. Merged with the orders' feed by {@link CouponFeed#merge}.
 *
 * <p>A customers CSV has a header row and the columns of {@link CustomerRecord#COLUMNS}: {@code
 * customer_id} and {@code registered_at} are required, {@code referrer_id} may be empty; timestamps
 * as in the order history.
 */
public final class CustomerFeed implements Iterable<ChangeEvent> {

    /** The default topic of the customers table. */
    public static final String TOPIC = "customers";

    private static final Set<String> REQUIRED_COLUMNS = Set.of("customer_id", "registered_at");

    /**
     * One change of a customers row: committed at {@code at}, replacing {@code before} (null for an
     * insert) by {@code after} (null for a delete).
     */
    public record Version(Instant at, CustomerRecord before, CustomerRecord after)
            implements RowVersions.Version<CustomerRecord> {
        public Version {
            RowVersions.Version.requireImage(before, after);
        }
    }

    private static final RowVersions.Table<CustomerRecord> TABLE =
            new RowVersions.Table<>(
                    DebeziumEnvelope.CUSTOMERS_TABLE,
                    CustomerRecord.COLUMNS,
                    CustomerRecord::customerId,
                    DebeziumEnvelope::customerKey,
                    CustomerRecord::values);

    private final RowVersions<CustomerRecord, Version> versions;

    private CustomerFeed(RowVersions<CustomerRecord, Version> versions) {
        this.versions = versions;
    }

    /**
     * Reads a customers CSV.
     *
     * @throws HistoryFormatException naming the file, the line and the reason of the first problem
     */
    public static List<CustomerRecord> read(Path csv) throws IOException {
        return RowVersions.read(
                csv,
                TABLE,
                REQUIRED_COLUMNS,
                rows ->
                        new CustomerRecord(
                                rows.requiredText("customer_id"),
                                rows.text("referrer_id"),
                                rows.requiredInstant("registered_at")));
    }

    /** The feed of the final rows of the customers table: each inserted at its registration. */
    public static CustomerFeed of(List<CustomerRecord> customers, String topic) {
        List<Version> versions = new ArrayList<>();
        for (CustomerRecord customer : customers) {
            versions.add(new Version(customer.registeredAt(), null, customer));
        }
        return new CustomerFeed(new RowVersions<>(TABLE, topic, versions));
    }

    /** This feed and {@code more} versions, all in commit order. */
    public CustomerFeed with(List<Version> more) {
        return new CustomerFeed(versions.with(more));
    }

    /** How many messages the feed has. */
    public int size() {
        return versions.versions().size();
    }

    /** The messages in commit order; each iteration renders them afresh, identically. */
    @Override
    public Iterator<ChangeEvent> iterator() {
        return versions.iterator();
    }
}
