package dev.repurchase.cli.replay;

import static dev.repurchase.cli.replay.OrderRowBuilder.order;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repurchase.common.order.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DebeziumChangeFeedTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Instant CREATED = Instant.parse("2011-01-05T10:00:00Z");
    private static final Instant OTHER_CREATED = Instant.parse("2011-01-05T10:02:00Z");
    private static final Instant PAID = Instant.parse("2011-01-05T10:05:00Z");
    private static final Instant SHIPPED = Instant.parse("2011-01-06T09:00:00Z");
    private static final Instant REFUNDED = Instant.parse("2011-01-10T12:00:00Z");

    /** Paid, shipped, then refunded in full. */
    private static final OrderRow REFUNDED_ORDER =
            order("o-1")
                    .status(OrderStatus.REFUNDED)
                    .total("25.00")
                    .createdAt(CREATED)
                    .paidAt(PAID)
                    .shippedAt(SHIPPED)
                    .refunded("25.00")
                    .phone("13812345678")
                    .updatedAt(REFUNDED)
                    .build();

    /** Paid at once and nothing since, created between the other order's creation and payment. */
    private static final OrderRow PAID_ORDER =
            order("o-2")
                    .status(OrderStatus.PAID)
                    .createdAt(OTHER_CREATED)
                    .paidAt(OTHER_CREATED)
                    .build();

    private static final List<ItemRow> LINES =
            List.of(
                    new ItemRow("o-1", 1, "BEAN-1", "coffee", 2, new BigDecimal("10.00")),
                    new ItemRow("o-1", 2, "MUG-7", "tableware", 1, new BigDecimal("5")),
                    new ItemRow("o-2", 1, "BEAN-1", "coffee", 1, new BigDecimal("25.00")));

    private final DebeziumChangeFeed feed =
            DebeziumChangeFeed.of(new OrderHistory(List.of(PAID_ORDER, REFUNDED_ORDER), LINES));

    @Test
    void replaysAnOrderAsAnInsertAndOneUpdatePerLaterChange() throws Exception {
        List<JsonNode> changes = values(events("orders", "o-1"));

        assertThat(changes)
                .extracting(c -> c.get("op").asText())
                .containsExactly("c", "u", "u", "u");
        assertThat(changes)
                .extracting(c -> c.get("after").get("status").asText())
                .containsExactly("PENDING_PAYMENT", "PAID", "SHIPPED", "REFUNDED");
        assertThat(changes)
                .extracting(c -> c.get("source").get("ts_ms").asLong())
                .containsExactly(
                        CREATED.toEpochMilli(),
                        PAID.toEpochMilli(),
                        SHIPPED.toEpochMilli(),
                        REFUNDED.toEpochMilli());
    }

    @Test
    void anUpdateCarriesThePreviousImageAsBefore() throws Exception {
        List<JsonNode> changes = values(events("orders", "o-1"));

        assertThat(changes.get(0).get("before").isNull()).isTrue();
        for (int i = 1; i < changes.size(); i++) {
            assertThat(changes.get(i).get("before")).isEqualTo(changes.get(i - 1).get("after"));
        }
        JsonNode refund = changes.get(3);
        assertThat(refund.get("before").get("refunded_amount").asText()).isEqualTo("0.00");
        assertThat(refund.get("after").get("refunded_amount").asText()).isEqualTo("25.00");
        assertThat(refund.get("after").get("shipped_at").asText())
                .isEqualTo("2011-01-06T09:00:00Z");
        assertThat(changes.get(1).get("after").get("shipped_at").isNull()).isTrue();
    }

    @Test
    void ordersAllChangesByCommitTimeWithAGrowingLogPosition() throws Exception {
        List<ChangeEvent> events = events();
        List<JsonNode> values = values(events);

        assertThat(events)
                .extracting(e -> e.topic() + " " + e.orderId() + " " + e.eventTime())
                .containsExactly(
                        "orders o-1 2011-01-05T10:00:00Z",
                        "order_items o-1 2011-01-05T10:00:00Z",
                        "order_items o-1 2011-01-05T10:00:00Z",
                        "orders o-2 2011-01-05T10:02:00Z",
                        "order_items o-2 2011-01-05T10:02:00Z",
                        "orders o-1 2011-01-05T10:05:00Z",
                        "orders o-1 2011-01-06T09:00:00Z",
                        "orders o-1 2011-01-10T12:00:00Z");
        assertThat(values)
                .extracting(v -> v.get("source").get("lsn").asLong())
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(feed.size()).isEqualTo(8);
        assertThat(feed.latestEventTime()).isEqualTo(REFUNDED);
    }

    @Test
    void insertsAnOrderAndItsLinesInOneTransaction() throws Exception {
        List<JsonNode> values = values(events());

        assertThat(values)
                .extracting(v -> v.get("source").get("txId").asLong())
                .containsExactly(1L, 1L, 1L, 2L, 2L, 3L, 4L, 5L);
    }

    @Test
    void rendersAnInsertAsDebeziumPostgresWithoutTheSchemaWrapper() {
        ChangeEvent insert = events().get(0);

        assertThat(insert.key()).isEqualTo("{\"order_id\":\"o-1\"}");
        assertThat(insert.value())
                .isEqualTo(
                        "{\"before\":null,\"after\":{\"order_id\":\"o-1\",\"customer_id\":\"c-1\","
                                + "\"status\":\"PENDING_PAYMENT\",\"total_amount\":\"25.00\","
                                + "\"currency\":\"CNY\",\"channel\":\"app\",\"region\":\"east\","
                                + "\"campaign_id\":null,\"coupon_id\":null,"
                                + "\"created_at\":\"2011-01-05T10:00:00Z\",\"paid_at\":null,"
                                + "\"shipped_at\":null,\"delivered_at\":null,"
                                + "\"promised_delivery_at\":null,\"cancelled_at\":null,"
                                + "\"refunded_amount\":\"0.00\",\"customer_phone\":\"13812345678\","
                                + "\"customer_email\":null,\"updated_at\":\"2011-01-05T10:00:00Z\"},"
                                + "\"source\":{\"version\":\"3.6.1.Final\",\"connector\":\"postgresql\","
                                + "\"name\":\"shop\",\"ts_ms\":1294221600000,\"snapshot\":\"false\","
                                + "\"db\":\"shop\",\"schema\":\"public\",\"table\":\"orders\","
                                + "\"txId\":1,\"lsn\":1},"
                                + "\"op\":\"c\",\"ts_ms\":1294221600000}");
    }

    @Test
    void rendersALineWithNumbersAsNumbersAndPricesWithTwoPlaces() throws Exception {
        ChangeEvent line = events().get(2);

        assertThat(line.key()).isEqualTo("{\"order_id\":\"o-1\",\"line_no\":2}");
        assertThat(JSON.readTree(line.value()).get("after").toString())
                .isEqualTo(
                        "{\"order_id\":\"o-1\",\"line_no\":2,\"sku\":\"MUG-7\","
                                + "\"category\":\"tableware\",\"quantity\":1,\"unit_price\":\"5.00\"}");
        assertThat(JSON.readTree(line.value()).get("source").get("table").asText())
                .isEqualTo("order_items");
    }

    @Test
    void publishesToTheTopicsGiven() {
        DebeziumChangeFeed renamed =
                DebeziumChangeFeed.of(
                        new OrderHistory(List.of(PAID_ORDER), LINES.subList(2, 3)),
                        new DebeziumChangeFeed.Topics(
                                "shop.public.orders", "shop.public.order_items"));

        assertThat(renamed)
                .extracting(ChangeEvent::topic)
                .containsExactly("shop.public.orders", "shop.public.order_items");
    }

    private List<ChangeEvent> events() {
        List<ChangeEvent> events = new ArrayList<>();
        feed.forEach(events::add);
        return events;
    }

    private List<ChangeEvent> events(String topic, String orderId) {
        return events().stream()
                .filter(e -> e.topic().equals(topic) && e.orderId().equals(orderId))
                .toList();
    }

    private static List<JsonNode> values(List<ChangeEvent> events) throws Exception {
        List<JsonNode> values = new ArrayList<>();
        for (ChangeEvent event : events) {
            values.add(JSON.readTree(event.value()));
        }
        return values;
    }
}
