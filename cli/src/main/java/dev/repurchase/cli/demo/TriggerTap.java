package dev.repurchase.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the notification services see: a {@code read_committed} consumer of the trigger topics
 * (reminders, lifecycle, order alerts) counting their messages, and keeping the first few of each
 * trigger type of the reminders topic as an excerpt. Used from one thread.
 */
final class TriggerTap implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, String> consumer;
    private final String remindersTopic;
    private final int excerptPerType;
    private final Map<String, Long> messages = new LinkedHashMap<>();
    private final Map<String, Integer> excerptTypes = new HashMap<>();
    private final List<String> excerpt = new ArrayList<>();

    /**
     * @param topics the topics to count, the reminders topic first
     * @param excerptPerType how many messages of each type of the reminders topic to keep
     */
    TriggerTap(String bootstrapServers, List<String> topics, int excerptPerType) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        this.consumer = new KafkaConsumer<>(config);
        this.remindersTopic = topics.get(0);
        this.excerptPerType = excerptPerType;
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            messages.put(topic, 0L);
            consumer.partitionsFor(topic)
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Takes what has been committed since the last poll, waiting at most {@code timeout}. */
    void poll(Duration timeout) {
        for (ConsumerRecord<String, String> record : consumer.poll(timeout)) {
            messages.merge(record.topic(), 1L, Long::sum);
            if (record.topic().equals(remindersTopic)) {
                keep(record.value());
            }
        }
    }

    /** Polls until nothing new came for {@code quiet}, or {@code max} passed. */
    void drain(Duration quiet, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        long before = -1;
        while (System.nanoTime() < deadline && before != total()) {
            before = total();
            poll(quiet);
        }
    }

    /** Messages read per topic, in the order of the topics given. */
    Map<String, Long> messages() {
        return new LinkedHashMap<>(messages);
    }

    /** The first messages of each trigger type on the reminders topic, as read. */
    List<String> excerpt() {
        return List.copyOf(excerpt);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }

    private long total() {
        return messages.values().stream().mapToLong(Long::longValue).sum();
    }

    private void keep(String message) {
        String type;
        try {
            JsonNode node = JSON.readTree(message);
            type = node.path("type").asText("?");
        } catch (IOException e) {
            type = "?";
        }
        if (excerptTypes.merge(type, 1, Integer::sum) <= excerptPerType) {
            excerpt.add(message);
        }
    }
}
