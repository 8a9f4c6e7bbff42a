package dev.repurchase.common.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.repurchase.common.cdc.CdcSamples;
import dev.repurchase.common.cdc.DebeziumDecoder;
import dev.repurchase.common.cdc.MalformedChangeException;
import dev.repurchase.common.cdc.RowChange;
import dev.repurchase.common.privacy.ContactHasher;
import dev.repurchase.common.rules.ExclusionReason;
import dev.repurchase.common.rules.PurchaseRules;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the decoding (Debezium JSON, then the typed mapping) rejects, with which reason, and what it
 * accepts for the rules to judge. Every message is a plain Debezium insert of the {@code orders}
 * (or {@code order_items}) table with one thing wrong.
 */
class BadInputDecodingTest {

    private static final String ORDER =
            "{\"order_id\":\"o1\",\"customer_id\":\"c1\",\"status\":\"PAID\","
                    + "\"total_amount\":\"20.00\",\"created_at\":\"2025-01-05T10:00:00Z\"}";
    private static final String LINE =
            "{\"order_id\":\"o1\",\"line_no\":1,\"sku\":\"s1\",\"category\":\"tea\","
                    + "\"quantity\":2,\"unit_price\":\"10.00\"}";
    private static final long COMMIT = 1736071200000L;

    private static final PurchaseRules RULES =
            new PurchaseRules(new BigDecimal("1000000"), 1000, new BigDecimal("10000"), Set.of());

    private final DebeziumDecoder decoder = new DebeziumDecoder();
    private final OrderChangeMapper mapper = OrderChangeMapper.canonical();

    private static String insert(String table, String after, long commitMillis) {
        return "{\"before\":null,\"after\":"
                + after
                + ",\"source\":{\"table\":\""
                + table
                + "\",\"ts_ms\":"
                + commitMillis
                + ",\"lsn\":42},\"op\":\"c\",\"ts_ms\":"
                + commitMillis
                + "}";
    }

    private static String order(String column, String jsonValue) {
        return insert("orders", with(ORDER, column, jsonValue), COMMIT);
    }

    private static String line(String column, String jsonValue) {
        return insert("order_items", with(LINE, column, jsonValue), COMMIT);
    }

    /** The row with the column set to the JSON value (added if absent, removed if null). */
    private static String with(String row, String column, String jsonValue) {
        String pattern = "\"" + column + "\":(\"[^\"]*\"|[^,}]*)";
        String replaced =
                jsonValue == null
                        ? row.replaceAll(pattern + ",?", "")
                        : row.replaceAll(pattern, "\"" + column + "\":" + jsonValue);
        if (jsonValue != null && replaced.equals(row)) {
            replaced = row.replaceFirst("}$", ",\"" + column + "\":" + jsonValue + "}");
        }
        return replaced;
    }

    private OrderChange decode(String message) throws MalformedChangeException {
        List<RowChange> rows = decoder.decode(CdcSamples.json(message));
        assertThat(rows).hasSize(1);
        return mapper.map(rows.get(0));
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                arguments("truncated JSON", ORDER.substring(0, 40), "truncated JSON"),
                arguments("not JSON at all", "garbage, not JSON", "invalid JSON"),
                arguments("a JSON array", "[1,2,3]", "not a JSON object"),
                arguments(
                        "unknown op",
                        order("x", "1").replace("\"op\":\"c\"", "\"op\":\"x\""),
                        "unknown op 'x'"),
                arguments(
                        "row without op",
                        order("x", "1").replace(",\"op\":\"c\"", ""),
                        "row change without op"),
                arguments("missing key", order("order_id", null), "missing order_id"),
                arguments("null key", order("order_id", "null"), "missing order_id"),
                arguments("missing line_no", line("line_no", null), "missing line_no"),
                arguments("missing status", order("status", null), "missing status"),
                arguments(
                        "unknown status",
                        order("status", "\"SHIPPED_TO_MARS\""),
                        "column status: unknown status 'SHIPPED_TO_MARS'"),
                arguments(
                        "amount of the wrong type",
                        order("total_amount", "\"twenty\""),
                        "column total_amount: not a decimal"),
                arguments(
                        "amount as an object",
                        order("total_amount", "{\"value\":1}"),
                        "column total_amount: not a decimal"),
                arguments(
                        "amount as a boolean",
                        order("total_amount", "true"),
                        "column total_amount: not a decimal"),
                arguments(
                        "quantity with a fraction",
                        line("quantity", "1.5"),
                        "column quantity: not a whole number"),
                arguments(
                        "quantity beyond a long",
                        line("quantity", "99999999999999999999"),
                        "column quantity: not a whole number"),
                arguments(
                        "absurd quantity",
                        line("quantity", "5000000000"),
                        "column quantity: out of range"),
                arguments(
                        "absurd amount 1e30",
                        order("total_amount", "\"1e30\""),
                        "column total_amount: amount out of range"),
                arguments(
                        "absurd amount as a JSON number",
                        order("total_amount", "1E+30"),
                        "column total_amount: amount out of range"),
                arguments(
                        "absurd refund",
                        order("refunded_amount", "\"-2000000000000\""),
                        "column refunded_amount: amount out of range"),
                arguments(
                        "time of the wrong type",
                        order("created_at", "\"yesterday\""),
                        "column created_at: not a timestamp"),
                arguments(
                        "year 9999",
                        order("created_at", "\"9999-12-31T23:59:59Z\""),
                        "column created_at: out of range: 9999-12-31T23:59:59Z"),
                arguments(
                        "year 3000 as epoch millis",
                        order("paid_at", "32503680000000"),
                        "column paid_at: out of range"),
                arguments(
                        "before 1970",
                        order("created_at", "\"1969-07-20T20:17:00Z\""),
                        "column created_at: out of range: 1969-07-20T20:17:00Z"),
                arguments(
                        "commit time in the year 9999",
                        insert("orders", ORDER, 253402300799000L),
                        "commit time: out of range"),
                arguments(
                        "a table the job does not know",
                        insert("coupons", "{\"coupon_id\":\"k1\"}", COMMIT),
                        "unknown table 'coupons'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void isRejectedWithAReason(String what, String message, String reason) {
        assertThatThrownBy(() -> decode(message))
                .isInstanceOf(MalformedChangeException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void orderOfAnUnknownCustomerIsValid() throws Exception {
        Order order = decode(order("customer_id", "\"never-seen-before\"")).order;

        assertThat(order.customerId).isEqualTo("never-seen-before");
        assertThat(RULES.exclusion(order, 1)).isEmpty();
    }

    @Test
    void largeButRepresentableAmountIsAcceptedAndExcludedAsAbnormal() throws Exception {
        Order order = decode(order("total_amount", "\"999999999999.99\"")).order;

        assertThat(order.totalCents).isEqualTo(99_999_999_999_999L);
        assertThat(RULES.exclusion(order, 1)).isEqualTo(Optional.of(ExclusionReason.ABNORMAL));
    }

    @Test
    void negativeAmountIsAcceptedAndExcludedAsAbnormal() throws Exception {
        Order order = decode(order("total_amount", "\"-20.00\"")).order;

        assertThat(RULES.exclusion(order, 1)).isEqualTo(Optional.of(ExclusionReason.ABNORMAL));
    }

    @Test
    void negativeQuantityIsKeptAsAReturnLine() throws Exception {
        assertThat(decode(line("quantity", "-3")).line.quantity).isEqualTo(-3);
    }

    @Test
    void timesAtTheEdgesOfThePlausibleRangeAreAccepted() throws Exception {
        assertThat(decode(order("created_at", "\"1970-01-01T00:00:00Z\"")).order.createdAt)
                .isZero();
        assertThat(decode(order("promised_delivery_at", "\"2099-12-31T23:59:59Z\""))).isNotNull();
    }

    @Test
    void contactHashIsComputedOnlyWithASecretAndNeverKeepsTheContact() throws Exception {
        String message =
                insert(
                        "orders",
                        with(
                                with(ORDER, "customer_phone", "\"13812345678\""),
                                "customer_email",
                                "\"li.lei@example.com\""),
                        COMMIT);
        OrderChangeMapper hashing =
                OrderChangeMapper.builder()
                        .contactHasher(ContactHasher.withSecret("a-test-secret-of-the-shop"))
                        .build();

        Order hashed = hashing.map(decoder.decode(CdcSamples.json(message)).get(0)).order;

        assertThat(decode(message).order.contactHash).isNull();
        assertThat(hashed.contactHash)
                .hasSize(64)
                .isEqualTo(
                        ContactHasher.withSecret("a-test-secret-of-the-shop")
                                .hash("13812345678", null))
                .doesNotContain("13812345678");
    }
}
