package dev.repurchase.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.cdc.CdcFormat;
import dev.repurchase.common.order.OrderChangeMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.Collector;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CdcDeserializerTest {

    private static final String PAID_ORDER =
            "{\"before\":null,\"after\":{\"order_id\":\"o1\",\"customer_id\":\"c1\","
                    + "\"status\":\"PAID\",\"total_amount\":\"20.00\","
                    + "\"created_at\":\"2025-01-05T10:00:00Z\","
                    + "\"customer_phone\":\"13812345678\"},"
                    + "\"source\":{\"table\":\"orders\",\"ts_ms\":1736071200000,\"lsn\":42},"
                    + "\"op\":\"c\",\"ts_ms\":1736071200000}";

    private final CdcDeserializer deserializer =
            new CdcDeserializer(CdcFormat.DEBEZIUM, OrderChangeMapper.canonical());
    private final List<DecodedChange> out = new ArrayList<>();

    @BeforeEach
    void open() {
        deserializer.open(
                new DeserializationSchema.InitializationContext() {
                    @Override
                    public MetricGroup getMetricGroup() {
                        return new UnregisteredMetricsGroup();
                    }

                    @Override
                    public UserCodeClassLoader getUserCodeClassLoader() {
                        return null;
                    }
                });
    }

    private void receive(long offset, String json) {
        deserializer.deserialize(
                new ConsumerRecord<>(
                        "orders",
                        3,
                        offset,
                        null,
                        json == null ? null : json.getBytes(StandardCharsets.UTF_8)),
                new Collector<>() {
                    @Override
                    public void collect(DecodedChange record) {
                        out.add(record);
                    }

                    @Override
                    public void close() {}
                });
    }

    @Test
    void decodesAChangeWithItsCommitTimeAsEventTime() {
        receive(7, PAID_ORDER);

        assertThat(out).hasSize(1);
        assertThat(out.get(0).change.order.customerId).isEqualTo("c1");
        assertThat(out.get(0).change.position.logPosition).isEqualTo(42);
        assertThat(out.get(0).commitMillis()).isEqualTo(1736071200000L);
    }

    @Test
    void truncatedMessageBecomesADeadLetterWithReasonAndSourceOffset() {
        receive(8, PAID_ORDER.substring(0, 80));

        DeadLetter letter = out.get(0).deadLetter;
        assertThat(out.get(0).change).isNull();
        assertThat(letter.topic).isEqualTo("orders");
        assertThat(letter.partition).isEqualTo(3);
        assertThat(letter.offset).isEqualTo(8);
        assertThat(letter.reason).contains("JSON");
        assertThat(out.get(0).commitMillis()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void deadLetterExcerptMasksContactData() {
        receive(9, PAID_ORDER.replace("\"op\":\"c\"", "\"op\":\"x\""));

        DeadLetter letter = out.get(0).deadLetter;
        assertThat(letter.reason).contains("op");
        assertThat(letter.excerpt).doesNotContain("13812345678").contains("138****5678");
    }

    @Test
    void tombstonesCarryNothing() {
        receive(10, null);

        assertThat(out).isEmpty();
    }
}
