package dev.repurchase.common.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.order.Order;
import dev.repurchase.common.order.OrderChangeMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One order in every time and decimal encoding the input contract names (SPEC section 1: ISO-8601
 * strings, Debezium epoch millis/micros/nanos, decimals as strings, numbers or Debezium's base64
 * {@code Decimal}), with and without the schema wrapper: each decodes to the same order.
 */
class DebeziumEncodingsTest {

    private static final Instant CREATED_AT = Instant.parse("2024-03-01T02:15:30.123Z");
    private static final long TOTAL_CENTS = 25_990;

    /** A value as JSON, and the Connect schema name Debezium would send with it (or none). */
    private record Encoded(String json, String schemaName) {}

    private static final List<Encoded> TIMES =
            List.of(
                    new Encoded("\"2024-03-01T02:15:30.123Z\"", null),
                    new Encoded("\"2024-03-01 02:15:30.123\"", null),
                    new Encoded("\"2024-03-01T10:15:30.123+08:00\"", null),
                    new Encoded("\"2024-02-29T21:15:30.123456-05:00\"", null),
                    new Encoded("\"2024-03-01T02:15:30.123999999Z\"", null),
                    new Encoded("\" 2024-03-01T03:15:30.123+01:00[Europe/Paris] \"", null),
                    new Encoded("1709259330123", null),
                    new Encoded("\"1709259330123\"", null),
                    new Encoded("1709259330123456", null),
                    new Encoded("\"1709259330123456789\"", null),
                    new Encoded("1709259330123", "io.debezium.time.Timestamp"),
                    new Encoded("1709259330123", "org.apache.kafka.connect.data.Timestamp"),
                    new Encoded("1709259330123456", "io.debezium.time.MicroTimestamp"),
                    new Encoded("1709259330123456789", "io.debezium.time.NanoTimestamp"),
                    new Encoded(
                            "\"2024-03-01T10:15:30.123456+08:00\"",
                            "io.debezium.time.ZonedTimestamp"),
                    new Encoded("\"2024-03-01T02:15:30.123Z\"", "io.debezium.time.ZonedTimestamp"));

    private static final List<Encoded> AMOUNTS =
            List.of(
                    new Encoded("\"259.90\"", null),
                    new Encoded("259.90", null),
                    new Encoded("259.9", null),
                    // 25990 unscaled, two's complement big-endian 0x6586, at scale 2.
                    new Encoded("\"ZYY=\"", "org.apache.kafka.connect.data.Decimal"),
                    new Encoded("259.90", "org.apache.kafka.connect.data.Decimal"),
                    new Encoded(
                            "{\"scale\":2,\"value\":\"ZYY=\"}",
                            "io.debezium.data.VariableScaleDecimal"));

    private static byte[] message(Encoded time, Encoded amount) {
        String payload =
                "{\"before\":null,\"after\":{\"order_id\":\"1001\",\"customer_id\":\"C-42\","
                        + "\"status\":\"PAID\",\"total_amount\":"
                        + amount.json
                        + ",\"created_at\":"
                        + time.json
                        + "},\"source\":{\"table\":\"orders\",\"ts_ms\":1709259365456,"
                        + "\"lsn\":7},\"op\":\"c\",\"ts_ms\":1709259365500}";
        if (time.schemaName == null && amount.schemaName == null) {
            return payload.getBytes(StandardCharsets.UTF_8);
        }
        String schema =
                "{\"type\":\"struct\",\"fields\":[{\"field\":\"after\",\"type\":\"struct\","
                        + "\"fields\":["
                        + field("total_amount", amount.schemaName)
                        + ","
                        + field("created_at", time.schemaName)
                        + "]}]}";
        return ("{\"schema\":" + schema + ",\"payload\":" + payload + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String field(String name, String schemaName) {
        return schemaName == null
                ? "{\"field\":\"" + name + "\",\"type\":\"string\"}"
                : "{\"field\":\""
                        + name
                        + "\",\"type\":\"bytes\",\"name\":\""
                        + schemaName
                        + "\",\"parameters\":{\"scale\":\"2\"}}";
    }

    @Test
    void everyEncodingDecodesToTheSameOrder() throws Exception {
        DebeziumDecoder decoder = new DebeziumDecoder();
        OrderChangeMapper mapper = OrderChangeMapper.canonical();
        for (Encoded time : TIMES) {
            for (Encoded amount : AMOUNTS) {
                String encoding = time + " " + amount;
                List<RowChange> rows = decoder.decode(message(time, amount));
                assertThat(rows).as(encoding).hasSize(1);

                Order order = mapper.map(rows.get(0)).order;

                assertThat(order.createdAt).as(encoding).isEqualTo(CREATED_AT.toEpochMilli());
                assertThat(order.totalCents).as(encoding).isEqualTo(TOTAL_CENTS);
            }
        }
    }
}
