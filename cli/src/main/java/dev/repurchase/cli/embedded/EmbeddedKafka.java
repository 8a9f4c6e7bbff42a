package dev.repurchase.cli.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;

/**
 * A single-node Kafka broker in this JVM (KRaft combined mode: broker and controller in one
 * process), in a temporary directory on free localhost ports: the zero-setup Kafka of the replay,
 * the demo and the integration tests. Closing it stops the broker and deletes its data; a broker
 * started {@linkplain #startIn in a given directory} keeps its data there instead, for the next
 * start to resume.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final int NODE_ID = 1;
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

    private final Path directory;
    private final String bootstrapServers;
    private final KafkaRaftServer server;
    private final boolean deleteOnClose;

    private EmbeddedKafka(
            Path directory,
            String bootstrapServers,
            KafkaRaftServer server,
            boolean deleteOnClose) {
        this.directory = directory;
        this.bootstrapServers = bootstrapServers;
        this.server = server;
        this.deleteOnClose = deleteOnClose;
    }

    /** Formats the storage of a fresh broker and starts it; returns once it accepts clients. */
    public static EmbeddedKafka start() {
        Path directory = null;
        try {
            directory = Files.createTempDirectory("embedded-kafka-");
            return start(directory, true);
        } catch (IOException e) {
            deleteQuietly(directory);
            throw new UncheckedIOException("cannot start the embedded Kafka broker", e);
        } catch (RuntimeException e) {
            deleteQuietly(directory);
            throw e;
        }
    }

    /**
     * Starts a broker whose data lives in {@code directory} (created if missing) and stays there
     * when it stops: formatted if the directory holds no broker yet, else the broker of an earlier
     * start (even one killed) resumes with its topics, messages, consumer offsets and transactions.
     * On new free ports each time. One broker at a time per directory.
     */
    public static EmbeddedKafka startIn(Path directory) {
        try {
            Files.createDirectories(directory);
            return start(directory, false);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot start the embedded Kafka broker in " + directory, e);
        }
    }

    /** Whether {@code directory} holds the storage of a broker {@link #startIn} can resume. */
    public static boolean holdsBroker(Path directory) {
        return Files.isRegularFile(logDir(directory).resolve("meta.properties"));
    }

    private static EmbeddedKafka start(Path directory, boolean deleteOnClose) throws IOException {
        int brokerPort = freePort();
        int controllerPort = freePort();
        Properties config = brokerConfig(logDir(directory), brokerPort, controllerPort);
        if (!holdsBroker(directory)) {
            formatStorage(directory, config);
        }
        KafkaRaftServer server =
                new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
        server.startup();
        return new EmbeddedKafka(directory, "localhost:" + brokerPort, server, deleteOnClose);
    }

    private static Path logDir(Path directory) {
        return directory.resolve("logs");
    }

    /** The {@code bootstrap.servers} of this broker. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The broker's data directory (deleted on close unless started {@link #startIn} it). */
    Path directory() {
        return directory;
    }

    /**
     * Creates the topics (replication factor 1) and waits until every partition has its leader on
     * the broker, so that clients started next find them.
     */
    public void createTopics(int partitions, String... names) {
        List<NewTopic> topics =
                Arrays.stream(names)
                        .map(name -> new NewTopic(name, partitions, (short) 1))
                        .toList();
        try (Admin admin =
                Admin.create(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(topics).all().get();
            awaitLeaders(admin, List.of(names));
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot create topics " + Arrays.toString(names), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating topics", e);
        }
    }

    /**
     * The controller has created the topics; the broker's metadata follows a moment later, and its
     * replicas become leaders a moment after that. A producer that writes before then gets
     * NOT_LEADER_OR_FOLLOWER for its first batch while later ones get through, and an idempotent
     * producer then retries that batch forever (out of order sequence): so this waits until every
     * partition answers a request only its leader serves.
     */
    private static void awaitLeaders(Admin admin, List<String> names)
            throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + TOPIC_TIMEOUT.toNanos();
        while (!haveLeaders(admin, names) || !leadersServe(admin, names)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no partition leaders for " + names);
            }
            Thread.sleep(20);
        }
    }

    private static boolean leadersServe(Admin admin, List<String> names)
            throws InterruptedException {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(names)
                    .allTopicNames()
                    .get()
                    .forEach(
                            (name, topic) ->
                                    topic.partitions()
                                            .forEach(
                                                    p ->
                                                            latest.put(
                                                                    new TopicPartition(
                                                                            name, p.partition()),
                                                                    OffsetSpec.latest())));
            admin.listOffsets(latest).all().get();
            return true;
        } catch (ExecutionException e) {
            return false;
        }
    }

    private static boolean haveLeaders(Admin admin, List<String> names)
            throws ExecutionException, InterruptedException {
        try {
            return admin.describeTopics(names).allTopicNames().get().values().stream()
                    .flatMap(topic -> topic.partitions().stream())
                    .allMatch(partition -> partition.leader() != null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }

    /** Stops the broker and deletes its directory, unless it was started {@link #startIn} it. */
    @Override
    public void close() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            if (deleteOnClose) {
                deleteQuietly(directory);
            }
        }
    }

    private static Properties brokerConfig(Path logDir, int brokerPort, int controllerPort) {
        Properties config = new Properties();
        config.put("process.roles", "broker,controller");
        config.put("node.id", String.valueOf(NODE_ID));
        config.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        config.put(
                "listeners",
                "PLAINTEXT://localhost:"
                        + brokerPort
                        + ",CONTROLLER://localhost:"
                        + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("log.dirs", logDir.toString());
        // One node: every internal topic has a single replica.
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        // Above the transaction timeout of Flink's exactly-once Kafka sink.
        config.put("transaction.max.timeout.ms", String.valueOf(15 * 60 * 1000));
        // Topics are created explicitly, so a typo in a topic name fails instead of waiting.
        config.put("auto.create.topics.enable", "false");
        config.put("group.initial.rebalance.delay.ms", "0");
        return config;
    }

    /** What {@code kafka-storage.sh format} does; {@code StorageTool.main} would exit the JVM. */
    private static void formatStorage(Path directory, Properties config) throws IOException {
        Path configFile = directory.resolve("server.properties");
        try (Writer writer = Files.newBufferedWriter(configFile)) {
            config.store(writer, "embedded Kafka");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String[] args = {
            "format",
            "--config",
            configFile.toString(),
            "--cluster-id",
            Uuid.randomUuid().toString()
        };
        int exitCode =
                StorageTool.execute(args, new PrintStream(output, true, StandardCharsets.UTF_8));
        if (exitCode != 0) {
            throw new IllegalStateException(
                    "cannot format the Kafka storage: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try {
            Utils.delete(directory.toFile());
        } catch (IOException e) {
            // A leftover temp directory is harmless; the broker's own state is already gone.
        }
    }
}
