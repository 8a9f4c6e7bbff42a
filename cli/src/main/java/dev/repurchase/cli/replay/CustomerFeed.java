package dev.repurchase.cli.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
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
    public record Version(Instant at, CustomerRecord before, CustomerRecord after) {
        public Version {
            if (before == null && after == null) {
                throw new IllegalArgumentException("a version needs a before or an after image");
            }
        }

        String customerId() {
            return after != null ? after.customerId() : before.customerId();
        }
    }

    private static final Comparator<Version> COMMIT_ORDER =
            Comparator.comparing(Version::at).thenComparing(Version::customerId);

    private final String topic;
    private final List<Version> versions;

    private CustomerFeed(String topic, List<Version> versions) {
        this.topic = topic;
        List<Version> sorted = new ArrayList<>(versions);
        sorted.sort(COMMIT_ORDER); // stable: versions of a customer at one instant keep their order
        this.versions = List.copyOf(sorted);
    }

    /**
     * Reads a customers CSV.
     *
     * @throws HistoryFormatException naming the file, the line and the reason of the first problem
     */
    public static List<CustomerRecord> read(Path csv) throws IOException {
        List<CustomerRecord> customers = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try (CsvRows rows = CsvRows.open(csv, CustomerRecord.COLUMNS, REQUIRED_COLUMNS)) {
            while (rows.next()) {
                CustomerRecord customer =
                        new CustomerRecord(
                                rows.requiredText("customer_id"),
                                rows.text("referrer_id"),
                                rows.requiredInstant("registered_at"));
                if (!ids.add(customer.customerId())) {
                    throw rows.error("customer_id '" + customer.customerId() + "' appears twice");
                }
                customers.add(customer);
            }
        }
        return customers;
    }

    /** The feed of the final rows of the customers table: each inserted at its registration. */
    public static CustomerFeed of(List<CustomerRecord> customers, String topic) {
        List<Version> versions = new ArrayList<>();
        for (CustomerRecord customer : customers) {
            versions.add(new Version(customer.registeredAt(), null, customer));
        }
        return new CustomerFeed(topic, versions);
    }

    /** This feed and {@code more} versions, all in commit order. */
    public CustomerFeed with(List<Version> more) {
        List<Version> all = new ArrayList<>(versions);
        all.addAll(more);
        return new CustomerFeed(topic, all);
    }

    /** How many messages the feed has. */
    public int size() {
        return versions.size();
    }

    /** The messages in commit order; each iteration renders them afresh, identically. */
    @Override
    public Iterator<ChangeEvent> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < versions.size();
            }

            @Override
            public ChangeEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Version v = versions.get(next++);
                return new ChangeEvent(
                        topic,
                        v.customerId(),
                        DebeziumEnvelope.customerKey(v.customerId()),
                        DebeziumEnvelope.change(
                                DebeziumEnvelope.CUSTOMERS_TABLE,
                                image(v.before()),
                                image(v.after()),
                                v.at(),
                                next,
                                next),
                        v.at());
            }
        };
    }

    private static ObjectNode image(CustomerRecord row) {
        return row == null ? null : DebeziumEnvelope.image(CustomerRecord.COLUMNS, row.values());
    }
}
