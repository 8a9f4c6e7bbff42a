package dev.repurchase.common.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.repurchase.common.cdc.CdcFormat;
import dev.repurchase.common.cdc.CdcSamples;
import dev.repurchase.common.cdc.ChangeOp;
import dev.repurchase.common.cdc.MalformedChangeException;
import dev.repurchase.common.cdc.RowChange;
import dev.repurchase.common.cdc.SourcePosition;
import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OrderChangeMapperTest {

    private static final String ORDER_ID = "1001";
    private static final String CUSTOMER_ID = "C-42";
    private static final Instant CREATED_AT = Instant.parse("2024-03-01T02:15:30.123Z");
    private static final Instant PAID_AT = Instant.parse("2024-03-01T02:16:05Z");
    private static final BigDecimal TOTAL = new BigDecimal("259.90");
    private static final long TOTAL_CENTS = 25_990;
    private static final String PHONE = "13800138000";
    private static final String EMAIL = "li.lei@example.com";
    private static final SourcePosition POSITION = new SourcePosition(1_709_259_365_456L, 7, 0);

    private final OrderChangeMapper canonical = OrderChangeMapper.canonical();

    /** An orders row as a source with the canonical names sends it, already normalised. */
    private static Map<String, Object> orderRow() {
        Map<String, Object> row = new HashMap<>();
        row.put("order_id", ORDER_ID);
        row.put("customer_id", CUSTOMER_ID);
        row.put("status", "PAID");
        row.put("total_amount", TOTAL);
        row.put("refunded_amount", BigDecimal.ZERO);
        row.put("currency", "CNY");
        row.put("channel", "app");
        row.put("region", "east");
        row.put("campaign_id", null);
        row.put("coupon_id", "CPN-7");
        row.put("created_at", CREATED_AT);
        row.put("paid_at", PAID_AT);
        row.put("customer_phone", PHONE);
        row.put("customer_email", EMAIL);
        row.put("customer_name", "Li Lei");
        return row;
    }

    private static Map<String, Object> itemRow() {
        Map<String, Object> row = new HashMap<>();
        row.put("order_id", ORDER_ID);
        row.put("line_no", 1L);
        row.put("sku", "SKU-COFFEE-1");
        row.put("category", "coffee");
        row.put("quantity", 2L);
        row.put("unit_price", new BigDecimal("49.95"));
        return row;
    }

    private static Map<String, Object> orderRowWith(String column, Object value) {
        Map<String, Object> row = orderRow();
        row.put(column, value);
        return row;
    }

    private static RowChange insert(String table, Map<String, Object> row) {
        return new RowChange(table, ChangeOp.CREATE, null, row, POSITION);
    }

    private static RowChange delete(String table, Map<String, Object> row) {
        return new RowChange(table, ChangeOp.DELETE, row, null, POSITION);
    }

    private Order mapOrder(Map<String, Object> row) throws MalformedChangeException {
        return canonical.map(insert("orders", row)).order;
    }

    @Nested
    class Orders {

        @Test
        void rowBecomesATypedOrderKeyedByItsId() throws Exception {
            OrderChange change = canonical.map(insert("orders", orderRow()));

            assertThat(change.orderId).isEqualTo(ORDER_ID);
            assertThat(change.deleted).isFalse();
            assertThat(change.position).isEqualTo(POSITION);
            assertThat(change.isLine()).isFalse();
            Order order = change.order;
            assertThat(order.customerId).isEqualTo(CUSTOMER_ID);
            assertThat(order.status).isEqualTo(OrderStatus.PAID);
            assertThat(order.totalCents).isEqualTo(TOTAL_CENTS);
            assertThat(order.refundedCents).isZero();
            assertThat(order.currency).isEqualTo("CNY");
            assertThat(order.channel).isEqualTo("app");
            assertThat(order.region).isEqualTo("east");
            assertThat(order.campaignId).isNull();
            assertThat(order.couponId).isEqualTo("CPN-7");
            assertThat(order.createdAt).isEqualTo(CREATED_AT.toEpochMilli());
            assertThat(order.paidAt).isEqualTo(PAID_AT.toEpochMilli());
            assertThat(order.shippedAt).isNull();
        }

        @Test
        void refundedAmountDefaultsToZero() throws Exception {
            assertThat(mapOrder(orderRowWith("refunded_amount", null)).refundedCents).isZero();
        }

        @Test
        void numericIdsBecomeTheirDecimalText() throws Exception {
            Map<String, Object> row = orderRowWith("order_id", 1001L);
            row.put("customer_id", new BigDecimal("42"));

            Order order = mapOrder(row);

            assertThat(order.orderId).isEqualTo("1001");
            assertThat(order.customerId).isEqualTo("42");
        }

        @Test
        void emptyCustomerIdIsKeptForTheRulesToJudge() throws Exception {
            assertThat(mapOrder(orderRowWith("customer_id", "")).customerId).isEmpty();
        }

        @Test
        void blankOptionalTextReadsAsAbsent() throws Exception {
            assertThat(mapOrder(orderRowWith("campaign_id", "")).campaignId).isNull();
        }

        @Test
        void contactFieldsAreNeverCopied() throws Exception {
            Order order = mapOrder(orderRow());

            assertThat(publicFieldValues(order)).noneMatch(v -> v.contains(PHONE));
            assertThat(publicFieldValues(order)).noneMatch(v -> v.contains(EMAIL));
            assertThat(publicFieldValues(order)).noneMatch(v -> v.contains("Li Lei"));
        }

        private Stream<String> publicFieldValues(Object object) {
            return Arrays.stream(object.getClass().getFields())
                    .map(field -> read(field, object))
                    .filter(Objects::nonNull)
                    .map(Object::toString);
        }

        private Object read(Field field, Object object) {
            try {
                return field.get(object);
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Nested
    class Timestamps {

        static Stream<Arguments> encodingsOfCreatedAt() {
            long millis = CREATED_AT.toEpochMilli();
            return Stream.of(
                    arguments("Instant (normalised by the decoder)", CREATED_AT),
                    arguments("ISO-8601 with Z", "2024-03-01T02:15:30.123Z"),
                    arguments("ISO-8601 with offset", "2024-03-01T10:15:30.123+08:00"),
                    arguments("ISO-8601 local, taken as UTC", "2024-03-01T02:15:30.123"),
                    arguments("MySQL datetime with a space", "2024-03-01 02:15:30.123"),
                    arguments("epoch millis", millis),
                    arguments("epoch micros", millis * 1_000),
                    arguments("epoch nanos", millis * 1_000_000),
                    arguments("epoch millis as text (Canal)", Long.toString(millis)),
                    arguments("epoch millis as decimal", BigDecimal.valueOf(millis)));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("encodingsOfCreatedAt")
        void everyEncodingReadsAsTheSameInstant(String encoding, Object createdAt)
                throws Exception {
            assertThat(mapOrder(orderRowWith("created_at", createdAt)).createdAt)
                    .isEqualTo(CREATED_AT.toEpochMilli());
        }
    }

    @Nested
    class Amounts {

        static Stream<Arguments> encodingsOfTotalAmount() {
            return Stream.of(
                    arguments("BigDecimal", TOTAL, TOTAL_CENTS),
                    arguments("whole number", 259L, 25_900L),
                    arguments("numeric text (Canal)", "259.90", TOTAL_CENTS),
                    arguments("more places, rounded half-up", new BigDecimal("259.905"), 25_991L));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("encodingsOfTotalAmount")
        void everyEncodingReadsAsCents(String encoding, Object totalAmount, long cents)
                throws Exception {
            assertThat(mapOrder(orderRowWith("total_amount", totalAmount)).totalCents)
                    .isEqualTo(cents);
        }

        @Test
        void nonNumericAmountIsMalformedNamingTheColumn() {
            assertThatThrownBy(() -> mapOrder(orderRowWith("total_amount", "12,50")))
                    .isInstanceOf(MalformedChangeException.class)
                    .hasMessage("column total_amount: not a decimal: '12,50'");
        }
    }

    @Nested
    class Statuses {

        @Test
        void canonicalNamesMatchCaseInsensitively() throws Exception {
            assertThat(mapOrder(orderRowWith("status", "partially_refunded")).status)
                    .isEqualTo(OrderStatus.PARTIALLY_REFUNDED);
        }

        @Test
        void vocabularyTranslatesSourceValues() throws Exception {
            OrderChangeMapper mapper =
                    OrderChangeMapper.builder()
                            .statuses(Map.of("已支付", "PAID", "2", "shipped"))
                            .build();

            assertThat(mapper.map(insert("orders", orderRowWith("status", "已支付"))).order.status)
                    .isEqualTo(OrderStatus.PAID);
            assertThat(mapper.map(insert("orders", orderRowWith("status", 2L))).order.status)
                    .isEqualTo(OrderStatus.SHIPPED);
        }

        @Test
        void unknownStatusIsMalformed() {
            assertThatThrownBy(() -> mapOrder(orderRowWith("status", "ON_HOLD")))
                    .isInstanceOf(MalformedChangeException.class)
                    .hasMessage("column status: unknown status 'ON_HOLD'");
        }

        @Test
        void missingStatusIsMalformed() {
            assertThatThrownBy(() -> mapOrder(orderRowWith("status", null)))
                    .isInstanceOf(MalformedChangeException.class)
                    .hasMessage("missing status");
        }

        @Test
        void vocabularyOntoAnUnknownStatusIsRejectedWhenBuilt() {
            assertThatThrownBy(() -> OrderChangeMapper.builder().status("9", "LOST"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("LOST");
        }
    }

    @Nested
    class MalformedRows {

        @Test
        void missingOrderId() {
            assertThatThrownBy(() -> mapOrder(orderRowWith("order_id", null)))
                    .isInstanceOf(MalformedChangeException.class)
                    .hasMessage("missing order_id");
        }

        @Test
        void missingCreatedAt() {
            assertThatThrownBy(() -> mapOrder(orderRowWith("created_at", null)))
                    .isInstanceOf(MalformedChangeException.class)
                    .hasMessage("missing created_at");
        }

        @Test
        void unparseableCreatedAt() {
            assertThatThrownBy(() -> mapOrder(orderRowWith("created_at", "yesterday")))
                    .isInstanceOf(MalformedChangeException.class)
                    .hasMessage("column created_at: not a timestamp: 'yesterday'");
        }

        @Test
        void missingLineNo() {
            Map<String, Object> row = itemRow();
            row.remove("line_no");

            assertThatThrownBy(() -> canonical.map(insert("order_items", row)))
                    .isInstanceOf(MalformedChangeException.class)
                    .hasMessage("missing line_no");
        }

        @Test
        void unknownTable() {
            assertThatThrownBy(() -> canonical.map(insert("customers", orderRow())))
                    .isInstanceOf(MalformedChangeException.class)
                    .hasMessage("unknown table 'customers'");
        }
    }

    @Nested
    class Deletes {

        @Test
        void deleteIsFlaggedAndReadsTheBeforeImage() throws Exception {
            OrderChange change = canonical.map(delete("orders", orderRow()));

            assertThat(change.deleted).isTrue();
            assertThat(change.order.totalCents).isEqualTo(TOTAL_CENTS);
        }

        @Test
        void deleteNeedsOnlyTheKeyAsPostgresDefaultReplicaIdentitySendsIt() throws Exception {
            Map<String, Object> keyOnly = new HashMap<>();
            keyOnly.put("order_id", 1001L);
            keyOnly.put("status", null);

            OrderChange change = canonical.map(delete("orders", keyOnly));

            assertThat(change.orderId).isEqualTo(ORDER_ID);
            assertThat(change.deleted).isTrue();
        }
    }

    @Nested
    class OrderItems {

        @Test
        void rowBecomesATypedLineKeyedByItsOrder() throws Exception {
            OrderChange change = canonical.map(insert("order_items", itemRow()));

            assertThat(change.isLine()).isTrue();
            assertThat(change.orderId).isEqualTo(ORDER_ID);
            OrderLine line = change.line;
            assertThat(line.lineNo).isEqualTo(1);
            assertThat(line.sku).isEqualTo("SKU-COFFEE-1");
            assertThat(line.category).isEqualTo("coffee");
            assertThat(line.quantity).isEqualTo(2);
            assertThat(line.unitPrice).isEqualTo(new BigDecimal("49.95"));
        }

        @Test
        void unitPriceKeepsAllItsPlaces() throws Exception {
            Map<String, Object> row = itemRow();
            row.put("unit_price", "3.3333");

            assertThat(canonical.map(insert("order_items", row)).line.unitPrice)
                    .isEqualTo(new BigDecimal("3.3333"));
        }
    }

    @Nested
    class SourceNames {

        @Test
        void columnsAreReadUnderTheirSourceNames() throws Exception {
            OrderChangeMapper mapper =
                    OrderChangeMapper.builder()
                            .columns(Map.of("total_amount", "pay_amount", "created_at", "ctime"))
                            .build();
            Map<String, Object> row = orderRow();
            row.put("pay_amount", row.remove("total_amount"));
            row.put("ctime", row.remove("created_at"));

            Order order = mapper.map(insert("orders", row)).order;

            assertThat(order.totalCents).isEqualTo(TOTAL_CENTS);
            assertThat(order.createdAt).isEqualTo(CREATED_AT.toEpochMilli());
        }

        @Test
        void tableQualifiedRenameAppliesToThatTableOnly() throws Exception {
            OrderChangeMapper mapper =
                    OrderChangeMapper.builder().column("orders.order_id", "id").build();
            Map<String, Object> order = orderRow();
            order.put("id", order.remove("order_id"));

            assertThat(mapper.map(insert("orders", order)).orderId).isEqualTo(ORDER_ID);
            assertThat(mapper.map(insert("order_items", itemRow())).orderId).isEqualTo(ORDER_ID);
        }

        @Test
        void tablesAreRecognisedUnderTheirSourceNames() throws Exception {
            OrderChangeMapper mapper =
                    OrderChangeMapper.builder()
                            .ordersTable("t_order")
                            .orderItemsTable("t_order_item")
                            .build();

            assertThat(mapper.map(insert("t_order", orderRow())).order).isNotNull();
            assertThat(mapper.map(insert("t_order_item", itemRow())).line).isNotNull();
            assertThatThrownBy(() -> mapper.map(insert("orders", orderRow())))
                    .hasMessage("unknown table 'orders'");
        }

        @Test
        void unknownCanonicalColumnIsRejectedWhenBuilt() {
            assertThatThrownBy(() -> OrderChangeMapper.builder().column("order_Id", "id"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("unknown canonical column 'order_Id'");
        }
    }

    @Nested
    class DecodedMessages {

        @Test
        void debeziumPostgresInsertMapsToAnOrder() throws Exception {
            RowChange decoded =
                    CdcFormat.DEBEZIUM
                            .decoder()
                            .decode(CdcSamples.file("debezium/postgres-orders-insert.json"))
                            .get(0);

            Order order = canonical.map(decoded).order;

            assertThat(order.totalCents).isEqualTo(TOTAL_CENTS);
            assertThat(order.createdAt)
                    .isEqualTo(Instant.parse("2024-03-01T02:15:30.123Z").toEpochMilli());
            assertThat(order.updatedAt)
                    .isEqualTo(Instant.parse("2024-03-01T02:16:05.123Z").toEpochMilli());
        }

        @Test
        void canalStringValuesMapToAnOrder() throws Exception {
            RowChange decoded =
                    CdcFormat.CANAL
                            .decoder()
                            .decode(
                                    CdcSamples.json(
                                            """
                                            {"data": [{"order_id": "3003", "customer_id": "C-9",
                                                       "status": "PAID", "total_amount": "88.00",
                                                       "created_at": "2024-03-01 18:20:00"}],
                                             "es": 1709288400000, "isDdl": false,
                                             "table": "orders", "type": "INSERT"}
                                            """))
                            .get(0);

            Order order = canonical.map(decoded).order;

            assertThat(order.totalCents).isEqualTo(8_800);
            assertThat(order.createdAt)
                    .isEqualTo(Instant.parse("2024-03-01T18:20:00Z").toEpochMilli());
        }
    }
}
