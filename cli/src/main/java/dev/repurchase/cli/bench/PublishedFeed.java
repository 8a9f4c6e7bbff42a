package dev.repurchase.cli.bench;

import dev.repurchase.cli.replay.ChangeEvent;
import dev.repurchase.cli.replay.DebeziumChangeFeed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * A shop's change feed published to fresh topics, as {@code HistoryPublisher} does (in commit
 * order, idempotent, all changes of an order on the same partition number), remembering which
 * customer each message of the orders topic belongs to: the customers a checkpoint covers follow
 * from its Kafka offsets.
 */
final class PublishedFeed {

    final DebeziumChangeFeed.Topics topics;
    final int partitions;
    final long events;
    final long bytes;
    final Instant latestEventTime;
    final Duration took;
    final Map<String, Long> eventsPerTopic;

    /** Per partition of the orders topic: the customer number of the message at each offset. */
    private final int[][] customerAtOffset;

    private final int customers;

    private PublishedFeed(
            DebeziumChangeFeed.Topics topics,
            int partitions,
            long events,
            long bytes,
            Instant latestEventTime,
            Duration took,
            Map<String, Long> eventsPerTopic,
            int[][] customerAtOffset,
            int customers) {
        this.topics = topics;
        this.partitions = partitions;
        this.events = events;
        this.bytes = bytes;
        this.latestEventTime = latestEventTime;
        this.took = took;
        this.eventsPerTopic = eventsPerTopic;
        this.customerAtOffset = customerAtOffset;
        this.customers = customers;
    }

    static PublishedFeed publish(
            BenchShop shop,
            String bootstrapServers,
            DebeziumChangeFeed.Topics topics,
            int partitions) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);

        long start = System.nanoTime();
        IntList[] customers = new IntList[partitions];
        for (int p = 0; p < partitions; p++) {
            customers[p] = new IntList();
        }
        Map<String, Long> perTopic = new HashMap<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long events = 0;
        long bytes = 0;
        Instant latest = null;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            for (ChangeEvent event : shop.feed(topics)) {
                if (failure.get() != null) {
                    break;
                }
                int partition = partition(event.orderId(), partitions);
                byte[] value = event.value().getBytes(StandardCharsets.UTF_8);
                producer.send(
                        new ProducerRecord<>(
                                event.topic(),
                                partition,
                                event.key().getBytes(StandardCharsets.UTF_8),
                                value),
                        (metadata, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
                if (event.topic().equals(topics.orders())) {
                    customers[partition].add(shop.customerOf(event.orderId()));
                }
                perTopic.merge(event.topic(), 1L, Long::sum);
                events++;
                bytes += value.length;
                latest = event.eventTime();
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new KafkaException("cannot publish the benchmark feed", failure.get());
        }
        int[][] atOffset = new int[partitions][];
        for (int p = 0; p < partitions; p++) {
            atOffset[p] = customers[p].toArray();
        }
        return new PublishedFeed(
                topics,
                partitions,
                events,
                bytes,
                latest,
                Duration.ofNanos(System.nanoTime() - start),
                perTopic,
                atOffset,
                shop.customers());
    }

    /** Kafka's partitioner hash on the order id, as {@code HistoryPublisher} partitions. */
    static int partition(String orderId, int partitions) {
        return Utils.toPositive(Utils.murmur2(orderId.getBytes(StandardCharsets.UTF_8)))
                % partitions;
    }

    /** Customers with at least one order in the feed. */
    int customers() {
        return customers;
    }

    /**
     * The distinct customers of the orders-topic messages before the given offsets (Kafka committed
     * offsets: the next message to read), i.e. the customers a checkpoint has seen.
     */
    int customersBefore(Map<TopicPartition, Long> committed) {
        BitSet seen = new BitSet(customers);
        for (int p = 0; p < partitions; p++) {
            Long offset = committed.get(new TopicPartition(topics.orders(), p));
            int until = offset == null ? 0 : (int) Math.min(offset, customerAtOffset[p].length);
            for (int i = 0; i < until; i++) {
                if (customerAtOffset[p][i] >= 0) {
                    seen.set(customerAtOffset[p][i]);
                }
            }
        }
        return seen.cardinality();
    }

    /** A growable int array. */
    private static final class IntList {
        private int[] values = new int[1024];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
