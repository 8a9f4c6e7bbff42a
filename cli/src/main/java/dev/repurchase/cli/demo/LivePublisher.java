package dev.repurchase.cli.demo;

import dev.repurchase.cli.replay.ChangeEvent;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Publishes the change events of the live demo as they come due, with one producer for the whole
 * run, as the CDC connector of a live order system would: in order, idempotent, every change of an
 * order (its lines included) on the same partition number, chosen from the order id like {@code
 * HistoryPublisher} does.
 */
final class LivePublisher implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final Map<String, Integer> partitionsPerTopic = new HashMap<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long sent;

    LivePublisher(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        this.producer = new KafkaProducer<>(config);
    }

    /**
     * Sends the events, in order, without waiting for their acknowledgement.
     *
     * @throws KafkaException if an earlier message could not be published
     */
    void send(Iterable<ChangeEvent> events) {
        for (ChangeEvent event : events) {
            throwIfFailed();
            int partitions =
                    partitionsPerTopic.computeIfAbsent(
                            event.topic(), topic -> producer.partitionsFor(topic).size());
            producer.send(
                    new ProducerRecord<>(
                            event.topic(),
                            partition(event.orderId(), partitions),
                            event.key(),
                            event.value()),
                    (metadata, exception) -> {
                        if (exception != null) {
                            failure.compareAndSet(null, exception);
                        }
                    });
            sent++;
        }
    }

    /** The change events sent so far. */
    long sent() {
        return sent;
    }

    @Override
    public void close() {
        producer.close();
        throwIfFailed();
    }

    /** Kafka's own partitioner hash, applied to the order id rather than the message key. */
    private static int partition(String orderId, int partitions) {
        return Utils.toPositive(Utils.murmur2(orderId.getBytes(StandardCharsets.UTF_8)))
                % partitions;
    }

    private void throwIfFailed() {
        Exception exception = failure.get();
        if (exception != null) {
            throw new KafkaException(
                    "cannot publish the live traffic: " + exception.getMessage(), exception);
        }
    }
}
