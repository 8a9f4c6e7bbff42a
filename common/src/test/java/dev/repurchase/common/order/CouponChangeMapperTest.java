package dev.repurchase.common.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.repurchase.common.cdc.ChangeOp;
import dev.repurchase.common.cdc.MalformedChangeException;
import dev.repurchase.common.cdc.RowChange;
import dev.repurchase.common.cdc.SourcePosition;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CouponChangeMapperTest {

    private static final Instant ISSUED = Instant.parse("2025-03-01T00:00:00Z");
    private static final Instant EXPIRES = Instant.parse("2025-03-18T00:00:00Z");
    private static final SourcePosition POSITION = new SourcePosition(ISSUED.toEpochMilli(), 9, 0);

    private final CouponChangeMapper canonical = CouponChangeMapper.canonical();

    private static Map<String, Object> couponRow() {
        Map<String, Object> row = new HashMap<>();
        row.put("coupon_id", "CP7-1");
        row.put("customer_id", 42L);
        row.put("campaign_id", "spring-sale");
        row.put("issued_at", ISSUED.toString());
        row.put("expires_at", EXPIRES.toEpochMilli() * 1000); // Debezium MicroTimestamp
        row.put("redeemed_order_id", "");
        return row;
    }

    private static RowChange change(ChangeOp op, Map<String, Object> row) {
        return op == ChangeOp.DELETE
                ? new RowChange("coupons", op, row, null, POSITION)
                : new RowChange("coupons", op, null, row, POSITION);
    }

    @Test
    void mapsACouponRowWhateverTheEncodingOfItsValues() throws Exception {
        CouponChange change = canonical.map(change(ChangeOp.CREATE, couponRow()));

        assertThat(change.couponId).isEqualTo("CP7-1");
        assertThat(change.deleted).isFalse();
        assertThat(change.position).isEqualTo(POSITION);
        Coupon c = change.coupon;
        assertThat(c.customerId).isEqualTo("42");
        assertThat(c.campaignId).isEqualTo("spring-sale");
        assertThat(c.issuedAt).isEqualTo(ISSUED.toEpochMilli());
        assertThat(c.expiresAt).isEqualTo(EXPIRES.toEpochMilli());
        assertThat(c.redeemedOrderId).as("empty reads as unredeemed").isNull();
        assertThat(c.isRedeemed()).isFalse();
    }

    @Test
    void aDeleteNeedsOnlyTheKey() throws Exception {
        CouponChange change =
                canonical.map(change(ChangeOp.DELETE, new HashMap<>(Map.of("coupon_id", "CP7-1"))));

        assertThat(change.deleted).isTrue();
        assertThat(change.couponId).isEqualTo("CP7-1");
        assertThat(change.coupon.customerId).isNull();
    }

    @Test
    void aRowWithoutCustomerOrTimesIsMalformed() {
        for (String column : new String[] {"customer_id", "issued_at", "expires_at"}) {
            Map<String, Object> row = couponRow();
            row.remove(column);
            assertThatThrownBy(() -> canonical.map(change(ChangeOp.UPDATE, row)))
                    .isInstanceOf(MalformedChangeException.class)
                    .hasMessage("missing " + column);
        }
        Map<String, Object> keyless = couponRow();
        keyless.put("coupon_id", " ");
        assertThatThrownBy(() -> canonical.map(change(ChangeOp.CREATE, keyless)))
                .hasMessage("missing coupon_id");
    }

    @Test
    void aTimeOutOfRangeIsMalformed() {
        Map<String, Object> row = couponRow();
        row.put("expires_at", "2200-01-01T00:00:00Z");

        assertThatThrownBy(() -> canonical.map(change(ChangeOp.CREATE, row)))
                .isInstanceOf(MalformedChangeException.class)
                .hasMessageStartingWith("column expires_at: out of range");
    }

    @Test
    void namesMapToTheSourcesOwn() throws Exception {
        CouponChangeMapper mapper =
                CouponChangeMapper.builder()
                        .table("t_coupon")
                        .column("customer_id", "member_id")
                        .column("coupons.expires_at", "valid_until")
                        .build();
        Map<String, Object> row = couponRow();
        row.put("member_id", row.remove("customer_id"));
        row.put("valid_until", row.remove("expires_at"));
        RowChange change = new RowChange("t_coupon", ChangeOp.CREATE, null, row, POSITION);

        assertThat(mapper.handles(change)).isTrue();
        assertThat(mapper.map(change).coupon.customerId).isEqualTo("42");
        assertThat(mapper.map(change).coupon.expiresAt).isEqualTo(EXPIRES.toEpochMilli());
        assertThat(mapper.handles(change(ChangeOp.CREATE, couponRow()))).isFalse();
    }

    @Test
    void onlyColumnsOfTheCouponsTableCanBeMapped() {
        assertThat(CouponChangeMapper.concerns("issued_at")).isTrue();
        assertThat(CouponChangeMapper.concerns("coupons.customer_id")).isTrue();
        assertThat(CouponChangeMapper.concerns("orders.customer_id")).isFalse();
        assertThat(CouponChangeMapper.concerns("total_amount")).isFalse();
        assertThatThrownBy(() -> CouponChangeMapper.builder().column("total_amount", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
