package dev.repurchase.cli.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.repurchase.cli.embedded.EmbeddedKafka;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.ingest.CdcKafkaSource;
import dev.repurchase.jobs.ingest.DecodedChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kafka.start-from} on a real broker: where a job without restored offsets starts reading
 * the CDC topics. Three orders are on the orders topic, written at Kafka timestamps 1000, 2000 and
 * 3000 ms.
 */
class KafkaStartPositionITCase {

    private static final String TOPIC = "start-position.orders";

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void publishThreeOrders() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(1, TOPIC);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrapServers(),
                                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                                StringSerializer.class,
                                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                                StringSerializer.class))) {
            for (int i = 1; i <= 3; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 0, i * 1000L, "o" + i, order("o" + i)))
                        .get();
            }
        }
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void earliestReadsAllTheTopicHolds() throws Exception {
        assertThat(read("earliest", group())).containsExactly("o1", "o2", "o3");
    }

    @Test
    void timestampStartsAtTheFirstMessageAtOrAfterIt() throws Exception {
        assertThat(read("timestamp:2000", group())).containsExactly("o2", "o3");
        assertThat(read("timestamp:2001", group())).containsExactly("o3");
    }

    @Test
    void committedStartsAtTheGroupsOffset() throws Exception {
        String group = group();
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrapServers()))) {
            admin.alterConsumerGroupOffsets(
                            group, Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(1)))
                    .all()
                    .get();
        }

        assertThat(read("committed", group)).containsExactly("o2", "o3");
    }

    @Test
    void committedStartsAtTheEarliestOffsetWithoutOne() throws Exception {
        assertThat(read("committed", group())).containsExactly("o1", "o2", "o3");
    }

    @Test
    void anotherValueIsNamedWithTheForms() {
        assertThatThrownBy(() -> read("latest", group()))
                .hasMessageContaining(
                        "kafka.start-from: expected earliest, committed or timestamp:<epoch"
                                + " milliseconds>, got 'latest'");
    }

    /** The order ids the CDC source reads, to the end of the topic, starting from {@code from}. */
    private static List<String> read(String from, String group) throws Exception {
        Configuration config = new Configuration();
        config.set(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        config.set(PipelineOptions.KAFKA_GROUP_ID, group);
        config.set(PipelineOptions.ORDERS_TOPIC, TOPIC);
        config.set(PipelineOptions.KAFKA_START_FROM, from);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        List<String> orders = new ArrayList<>();
        try (CloseableIterator<DecodedChange> changes =
                env.fromSource(
                                CdcKafkaSource.create(config, true),
                                WatermarkStrategy.noWatermarks(),
                                "CDC topics")
                        .executeAndCollect()) {
            changes.forEachRemaining(change -> orders.add(change.change.order.orderId));
        }
        return orders;
    }

    private static String group() {
        return "start-position-" + UUID.randomUUID();
    }

    private static String order(String orderId) {
        return "{\"before\":null,\"after\":{\"order_id\":\""
                + orderId
                + "\",\"customer_id\":\"c1\",\"status\":\"PAID\",\"total_amount\":\"20.00\","
                + "\"created_at\":\"2025-01-05T10:00:00Z\"},"
                + "\"source\":{\"table\":\"orders\",\"ts_ms\":1736071200000,\"lsn\":42},"
                + "\"op\":\"c\",\"ts_ms\":1736071200000}";
    }
}
