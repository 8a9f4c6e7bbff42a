package dev.repurchase.common.order;

import dev.repurchase.common.cdc.ChangeOp;
import dev.repurchase.common.cdc.MalformedChangeException;
import dev.repurchase.common.cdc.RowChange;
import dev.repurchase.common.cdc.SourceColumns;
import java.io.Serializable;
import java.util.Map;
import java.util.Set;

/**
 * Turns a {@link RowChange} of the {@code coupons} table into a typed {@link CouponChange}: the
 * sibling of {@link OrderChangeMapper}, with the same rules. The source table name is {@code
 * coupons} by default; column names map canonical to source, a key {@code coupons.issued_at}
 * winning over a plain {@code issued_at}.
 *
 * <p>A row without {@code coupon_id}, or (unless deleted) without {@code customer_id}, {@code
 * issued_at} or {@code expires_at}, or with a value of the wrong kind, or with a time (or a commit
 * time) before 1970 or from {@link SourceColumns#MAX_YEAR} on, is a {@link
 * MalformedChangeException} naming the column. A delete needs only the key. Blank text reads as
 * absent, so an empty {@code redeemed_order_id} is an unredeemed coupon.
 *
 * <p>Serializable, so Flink functions can hold one.
 */
public final class CouponChangeMapper implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The canonical table name, also the qualifier of its column mapping keys. */
    public static final String COUPONS = "coupons";

    private static final String COUPON_ID = "coupon_id";
    private static final String CUSTOMER_ID = "customer_id";
    private static final String CAMPAIGN_ID = "campaign_id";
    private static final String ISSUED_AT = "issued_at";
    private static final String EXPIRES_AT = "expires_at";
    private static final String REDEEMED_ORDER_ID = "redeemed_order_id";

    /** The canonical columns of the coupons table (SPEC section 1). */
    public static final Set<String> COLUMNS =
            Set.of(COUPON_ID, CUSTOMER_ID, CAMPAIGN_ID, ISSUED_AT, EXPIRES_AT, REDEEMED_ORDER_ID);

    /** The columns only the coupons table has: their plain mapping keys concern no other table. */
    public static final Set<String> OWN_COLUMNS = Set.of(ISSUED_AT, EXPIRES_AT, REDEEMED_ORDER_ID);

    private final String table;
    private final SourceColumns columns;

    private CouponChangeMapper(SourceColumns.Builder<CouponChangeMapper> builder) {
        this.table = builder.table();
        this.columns = builder.columns();
    }

    /** A mapper for a source that uses the canonical names. */
    public static CouponChangeMapper canonical() {
        return builder().build();
    }

    /** Collects the source's names; unknown canonical names fail at once. */
    public static SourceColumns.Builder<CouponChangeMapper> builder() {
        return new SourceColumns.Builder<>(
                COUPONS, COLUMNS, CouponChangeMapper::concerns, CouponChangeMapper::new);
    }

    /**
     * True if a column mapping key ({@code issued_at}, {@code coupons.issued_at}) names a column of
     * the coupons table.
     */
    public static boolean concerns(String canonical) {
        int dot = canonical.indexOf('.');
        return dot < 0
                ? COLUMNS.contains(canonical)
                : COUPONS.equals(canonical.substring(0, dot))
                        && COLUMNS.contains(canonical.substring(dot + 1));
    }

    /** True if the change is one of the coupons table. */
    public boolean handles(RowChange change) {
        return table.equals(change.table());
    }

    /**
     * @throws MalformedChangeException if the table is not the coupons table, or the row does not
     *     make a valid coupon
     */
    public CouponChange map(RowChange change) throws MalformedChangeException {
        if (!handles(change)) {
            throw new MalformedChangeException("unknown table '" + change.table() + "'");
        }
        boolean deleted = change.op() == ChangeOp.DELETE;
        Map<String, Object> image = change.image();
        if (image == null) {
            throw new MalformedChangeException("no row image in " + change.op());
        }
        SourceColumns.checkCommitTime(change);
        Coupon coupon = new Coupon();
        coupon.couponId = columns.text(image, COUPON_ID);
        if (coupon.couponId == null) {
            throw missing(COUPON_ID);
        }
        coupon.customerId = columns.text(image, CUSTOMER_ID);
        coupon.campaignId = columns.text(image, CAMPAIGN_ID);
        coupon.redeemedOrderId = columns.text(image, REDEEMED_ORDER_ID);
        Long issuedAt = columns.millis(image, ISSUED_AT);
        Long expiresAt = columns.millis(image, EXPIRES_AT);
        if (!deleted) {
            if (coupon.customerId == null) {
                throw missing(CUSTOMER_ID);
            }
            if (issuedAt == null) {
                throw missing(ISSUED_AT);
            }
            if (expiresAt == null) {
                throw missing(EXPIRES_AT);
            }
        }
        coupon.issuedAt = issuedAt == null ? 0 : issuedAt;
        coupon.expiresAt = expiresAt == null ? 0 : expiresAt;
        return CouponChange.of(coupon, deleted, change.position());
    }

    private static MalformedChangeException missing(String column) {
        return new MalformedChangeException("missing " + column);
    }
}
