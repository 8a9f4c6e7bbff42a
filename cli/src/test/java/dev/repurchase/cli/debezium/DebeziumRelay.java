package dev.repurchase.cli.debezium;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repurchase.jobs.testing.TestPostgres;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The real Debezium PostgreSQL connector (embedded engine, {@code pgoutput}) capturing the {@code
 * orders} and {@code order_items} tables of one schema, and forwarding every change event to the
 * Kafka topic named after its table ({@code orders}, {@code order_items}), key and value in the
 * JSON converter's format with the schema wrapper: what a Kafka Connect deployment of Debezium with
 * a topic-routing transform writes.
 *
 * <p>The replication slot and the publication are server-wide, so each relay has its own names and
 * closing it drops both.
 */
final class DebeziumRelay implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SLOT_RELEASE_TIMEOUT = Duration.ofSeconds(15);

    private final String slotName;
    private final String publicationName;
    private final KafkaProducer<String, String> producer;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final Map<String, LongAdder> eventsByOp = new ConcurrentHashMap<>();
    private final LongAdder events = new LongAdder();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final DebeziumEngine<ChangeEvent<String, String>> engine;

    private volatile boolean stopped;

    private DebeziumRelay(String schema, String bootstrapServers, String id) {
        this.slotName = "repurchase_" + id;
        this.publicationName = "repurchase_" + id;
        this.producer = producer(bootstrapServers);
        this.engine =
                DebeziumEngine.create(Json.class)
                        .using(connectorConfig(schema, id))
                        .using(this::completed)
                        .notifying(this::forward)
                        .build();
    }

    /**
     * Starts capturing {@code schema}: first a snapshot of the rows already there ({@code op} r),
     * then the changes streamed from the replication slot.
     */
    static DebeziumRelay start(String schema, String bootstrapServers) {
        String id = schema.replaceAll("[^a-z0-9_]", "_");
        DebeziumRelay relay = new DebeziumRelay(schema, bootstrapServers, id);
        relay.executor.execute(relay.engine);
        return relay;
    }

    private Properties connectorConfig(String schema, String id) {
        Properties p = new Properties();
        p.setProperty("name", "repurchase-" + id);
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty(
                "offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
        p.setProperty("offset.flush.interval.ms", "1000");
        p.setProperty("database.hostname", "127.0.0.1");
        p.setProperty("database.port", "5432");
        p.setProperty("database.user", TestPostgres.USER);
        p.setProperty("database.password", "");
        p.setProperty("database.dbname", "test");
        p.setProperty("topic.prefix", "shop");
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", slotName);
        p.setProperty("slot.drop.on.stop", "true");
        p.setProperty("publication.name", publicationName);
        // A publication of just the captured tables, not FOR ALL TABLES of a shared server.
        p.setProperty("publication.autocreate.mode", "filtered");
        p.setProperty("schema.include.list", schema);
        p.setProperty("table.include.list", schema + "\\.orders," + schema + "\\.order_items");
        p.setProperty("snapshot.mode", "initial");
        // Debezium's default: NUMERIC as the Connect Decimal (base64 unscaled value + scale).
        p.setProperty("decimal.handling.mode", "precise");
        p.setProperty("poll.interval.ms", "50");
        // shop.<schema>.<table> -> <table>: the topics the job reads.
        p.setProperty("transforms", "route");
        p.setProperty("transforms.route.type", "org.apache.kafka.connect.transforms.RegexRouter");
        p.setProperty("transforms.route.regex", "[^.]+\\.[^.]+\\.([^.]+)");
        p.setProperty("transforms.route.replacement", "$1");
        return p;
    }

    private static KafkaProducer<String, String> producer(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return new KafkaProducer<>(p);
    }

    /**
     * Sends a batch of the engine to Kafka and marks it processed once the broker has acknowledged
     * every record (at least once, as Kafka Connect). Tombstones are forwarded too.
     */
    private void forward(
            List<ChangeEvent<String, String>> batch,
            DebeziumEngine.RecordCommitter<ChangeEvent<String, String>> committer)
            throws InterruptedException {
        try {
            List<Future<RecordMetadata>> sent = new ArrayList<>(batch.size());
            for (ChangeEvent<String, String> event : batch) {
                sent.add(
                        producer.send(
                                new ProducerRecord<>(
                                        event.destination(), event.key(), event.value())));
            }
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
            for (ChangeEvent<String, String> event : batch) {
                count(event);
                committer.markProcessed(event);
            }
            committer.markBatchFinished();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            failure.compareAndSet(null, e);
            throw new IllegalStateException("cannot forward change events to Kafka", e);
        }
    }

    private void count(ChangeEvent<String, String> event) throws Exception {
        if (event.value() == null) {
            return;
        }
        JsonNode payload = JSON.readTree(event.value()).path("payload");
        String op = payload.path("op").asText("none");
        eventsByOp
                .computeIfAbsent(event.destination() + " " + op, k -> new LongAdder())
                .increment();
        events.increment();
    }

    private void completed(boolean success, String message, Throwable error) {
        if (!success && !stopped) {
            failure.compareAndSet(
                    null,
                    error != null
                            ? error
                            : new IllegalStateException("engine stopped: " + message));
        }
    }

    /** Change events forwarded so far (tombstones not counted). */
    long events() {
        return events.sum();
    }

    /** Forwarded change events per "topic op", e.g. {@code orders u}. */
    Map<String, Long> eventsByTopicAndOp() {
        Map<String, Long> counts = new TreeMap<>();
        eventsByOp.forEach((key, n) -> counts.put(key, n.sum()));
        return counts;
    }

    /** Waits until {@code expected} change events have been forwarded; fails if the engine did. */
    void awaitEvents(long expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (events() < expected) {
            Throwable error = failure.get();
            if (error != null) {
                throw new IllegalStateException("the Debezium engine failed", error);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        String.format(
                                "%d of %d change events forwarded after %s: %s",
                                events(), expected, timeout, eventsByTopicAndOp()));
            }
            Thread.sleep(20);
        }
    }

    /** Stops the engine and the producer, then drops the replication slot and the publication. */
    @Override
    public void close() throws Exception {
        stopped = true;
        try {
            engine.close();
            executor.shutdown();
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } finally {
            producer.close(Duration.ofSeconds(5));
            dropSlotAndPublication(slotName, publicationName);
        }
    }

    /**
     * Drops what the connector created on the server, if it is still there ({@code
     * slot.drop.on.stop} usually did the slot already). A slot can only be dropped once its
     * walsender has let go of it.
     */
    static void dropSlotAndPublication(String slotName, String publicationName)
            throws SQLException, InterruptedException {
        try (Connection c = TestPostgres.connect()) {
            long deadline = System.nanoTime() + SLOT_RELEASE_TIMEOUT.toNanos();
            while (slotExists(c, slotName)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "replication slot " + slotName + " stays active");
                }
                try (PreparedStatement s =
                        c.prepareStatement(
                                "SELECT pg_drop_replication_slot(slot_name)"
                                        + " FROM pg_replication_slots"
                                        + " WHERE slot_name = ? AND NOT active")) {
                    s.setString(1, slotName);
                    s.executeQuery().close();
                }
                Thread.sleep(50);
            }
            try (Statement s = c.createStatement()) {
                s.execute("DROP PUBLICATION IF EXISTS " + publicationName);
            }
        }
    }

    private static boolean slotExists(Connection c, String slotName) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT 1 FROM pg_replication_slots WHERE slot_name = ?")) {
            s.setString(1, slotName);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }
}
