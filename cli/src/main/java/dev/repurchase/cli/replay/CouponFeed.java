package dev.repurchase.cli.replay;

import dev.repurchase.cli.generator.CouponRow;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
    public record Version(Instant at, CouponRow before, CouponRow after)
            implements RowVersions.Version<CouponRow> {
        public Version {
            RowVersions.Version.requireImage(before, after);
        }
    }

    private static final RowVersions.Table<CouponRow> TABLE =
            new RowVersions.Table<>(
                    DebeziumEnvelope.COUPONS_TABLE,
                    CouponRow.COLUMNS,
                    CouponRow::couponId,
                    DebeziumEnvelope::couponKey,
                    CouponRow::values);

    private final RowVersions<CouponRow, Version> versions;

    private CouponFeed(RowVersions<CouponRow, Version> versions) {
        this.versions = versions;
    }

    /**
     * Reads a coupons CSV.
     *
     * @throws HistoryFormatException naming the file, the line and the reason of the first problem
     */
    public static List<CouponRow> read(Path csv) throws IOException {
        return RowVersions.read(
                csv,
                TABLE,
                REQUIRED_COLUMNS,
                rows ->
                        new CouponRow(
                                rows.requiredText("coupon_id"),
                                rows.requiredText("customer_id"),
                                rows.text("campaign_id"),
                                rows.requiredInstant("issued_at"),
                                rows.requiredInstant("expires_at"),
                                rows.text("redeemed_order_id")));
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
        return new CouponFeed(new RowVersions<>(TABLE, topic, versions));
    }

    /** This feed and {@code more} versions, all in commit order. */
    public CouponFeed with(List<Version> more) {
        return new CouponFeed(versions.with(more));
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
        return versions.versions().size();
    }

    /** The commit time of the last change; null if there is none. */
    public Instant latestEventTime() {
        List<Version> all = versions.versions();
        return all.isEmpty() ? null : all.get(all.size() - 1).at();
    }

    /** The messages in commit order; each iteration renders them afresh, identically. */
    @Override
    public Iterator<ChangeEvent> iterator() {
        return versions.iterator();
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
