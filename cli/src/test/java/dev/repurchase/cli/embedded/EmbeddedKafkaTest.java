package dev.repurchase.cli.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void createsTopicsWithTheirPartitions() throws Exception {
        kafka.createTopics(3, "orders-a", "order-items-a");

        try (Admin admin = admin()) {
            var topics =
                    admin.describeTopics(List.of("orders-a", "order-items-a"))
                            .allTopicNames()
                            .get();
            assertThat(topics.get("orders-a").partitions()).hasSize(3);
            assertThat(topics.get("order-items-a").partitions()).hasSize(3);
        }
    }

    @Test
    void consumesBackWhatWasProduced() throws Exception {
        kafka.createTopics(1, "round-trip");

        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>("round-trip", "order-1", "{\"op\":\"c\"}")).get();
        }

        assertThat(TopicReader.read(kafka.bootstrapServers(), "round-trip", 1))
                .singleElement()
                .satisfies(
                        record -> {
                            assertThat(record.key()).isEqualTo("order-1");
                            assertThat(record.value()).isEqualTo("{\"op\":\"c\"}");
                        });
    }

    @Test
    void refusesToProduceToATopicThatWasNotCreated() {
        Properties config = producerConfig();
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            assertThatThrownBy(
                            () -> producer.send(new ProducerRecord<>("no-such-topic", "v")).get())
                    .isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    void deletesItsDirectoryOnClose() throws Exception {
        Path directory;
        try (EmbeddedKafka other = EmbeddedKafka.start()) {
            directory = other.directory();
            assertThat(directory).isDirectory();
        }
        assertThat(Files.exists(directory)).isFalse();
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(producerConfig());
    }

    private static Properties producerConfig() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return config;
    }

    private static Admin admin() {
        return Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }
}
