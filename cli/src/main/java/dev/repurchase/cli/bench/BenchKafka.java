package dev.repurchase.cli.bench;

import dev.repurchase.cli.embedded.EmbeddedKafka;
import dev.repurchase.cli.replay.DebeziumChangeFeed;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The in-process Kafka broker of the benchmark ({@link EmbeddedKafka}): fresh topics per input and
 * per run, deleted when done, so runs never read each other's messages.
 */
final class BenchKafka implements AutoCloseable {

    private final EmbeddedKafka broker;
    private int runs;

    private BenchKafka(EmbeddedKafka broker) {
        this.broker = broker;
    }

    static BenchKafka start() throws Exception {
        BenchKafka kafka = new BenchKafka(EmbeddedKafka.start());
        kafka.loadGroupCoordinator();
        return kafka;
    }

    /**
     * Creates and loads the broker's group offsets topic before the first run: until it is loaded,
     * offset commits fail, and the first checkpoint of the first run would cover unknown offsets.
     * The admin client retries a coordinator that is still loading until it answers.
     */
    private void loadGroupCoordinator() throws Exception {
        try (Admin admin = admin()) {
            admin.listConsumerGroupOffsets("bench-coordinator")
                    .partitionsToOffsetAndMetadata()
                    .get(60, TimeUnit.SECONDS);
        }
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    Admin admin() {
        return Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    /** A name for the next run: its consumer group, transactional ids and output topics. */
    String newRunName() {
        return "bench-run" + (++runs) + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
    }

    DebeziumChangeFeed.Topics createInputTopics(String name, int partitions) {
        DebeziumChangeFeed.Topics topics =
                new DebeziumChangeFeed.Topics(name + "-orders", name + "-order_items");
        broker.createTopics(partitions, topics.orders(), topics.orderItems());
        return topics;
    }

    void createOutputTopics(String run, int partitions) {
        broker.createTopics(partitions, outputTopics(run).toArray(String[]::new));
    }

    void deleteOutputTopics(String run) {
        delete(outputTopics(run));
    }

    void deleteInputTopics(DebeziumChangeFeed.Topics topics) {
        delete(List.of(topics.orders(), topics.orderItems()));
    }

    private void delete(List<String> topics) {
        try (Admin admin = admin()) {
            admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // a leftover topic of a finished run only takes disk until the broker stops
        }
    }

    private static List<String> outputTopics(String run) {
        return List.of(
                run + "-dead-letters",
                run + "-reminders",
                run + "-lifecycle",
                run + "-order-alerts");
    }

    @Override
    public void close() {
        broker.close();
    }
}
