package dev.repurchase.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.repurchase.common.cdc.CdcFormat;
import dev.repurchase.common.order.OrderChangeMapper;
import dev.repurchase.jobs.testing.RecordingMetrics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input in the source: every kind becomes one dead letter with its reason, its source
 * coordinates and a bounded, masked excerpt, counted by reason class; the source never fails.
 */
class CdcDeserializerBadInputTest {

    private static final String ORDER =
            "{\"before\":null,\"after\":{\"order_id\":\"o1\",\"customer_id\":\"c1\","
                    + "\"status\":\"PAID\",\"total_amount\":\"20.00\","
                    + "\"created_at\":\"2025-01-05T10:00:00Z\","
                    + "\"customer_name\":\"Li Lei\",\"customer_phone\":\"13812345678\","
                    + "\"customer_email\":\"li.lei@example.com\"},"
                    + "\"source\":{\"table\":\"orders\",\"ts_ms\":1736071200000,\"lsn\":42},"
                    + "\"op\":\"c\",\"ts_ms\":1736071200000}";

    private final CdcDeserializer deserializer =
            new CdcDeserializer(CdcFormat.DEBEZIUM, OrderChangeMapper.canonical());
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final List<DecodedChange> out = new ArrayList<>();

    @BeforeEach
    void open() {
        deserializer.open(
                new DeserializationSchema.InitializationContext() {
                    @Override
                    public MetricGroup getMetricGroup() {
                        return metrics;
                    }

                    @Override
                    public UserCodeClassLoader getUserCodeClassLoader() {
                        return null;
                    }
                });
    }

    private DecodedChange receive(long offset, String json) {
        deserializer.deserialize(
                new ConsumerRecord<>(
                        "orders", 2, offset, null, json.getBytes(StandardCharsets.UTF_8)),
                new Collector<>() {
                    @Override
                    public void collect(DecodedChange record) {
                        out.add(record);
                    }

                    @Override
                    public void close() {}
                });
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    private static String withAfter(String column, String jsonValue) {
        return ORDER.replaceFirst("\"" + column + "\":(\"[^\"]*\"|[^,}]*)", jsonValue);
    }

    static Stream<Arguments> badMessages() {
        return Stream.of(
                arguments(ORDER.substring(0, 120), "truncated JSON", RejectionClass.MALFORMED_JSON),
                arguments("<html>502 Bad Gateway</html>", "invalid JSON", "malformed-json"),
                arguments(
                        ORDER.replace("\"op\":\"c\"", "\"op\":\"t\""),
                        "unknown op 't'",
                        RejectionClass.UNKNOWN_OP),
                arguments(
                        withAfter("order_id", "\"order_id\":null"),
                        "missing order_id",
                        RejectionClass.MISSING_FIELD),
                arguments(
                        withAfter("total_amount", "\"total_amount\":[1,2]"),
                        "column total_amount: not a decimal",
                        RejectionClass.WRONG_TYPE),
                arguments(
                        withAfter("status", "\"status\":\"LOST_IN_SPACE\""),
                        "column status: unknown status 'LOST_IN_SPACE'",
                        RejectionClass.UNKNOWN_STATUS),
                arguments(
                        withAfter("total_amount", "\"total_amount\":\"1e30\""),
                        "column total_amount: amount out of range",
                        RejectionClass.OUT_OF_RANGE),
                arguments(
                        withAfter("created_at", "\"created_at\":\"9999-01-01T00:00:00Z\""),
                        "column created_at: out of range",
                        RejectionClass.OUT_OF_RANGE),
                arguments(
                        ORDER.replace("\"table\":\"orders\"", "\"table\":\"payments\""),
                        "unknown table 'payments'",
                        RejectionClass.UNKNOWN_TABLE));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badMessages")
    void becomesOneDeadLetterWithReasonSourceAndClass(
            String message, String reason, Object rejectionClass) {
        String label =
                rejectionClass instanceof RejectionClass c ? c.label() : (String) rejectionClass;

        DecodedChange decoded = receive(77, message);

        assertThat(decoded.change).isNull();
        DeadLetter letter = decoded.deadLetter;
        assertThat(letter.reason).contains(reason);
        assertThat(letter.topic).isEqualTo("orders");
        assertThat(letter.partition).isEqualTo(2);
        assertThat(letter.offset).isEqualTo(77);
        assertThat(letter.excerpt)
                .hasSizeLessThanOrEqualTo(CdcDeserializer.EXCERPT_CHARS)
                .doesNotContain("Li Lei", "13812345678", "li.lei@");
        assertThat(RejectionClass.of(letter.reason).label()).isEqualTo(label);
        assertThat(metrics.count("reason." + label + ".deadLetters")).isEqualTo(1);
        assertThat(metrics.count("changesDeadLettered")).isEqualTo(1);
        assertThat(metrics.count("changesDecoded")).isZero();
    }

    @Test
    void everyReasonClassIsCountedFromZero() {
        for (RejectionClass c : RejectionClass.values()) {
            if (!c.byOrderVersions()) {
                assertThat(metrics.counts())
                        .containsEntry("reason." + c.label() + ".deadLetters", 0L);
            }
        }
    }

    @Test
    void aDecodedChangeKeepsItsSourceCoordinates() {
        DecodedChange decoded = receive(78, ORDER);

        assertThat(decoded.change.sourceTopic).isEqualTo("orders");
        assertThat(decoded.change.sourcePartition).isEqualTo(2);
        assertThat(decoded.change.sourceOffset).isEqualTo(78);
    }

    @Test
    void reasonQuotingAHugeValueIsBoundedAndMasked() {
        String status = "13812345678 " + "x".repeat(100_000);

        DeadLetter letter =
                receive(79, withAfter("status", "\"status\":\"" + status + "\"")).deadLetter;

        assertThat(letter.reason)
                .startsWith("column status: unknown status")
                .hasSizeLessThanOrEqualTo(CdcDeserializer.REASON_CHARS)
                .doesNotContain("13812345678");
    }

    @Test
    void excerptMasksNamesPhonesAndAddressesByTheirField() {
        DeadLetter letter = receive(80, ORDER.replace("\"op\":\"c\"", "\"op\":\"t\"")).deadLetter;

        assertThat(letter.excerpt)
                .contains("\"customer_name\":\"L***\"")
                .contains("\"customer_phone\":\"138****5678\"")
                .contains("\"customer_email\":\"l***@example.com\"");
    }

    @Test
    void invalidUtf8IsADeadLetterNotAFailure() {
        deserializer.deserialize(
                new ConsumerRecord<>("orders", 0, 81, null, new byte[] {(byte) 0xC3, 0x28, '{'}),
                new Collector<>() {
                    @Override
                    public void collect(DecodedChange record) {
                        out.add(record);
                    }

                    @Override
                    public void close() {}
                });

        assertThat(out).singleElement().satisfies(d -> assertThat(d.deadLetter).isNotNull());
    }
}
