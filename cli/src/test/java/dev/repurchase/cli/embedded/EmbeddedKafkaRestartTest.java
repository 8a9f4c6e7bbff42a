package dev.repurchase.cli.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.jobs.testing.CommittedMessages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broker started in a directory of its own keeps its data there for the next start. */
class EmbeddedKafkaRestartTest {

    @TempDir Path dir;

    @Test
    void aBrokerStartedAgainInItsDirectoryHasItsTopicsAndMessages() throws Exception {
        Path storage = dir.resolve("kafka");
        assertThat(EmbeddedKafka.holdsBroker(storage)).isFalse();

        try (EmbeddedKafka kafka = EmbeddedKafka.startIn(storage)) {
            kafka.createTopics(2, "orders");
            try (KafkaProducer<String, String> producer = producer(kafka)) {
                producer.send(new ProducerRecord<>("orders", 0, "o-1", "first")).get();
                producer.send(new ProducerRecord<>("orders", 1, "o-2", "second")).get();
            }
        }
        assertThat(EmbeddedKafka.holdsBroker(storage)).isTrue();

        try (EmbeddedKafka kafka = EmbeddedKafka.startIn(storage)) {
            assertThat(CommittedMessages.readAll(kafka.bootstrapServers(), "orders"))
                    .extracting(ConsumerRecord::value)
                    .containsExactlyInAnyOrder("first", "second");
        }
        assertThat(Files.isDirectory(storage)).as("kept on close").isTrue();
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafka kafka) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                        StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                        StringSerializer.class));
    }
}
