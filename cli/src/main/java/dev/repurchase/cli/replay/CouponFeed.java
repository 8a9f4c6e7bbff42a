package dev.repurchase.cli.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.repurchase.cli.generator.CouponRow;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The change stream of the {@code coupons} table while a history happened, as Debezium JSON
 * messages in commit-time order, beside the {@link DebeziumChangeFeed} of the orders: per coupon an
 * insert at {@code issued_at}, unredeemed, then, if the coupon was redeemed, an update setting
 * {@code redeemed_order_id} when the redeeming order was created (a coupon whose redeeming order is
 * not in the history, or not created after the issue, is inserted redeemed). {@link #with} adds
 * versions of its own (a delete, a changed expiry). All changes of a coupon share its partition.
 *
 * <p>A coupons CSV has a header row and the columns of {@link CouponRow#COLUMNS}: {@code
 * coupon_id}, {@code customer_id}, {@code issued_at} and {@code expires_at} are required, {@code
 * campaign_id} and {@code redeemed_order_id} may be empty; timestamps as in the order history.
 */
public final class CouponFeed implements Iterable<ChangeEvent> {

    /** The default topic of the coupons table. */
    public static final String TOPIC = "coupons";

    private static final Set<String> REQUIRED_COLUMNS =
            Set.of("coupon_id", "customer_id", "issued_at", "expires_at");

    /**
     * One change of a coupon row: committed at {@code at}, replacing {@code before} (null for an
     * insert) by {@code after} (null for a delete).
     */
    public record Version(Instant at, CouponRow before, CouponRow after) {
        public Version {
            if (before == null && after == null) {
                throw new IllegalArgumentException("a version needs a before or an after image");
            }
        }

        String couponId() {
            return after != null ? after.couponId() : before.couponId();
        }
    }

    private static final Comparator<Version> COMMIT_ORDER =
            Comparator.comparing(Version::at).thenComparing(Version::couponId);

    private final String topic;
    private final List<Version> versions;

    private CouponFeed(String topic, List<Version> versions) {
        this.topic = topic;
        List<Version> sorted = new ArrayList<>(versions);
        sorted.sort(COMMIT_ORDER); // stable: versions of a coupon at one instant keep their order
        this.versions = List.copyOf(sorted);
    }

    /**
     * Reads a coupons CSV.
     *
     * @throws HistoryFormatException naming the file, the line and the reason of the first problem
     */
    public static List<CouponRow> read(Path csv) throws IOException {
        List<CouponRow> coupons = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try (CsvRows rows = CsvRows.open(csv, CouponRow.COLUMNS, REQUIRED_COLUMNS)) {
            while (rows.next()) {
                CouponRow coupon;
                try {
                    coupon =
                            new CouponRow(
                                    rows.requiredText("coupon_id"),
                                    rows.requiredText("customer_id"),
                                    rows.text("campaign_id"),
                                    rows.requiredInstant("issued_at"),
                                    rows.requiredInstant("expires_at"),
                                    rows.text("redeemed_order_id"));
                } catch (IllegalArgumentException e) {
                    throw rows.error(e.getMessage());
                }
                if (!ids.add(coupon.couponId())) {
                    throw rows.error("coupon_id '" + coupon.couponId() + "' appears twice");
                }
                coupons.add(coupon);
            }
        }
        return coupons;
    }

    /** The feed of the coupons of a history, on the default topic. */
    public static CouponFeed of(List<CouponRow> coupons, OrderHistory history) {
        return of(coupons, history, TOPIC);
    }

    /**
     * @param history the orders, for the time each coupon was redeemed
     */
    public static CouponFeed of(List<CouponRow> coupons, OrderHistory history, String topic) {
        Map<String, Instant> created = new HashMap<>();
        for (OrderRow order : history.orders()) {
            created.put(order.orderId(), order.createdAt());
        }
        List<Version> versions = new ArrayList<>();
        for (CouponRow coupon : coupons) {
            Instant redeemedAt =
                    coupon.redeemedOrderId() == null ? null : created.get(coupon.redeemedOrderId());
            if (redeemedAt != null && redeemedAt.isAfter(coupon.issuedAt())) {
                CouponRow issued = unredeemed(coupon);
                versions.add(new Version(coupon.issuedAt(), null, issued));
                versions.add(new Version(redeemedAt, issued, coupon));
            } else {
                versions.add(new Version(coupon.issuedAt(), null, coupon));
            }
        }
        return new CouponFeed(topic, versions);
    }

    /** This feed and {@code more} versions, all in commit order. */
    public CouponFeed with(List<Version> more) {
        List<Version> all = new ArrayList<>(versions);
        all.addAll(more);
        return new CouponFeed(topic, all);
    }

    /** The coupon as issued: not (yet) redeemed. */
    public static CouponRow unredeemed(CouponRow coupon) {
        return new CouponRow(
                coupon.couponId(),
                coupon.customerId(),
                coupon.campaignId(),
                coupon.issuedAt(),
                coupon.expiresAt(),
                null);
    }

    /** How many messages the feed has. */
    public int size() {
        return versions.size();
    }

    /** The commit time of the last change; null if there is none. */
    public Instant latestEventTime() {
        return versions.isEmpty() ? null : versions.get(versions.size() - 1).at();
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
                // One transaction per change; the log position grows with every message.
                return new ChangeEvent(
                        topic,
                        v.couponId(),
                        DebeziumEnvelope.couponKey(v.couponId()),
                        DebeziumEnvelope.change(
                                DebeziumEnvelope.COUPONS_TABLE,
                                image(v.before()),
                                image(v.after()),
                                v.at(),
                                next,
                                next),
                        v.at());
            }
        };
    }

    private static ObjectNode image(CouponRow row) {
        return row == null ? null : DebeziumEnvelope.image(CouponRow.COLUMNS, row.values());
    }

    /**
     * The events of both feeds in commit-time order (of two at the same instant, {@code first}'s
     * first); each feed must be in commit-time order itself.
     */
    public static Iterable<ChangeEvent> merge(
            Iterable<ChangeEvent> first, Iterable<ChangeEvent> second) {
        return () ->
                new Iterator<>() {
                    private final Iterator<ChangeEvent> a = first.iterator();
                    private final Iterator<ChangeEvent> b = second.iterator();
                    private ChangeEvent nextA = a.hasNext() ? a.next() : null;
                    private ChangeEvent nextB = b.hasNext() ? b.next() : null;

                    @Override
                    public boolean hasNext() {
                        return nextA != null || nextB != null;
                    }

                    @Override
                    public ChangeEvent next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        ChangeEvent event;
                        if (nextB == null
                                || (nextA != null
                                        && !nextA.eventTime().isAfter(nextB.eventTime()))) {
                            event = nextA;
                            nextA = a.hasNext() ? a.next() : null;
                        } else {
                            event = nextB;
                            nextB = b.hasNext() ? b.next() : null;
                        }
                        return event;
                    }
                };
    }
}
