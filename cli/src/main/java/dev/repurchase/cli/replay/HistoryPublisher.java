package dev.repurchase.cli.replay;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Publishes change events to Kafka, as the CDC connector would: in order, durably (all replicas,
 * idempotent, so a retry neither loses nor duplicates nor reorders a message), batched for
 * throughput. All changes of one order, its lines included, go to the same partition number of
 * their topics, chosen from the order id, so per-order order holds in each topic.
 *
 * <p>The Kafka timestamp of a message is its publication time, as with a real connector; the commit
 * time is in the message ({@code source.ts_ms}).
 */
public final class HistoryPublisher {

    /** How far publishing has come: messages sent so far, commit time of the last one. */
    public record Progress(long events, Instant eventTime) {}

    /**
     * What was published.
     *
     * @param eventsPerTopic messages per topic, in order of the first message of each
     * @param latestEventTime the latest commit time published: the replay's "as of"; null if none
     */
    public record Summary(Map<String, Long> eventsPerTopic, Instant latestEventTime) {
        public long events() {
            return eventsPerTopic.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Map<String, Object> producerConfig;

    /** A publisher to the given brokers with the default producer settings. */
    public HistoryPublisher(String bootstrapServers) {
        this(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** A publisher with producer settings (at least the bootstrap servers) over the defaults. */
    public HistoryPublisher(Map<String, Object> producerSettings) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.putAll(producerSettings);
        this.producerConfig = config;
    }

    /**
     * Sends every event, in order, and waits until all are acknowledged.
     *
     * @param progressEvery report progress after every this many events
     * @param progress receives the reports
     * @throws KafkaException if a message could not be published
     */
    public Summary publish(
            Iterable<ChangeEvent> events, long progressEvery, Consumer<Progress> progress) {
        if (progressEvery < 1) {
            throw new IllegalArgumentException("progressEvery must be positive: " + progressEvery);
        }
        Map<String, Long> eventsPerTopic = new LinkedHashMap<>();
        Map<String, Integer> partitionsPerTopic = new HashMap<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Instant latest = null;
        long sent = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            for (ChangeEvent event : events) {
                throwIfFailed(failure);
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
                eventsPerTopic.merge(event.topic(), 1L, Long::sum);
                if (latest == null || event.eventTime().isAfter(latest)) {
                    latest = event.eventTime();
                }
                if (++sent % progressEvery == 0) {
                    progress.accept(new Progress(sent, event.eventTime()));
                }
            }
            producer.flush();
        }
        throwIfFailed(failure);
        return new Summary(eventsPerTopic, latest);
    }

    /** Kafka's own partitioner hash, applied to the order id rather than the message key. */
    private static int partition(String orderId, int partitions) {
        return Utils.toPositive(Utils.murmur2(orderId.getBytes(StandardCharsets.UTF_8)))
                % partitions;
    }

    private static void throwIfFailed(AtomicReference<Exception> failure) {
        Exception exception = failure.get();
        if (exception != null) {
            throw new KafkaException(
                    "cannot publish the history: " + exception.getMessage(), exception);
        }
    }
}
