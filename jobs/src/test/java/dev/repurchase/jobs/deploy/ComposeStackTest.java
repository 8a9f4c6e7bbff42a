package dev.repurchase.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.repurchase.common.config.RepurchaseOptions;
import dev.repurchase.jobs.RepurchaseJob;
import dev.repurchase.jobs.config.JobConfiguration;
import dev.repurchase.jobs.config.KafkaProperties;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.config.SourceMapping;
import io.debezium.connector.postgresql.Module;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compose stack of {@code docker/} as a user starts it ({@code docker compose -f
 * docker/docker-compose.yml up -d --build}), checked without a Docker engine: every service is
 * there, everything it mounts from the repository exists, Debezium writes the topics the job reads,
 * the client submits the real job class with a configuration made of real options, and Flink
 * checkpoints incrementally with RocksDB to a volume its processes share. A compose validator that
 * is installed on the machine must accept the file as well.
 */
class ComposeStackTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    static final Path REPOSITORY = repositoryRoot();
    static final Path DOCKER = REPOSITORY.resolve("docker");
    static final Path COMPOSE_FILE = DOCKER.resolve("docker-compose.yml");

    /** Where the client finds the job's configuration, and the jar in the job image. */
    static final String CONFIG_PATH = "/opt/repurchase/conf/repurchase.yaml";

    static final String JAR_PATH = "/opt/repurchase/repurchase-flink-job.jar";

    private static final List<String> SERVICES =
            List.of(
                    "kafka",
                    "kafka-init",
                    "orders-db",
                    "traffic",
                    "connect",
                    "connect-init",
                    "jobmanager",
                    "taskmanager",
                    "client",
                    "analytics-db",
                    "prometheus",
                    "grafana");

    private static final List<String> CDC_TABLES = List.of("orders", "order_items", "coupons");

    private static JsonNode compose;

    @BeforeAll
    static void readComposeFile() throws IOException {
        compose = YAML.readTree(COMPOSE_FILE.toFile());
    }

    @Test
    void everyServiceRunsAnImageOrABuild() {
        for (String name : SERVICES) {
            JsonNode service = service(name);
            assertThat(service.isObject()).as("service %s", name).isTrue();
            assertThat(service.hasNonNull("image") || service.hasNonNull("build"))
                    .as("service %s has an image or a build", name)
                    .isTrue();
        }
    }

    @Test
    void everyMountedHostPathIsInTheRepository() {
        Set<String> namedVolumes = new LinkedHashSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(namedVolumes::add);
        compose.path("services")
                .fields()
                .forEachRemaining(
                        entry -> {
                            for (Mount mount : mounts(entry.getValue())) {
                                if (mount.isBind()) {
                                    assertThat(DOCKER.resolve(mount.source()).normalize())
                                            .as("%s mounts %s", entry.getKey(), mount.source())
                                            .exists();
                                } else {
                                    assertThat(namedVolumes)
                                            .as("volumes declared for %s", entry.getKey())
                                            .contains(mount.source());
                                }
                            }
                        });
        JsonNode build = service("client").path("build");
        Path context = DOCKER.resolve(build.path("context").asText()).normalize();
        assertThat(context).isEqualTo(REPOSITORY);
        assertThat(context.resolve(build.path("dockerfile").asText())).isRegularFile();
    }

    @Test
    void debeziumWritesTheTopicsTheJobReads() throws IOException {
        JsonNode connector = connectorConfig();
        assertThat(connector.path("connector.class").asText())
                .isEqualTo("io.debezium.connector.postgresql.PostgresConnector");
        assertThat(connector.path("plugin.name").asText()).isEqualTo("pgoutput");
        assertThat(connector.path("decimal.handling.mode").asText()).isEqualTo("string");
        assertThat(connector.path("database.hostname").asText()).isEqualTo("orders-db");
        assertThat(List.of(connector.path("table.include.list").asText().split(",")))
                .containsExactlyInAnyOrder("public.orders", "public.order_items", "public.coupons");

        // Debezium names a topic <topic.prefix>.<schema>.<table>; the RegexRouter renames it with
        // java.util.regex, as here (it must match the whole name).
        String regex = connector.path("transforms.route.regex").asText();
        String replacement = connector.path("transforms.route.replacement").asText();
        assertThat(connector.path("transforms.route.type").asText())
                .isEqualTo("org.apache.kafka.connect.transforms.RegexRouter");
        for (String table : CDC_TABLES) {
            String debeziumTopic = connector.path("topic.prefix").asText() + ".public." + table;
            assertThat(debeziumTopic).matches(regex);
            assertThat(debeziumTopic.replaceFirst(regex, replacement)).isEqualTo(table);
        }

        Configuration job = jobConfiguration();
        assertThat(CDC_TABLES)
                .contains(
                        job.get(PipelineOptions.ORDERS_TOPIC),
                        job.get(PipelineOptions.ORDER_ITEMS_TOPIC));
        String createTopics = Files.readString(DOCKER.resolve("kafka/create-topics.sh"));
        for (String topic :
                List.of(
                        "orders",
                        "order_items",
                        "coupons",
                        job.get(PipelineOptions.DEAD_LETTER_TOPIC),
                        job.get(PipelineOptions.REMINDERS_TOPIC),
                        job.get(PipelineOptions.LIFECYCLE_TOPIC),
                        job.get(PipelineOptions.ORDER_ALERTS_TOPIC))) {
            assertThat(createTopics).as("topics created up front").contains(" " + topic);
        }
        assertThat(command(service("connect-init"))).contains("/connect/register.sh");
        assertThat(Files.readString(DOCKER.resolve("connect/register.sh")))
                .contains("/connect/orders-cdc.json");
    }

    @Test
    void orderSystemIsReadyForLogicalReplication() throws IOException {
        assertThat(command(service("orders-db"))).contains("wal_level=logical");
        JsonNode connector = connectorConfig();
        String schema = Files.readString(DOCKER.resolve("orders-db/001_order_system.sql"));
        for (String table : CDC_TABLES) {
            assertThat(schema).contains("CREATE TABLE " + table + " (");
            assertThat(schema).contains("ALTER TABLE " + table + " REPLICA IDENTITY FULL;");
        }
        assertThat(schema)
                .contains(
                        "CREATE PUBLICATION "
                                + connector.path("publication.name").asText()
                                + " FOR TABLE orders, order_items, coupons;");
        JsonNode environment = service("orders-db").path("environment");
        assertThat(connector.path("database.dbname").asText())
                .isEqualTo(environment.path("POSTGRES_DB").asText());
        assertThat(connector.path("database.user").asText())
                .isEqualTo(environment.path("POSTGRES_USER").asText());
    }

    @Test
    void clientSubmitsTheRepurchaseJobWithTheMountedConfiguration() throws Exception {
        JsonNode client = service("client");
        String command = command(client);
        assertThat(command)
                .contains("flink run -d -m jobmanager:8081")
                .contains("-c " + RepurchaseJob.class.getName())
                .contains(JAR_PATH + " --config " + CONFIG_PATH);
        assertThat(RepurchaseJob.class.getMethod("main", String[].class)).isNotNull();
        assertThat(Files.readString(DOCKER.resolve("Dockerfile"))).contains(JAR_PATH);
        assertThat(hostPathOf(client, CONFIG_PATH))
                .isEqualTo(DOCKER.resolve("conf/repurchase.yaml"))
                .isRegularFile();

        // The "already running" check looks for the name the job runs under.
        String jobSource =
                Files.readString(
                        REPOSITORY.resolve(
                                "jobs/src/main/java/dev/repurchase/jobs/RepurchaseJob.java"));
        assertThat(command).contains("grep -q 'Repurchase analytics'");
        assertThat(jobSource).contains("\"Repurchase analytics\"");

        // Credentials from the environment, never in the configuration file.
        assertThat(client.path("environment").has("REPURCHASE_JDBC_USERNAME")).isTrue();
        assertThat(client.path("environment").has("REPURCHASE_JDBC_PASSWORD")).isTrue();
        assertThat(jobConfiguration().keySet())
                .doesNotContain(
                        PipelineOptions.JDBC_USERNAME.key(), PipelineOptions.JDBC_PASSWORD.key());
    }

    @Test
    void jobConfigurationUsesOnlyRealOptions() throws Exception {
        Configuration config = jobConfiguration();
        assertThat(JobOptions.unknownKeys(config)).isEmpty();
        JobOptions.readAll(config);
        assertThat(config.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS)).isEqualTo("kafka:9092");
        assertThat(config.get(RepurchaseOptions.TIMEZONE)).isNotBlank();

        JsonNode analyticsDb = service("analytics-db").path("environment");
        assertThat(config.get(PipelineOptions.JDBC_URL))
                .isEqualTo(
                        "jdbc:postgresql://analytics-db:5432/"
                                + analyticsDb.path("POSTGRES_DB").asText());
        JsonNode client = service("client").path("environment");
        assertThat(client.path("REPURCHASE_JDBC_USERNAME").asText())
                .isEqualTo(analyticsDb.path("POSTGRES_USER").asText());
        assertThat(client.path("REPURCHASE_JDBC_PASSWORD").asText())
                .isEqualTo(analyticsDb.path("POSTGRES_PASSWORD").asText());
    }

    @Test
    void analyticsDatabaseStartsWithTheSinkSchema() {
        List<String> initScripts = new ArrayList<>();
        for (Mount mount : mounts(service("analytics-db"))) {
            if (mount.target().startsWith("/docker-entrypoint-initdb.d/")) {
                assertThat(DOCKER.resolve(mount.source()).normalize()).isRegularFile();
                initScripts.add(mount.target());
            }
        }
        // The postgres image runs them in name order: tables, then the views over them.
        assertThat(initScripts)
                .startsWith(
                        "/docker-entrypoint-initdb.d/001_tables.sql",
                        "/docker-entrypoint-initdb.d/002_views.sql")
                .isSorted();
        assertThat(
                        hostPathOf(
                                service("analytics-db"),
                                "/docker-entrypoint-initdb.d/001_tables.sql"))
                .isEqualTo(REPOSITORY.resolve("sql/001_tables.sql"));
        assertThat(hostPathOf(service("analytics-db"), "/docker-entrypoint-initdb.d/002_views.sql"))
                .isEqualTo(REPOSITORY.resolve("sql/002_views.sql"));
    }

    @Test
    void flinkCheckpointsIncrementallyWithRocksDbToASharedVolume() {
        for (String name : List.of("jobmanager", "taskmanager", "client")) {
            Configuration flink = flinkProperties(service(name));
            assertThat(flink.get(StateBackendOptions.STATE_BACKEND)).as(name).isEqualTo("rocksdb");
            assertThat(flink.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).as(name).isTrue();
            assertThat(flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                    .as(name)
                    .isEqualTo("file:///flink-data/checkpoints");
            assertThat(flink.get(CheckpointingOptions.SAVEPOINT_DIRECTORY))
                    .as(name)
                    .isEqualTo("file:///flink-data/savepoints");
        }
        // The job graph is built by the client: its configuration turns checkpointing on.
        Configuration client = flinkProperties(service("client"));
        assertThat(client.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isNotNull();

        for (String name : List.of("jobmanager", "taskmanager")) {
            assertThat(mounts(service(name)))
                    .as(name)
                    .contains(new Mount("flink-data", "/flink-data"));
            Configuration flink = flinkProperties(service(name));
            assertThat(flink.getString("metrics.reporter.prom.factory.class", null))
                    .as(name)
                    .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
            assertThat(flink.getString("metrics.reporter.prom.port", null))
                    .as(name)
                    .isEqualTo("9249");
        }
    }

    @Test
    void downAndUpKeepTopicsTablesAndState() {
        Map<String, String> dataDirectories =
                Map.of(
                        "kafka", "/var/lib/kafka/data",
                        "orders-db", "/var/lib/postgresql/data",
                        "analytics-db", "/var/lib/postgresql/data",
                        "jobmanager", "/flink-data",
                        "taskmanager", "/flink-data");
        Set<String> namedVolumes = new LinkedHashSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(namedVolumes::add);
        dataDirectories.forEach(
                (name, directory) -> {
                    Mount mount =
                            mounts(service(name)).stream()
                                    .filter(m -> m.target().equals(directory))
                                    .findFirst()
                                    .orElseThrow(() -> new AssertionError(name + " " + directory));
                    assertThat(mount.isBind())
                            .as("%s keeps %s on a volume", name, directory)
                            .isFalse();
                    assertThat(namedVolumes).contains(mount.source());
                });
    }

    @Test
    void clientResumesFromTheNewestRetainedCheckpointOrSavepoint(@TempDir Path flinkData)
            throws Exception {
        assertThat(mounts(service("client"))).contains(new Mount("flink-data", "/flink-data"));
        Path older = Files.createDirectories(flinkData.resolve("savepoints/savepoint-0a1b2c-1"));
        Path newest = Files.createDirectories(flinkData.resolve("checkpoints/4f3e/chk-12"));
        Path oldCheckpoint = Files.createDirectories(flinkData.resolve("checkpoints/4f3e/chk-11"));
        Files.writeString(older.resolve("_metadata"), "");
        Files.writeString(oldCheckpoint.resolve("_metadata"), "");
        Files.writeString(newest.resolve("_metadata"), "");
        Files.setLastModifiedTime(
                older.resolve("_metadata"), FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        Files.setLastModifiedTime(
                oldCheckpoint.resolve("_metadata"),
                FileTime.from(Instant.parse("2026-01-02T00:00:00Z")));
        Files.setLastModifiedTime(
                newest.resolve("_metadata"), FileTime.from(Instant.parse("2026-01-03T00:00:00Z")));

        assertThat(runClient(flinkData)).contains("-s file://" + newest + " -c ");

        Files.walk(flinkData.resolve("checkpoints"))
                .sorted(Comparator.reverseOrder())
                .forEach(path -> path.toFile().delete());
        assertThat(runClient(flinkData)).contains("-s file://" + older + " -c ");
        Files.walk(flinkData.resolve("savepoints"))
                .sorted(Comparator.reverseOrder())
                .forEach(path -> path.toFile().delete());
        assertThat(runClient(flinkData))
                .startsWith("run -d -m jobmanager:8081 -c ")
                .doesNotContain(" -s ");
    }

    /**
     * Runs the client's script (its {@code $$} unescaped as compose does) with {@code flink} a
     * function that finds no running job and prints what it is asked to run.
     */
    private static String runClient(Path flinkData) throws Exception {
        JsonNode command = service("client").path("command");
        String script =
                command.get(command.size() - 1)
                        .asText()
                        .replace("$$", "$")
                        .replace("/flink-data", flinkData.toString())
                        .replace("exec flink run", "flink run");
        String stub = "flink() { if [ \"$1\" = list ]; then return 0; fi; echo \"$*\"; }\n";
        Process bash =
                new ProcessBuilder("bash", "-c", stub + script).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes()).strip();
        assertThat(bash.waitFor()).as(output).isZero();
        return output.lines().reduce((first, last) -> last).orElse("");
    }

    @Test
    void jobImageBuildsTheClusterJarOfTheJobModuleOnly() throws IOException {
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
        // Maven reads every module of the reactor, so the build stage needs each module's pom.
        String parentPom = Files.readString(REPOSITORY.resolve("pom.xml"));
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(parentPom);
        List<String> modules = new ArrayList<>();
        while (module.find()) {
            modules.add(module.group(1));
        }
        assertThat(modules).contains("common", "jobs", "cli");
        for (String name : modules) {
            assertThat(dockerfile)
                    .as("the build stage copies module " + name)
                    .containsAnyOf(
                            "COPY " + name + " " + name + "\n",
                            "COPY " + name + "/pom.xml " + name + "/pom.xml\n");
        }
        assertThat(dockerfile)
                .contains("-pl jobs -am package")
                .contains(
                        "COPY --from=build --chown=flink:flink /src/jobs/target/repurchase-flink-job.jar "
                                + JAR_PATH);
    }

    @Test
    void imagesAreTheVersionsTheProjectBuildsAndTestsWith() throws IOException {
        // The newest patch release of the Flink minor version of the job's build, with the Java
        // release its classes are compiled for: the image repository may lag the Maven release
        // (1.20.5 on Maven while the images end at 1.20.4), a minor version tag always exists.
        String minor =
                EnvironmentInformation.getVersion().replaceFirst("^(\\d+\\.\\d+)\\..*", "$1");
        String flink = "flink:" + minor + "-java" + javaRelease();
        for (String name : List.of("jobmanager", "taskmanager")) {
            assertThat(service(name).path("image").asText()).as(name).isEqualTo(flink);
        }
        assertThat(Files.readString(DOCKER.resolve("Dockerfile")))
                .as("the job image's base")
                .contains("ARG FLINK_IMAGE=" + flink + "\n");
        // The Kafka of the in-process broker the tests run against.
        for (String name : List.of("kafka", "kafka-init")) {
            assertThat(service(name).path("image").asText())
                    .as(name)
                    .isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
        }
        // The Debezium of the end-to-end test (DebeziumEngineITCase).
        assertThat(service("connect").path("image").asText())
                .isEqualTo("quay.io/debezium/connect:" + Module.version());
    }

    @Test
    void kafkaRunsInKraftModeOnTheListenersItsClientsUse() throws IOException {
        JsonNode kafka = service("kafka").path("environment");
        assertThat(kafka.path("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        // kafka-storage format takes a base64 UUID (22 characters).
        assertThat(kafka.path("CLUSTER_ID").asText()).matches("[A-Za-z0-9_-]{22}");

        Map<String, String> listeners = listeners(kafka.path("KAFKA_LISTENERS").asText());
        Map<String, String> advertised =
                listeners(kafka.path("KAFKA_ADVERTISED_LISTENERS").asText());
        Set<String> protocols =
                listeners(kafka.path("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").asText()).keySet();
        String controller = kafka.path("KAFKA_CONTROLLER_LISTENER_NAMES").asText();
        String interBroker = kafka.path("KAFKA_INTER_BROKER_LISTENER_NAME").asText();
        assertThat(protocols).containsAll(listeners.keySet());
        assertThat(listeners)
                .containsKey(controller)
                .containsKeys(advertised.keySet().toArray(String[]::new));
        assertThat(advertised).doesNotContainKey(controller).containsKey(interBroker);
        assertThat(kafka.path("KAFKA_CONTROLLER_QUORUM_VOTERS").asText())
                .isEqualTo(
                        kafka.path("KAFKA_NODE_ID").asText()
                                + "@kafka"
                                + listeners.get(controller));

        // Every container reaches the broker on its inter-broker listener, the host on the
        // published one.
        String inside = "kafka" + listeners.get(interBroker);
        assertThat(advertised.get(interBroker)).isEqualTo(inside);
        assertThat(service("connect").path("environment").path("BOOTSTRAP_SERVERS").asText())
                .isEqualTo(inside);
        assertThat(jobConfiguration().get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS))
                .isEqualTo(inside);
        assertThat(Files.readString(DOCKER.resolve("kafka/create-topics.sh")))
                .contains("BOOTSTRAP_SERVERS:-" + inside);
        String host = advertised.get("HOST");
        assertThat(host).startsWith("localhost:");
        String hostPort = host.substring("localhost:".length());
        assertThat(listeners.get("HOST")).isEqualTo(":" + hostPort);
        assertThat(service("kafka").path("ports").toString())
                .contains("\"127.0.0.1:" + hostPort + ":" + hostPort + "\"");
    }

    @Test
    void debeziumConnectHasTheSettingsItsImageNeedsAndWritesJson() throws IOException {
        JsonNode connect = service("connect").path("environment");
        // The image's entrypoint refuses to start without these.
        for (String required :
                List.of(
                        "BOOTSTRAP_SERVERS",
                        "GROUP_ID",
                        "CONFIG_STORAGE_TOPIC",
                        "OFFSET_STORAGE_TOPIC",
                        "STATUS_STORAGE_TOPIC")) {
            assertThat(connect.path(required).asText()).as(required).isNotBlank();
        }
        // CONNECT_* become worker properties; with one broker every internal topic has one
        // replica.
        for (String topic : List.of("CONFIG", "OFFSET", "STATUS")) {
            assertThat(connect.path("CONNECT_" + topic + "_STORAGE_REPLICATION_FACTOR").asInt())
                    .as(topic)
                    .isEqualTo(1);
        }

        JsonNode connector = connectorConfig();
        for (String side : List.of("key", "value")) {
            assertThat(connector.path(side + ".converter").asText())
                    .as(side)
                    .isEqualTo("org.apache.kafka.connect.json.JsonConverter");
        }
        assertThat(jobConfiguration().get(PipelineOptions.CDC_FORMAT)).isEqualTo("debezium");
        // Each table's changes in its own topic, with the row's key as message key.
        assertThat(connector.path("slot.name").asText()).isNotBlank();
        assertThat(connector.path("topic.prefix").asText()).isNotBlank();
    }

    @Test
    void everyScriptAServiceRunsIsMountedFromTheRepository() {
        Map<String, String> scripts = new LinkedHashMap<>();
        compose.path("services")
                .fields()
                .forEachRemaining(
                        entry -> {
                            JsonNode entrypoint = entry.getValue().path("entrypoint");
                            if (entrypoint.path(0).asText().equals("/bin/sh")
                                    && entrypoint.path(1).asText().endsWith(".sh")) {
                                scripts.put(entry.getKey(), entrypoint.path(1).asText());
                            }
                        });
        assertThat(scripts).containsOnlyKeys("kafka-init", "traffic", "connect-init");
        scripts.forEach(
                (name, script) ->
                        assertThat(hostPathOf(service(name), script)).as(name).isRegularFile());
    }

    @Test
    void prometheusScrapesTheFlinkReporter() throws IOException {
        assertThat(hostPathOf(service("prometheus"), "/etc/prometheus/prometheus.yml"))
                .isRegularFile();
        JsonNode prometheus = YAML.readTree(DOCKER.resolve("prometheus/prometheus.yml").toFile());
        JsonNode discovery =
                prometheus.path("scrape_configs").path(0).path("dns_sd_configs").path(0);
        assertThat(discovery.path("port").asInt()).isEqualTo(9249);
        assertThat(discovery.path("names").toString())
                .contains("\"jobmanager\"", "\"taskmanager\"");
    }

    @Test
    void grafanaReadsTheAnalyticsDatabase() throws IOException {
        JsonNode datasources =
                YAML.readTree(
                                DOCKER.resolve("grafana/provisioning/datasources/datasources.yml")
                                        .toFile())
                        .path("datasources");
        Map<String, JsonNode> byUid = new LinkedHashMap<>();
        datasources.forEach(datasource -> byUid.put(datasource.path("uid").asText(), datasource));
        JsonNode analytics = byUid.get("analytics");
        assertThat(analytics).isNotNull();
        assertThat(analytics.path("url").asText()).isEqualTo("analytics-db:5432");
        assertThat(analytics.path("jsonData").path("database").asText())
                .isEqualTo(
                        service("analytics-db").path("environment").path("POSTGRES_DB").asText());

        // The image reads its provisioning from /etc/grafana/provisioning (GF_PATHS_PROVISIONING).
        assertThat(
                        hostPathOf(
                                service("grafana"),
                                "/etc/grafana/provisioning/datasources/datasources.yml"))
                .isRegularFile();
        assertThat(
                        hostPathOf(
                                service("grafana"),
                                service("grafana")
                                        .path("environment")
                                        .path("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")
                                        .asText()))
                .isRegularFile();

        JsonNode provider =
                YAML.readTree(
                                DOCKER.resolve("grafana/provisioning/dashboards/dashboards.yml")
                                        .toFile())
                        .path("providers")
                        .path(0);
        Path dashboards =
                hostPathOf(service("grafana"), provider.path("options").path("path").asText());
        assertThat(dashboards).isEqualTo(DOCKER.resolve("grafana/dashboards"));
        try (Stream<Path> files = Files.list(dashboards)) {
            List<Path> json = files.filter(f -> f.toString().endsWith(".json")).toList();
            assertThat(json).isNotEmpty();
            for (Path file : json) {
                JsonNode dashboard = JSON.readTree(file.toFile());
                assertThat(dashboard.path("uid").asText()).as("uid of %s", file).isNotBlank();
                dashboard
                        .findValues("datasource")
                        .forEach(
                                ref ->
                                        assertThat(byUid)
                                                .as("data source of a panel in %s", file)
                                                .containsKey(ref.path("uid").asText()));
            }
        }
    }

    /**
     * Grafana keys a panel by its id (two panels of one id show as one) and pushes overlapping
     * panels down, out of their rows: ids are unique and no two panels share a grid cell.
     */
    @Test
    void dashboardPanelsHaveUniqueIdsAndDoNotOverlap() throws IOException {
        try (Stream<Path> files = Files.list(DOCKER.resolve("grafana/dashboards"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                Set<Integer> ids = new LinkedHashSet<>();
                Map<List<Integer>, String> cells = new LinkedHashMap<>();
                for (JsonNode panel : JSON.readTree(file.toFile()).path("panels")) {
                    String title = panel.path("title").asText();
                    assertThat(ids.add(panel.path("id").asInt()))
                            .as("id of %s in %s is unique", title, file.getFileName())
                            .isTrue();
                    JsonNode grid = panel.path("gridPos");
                    for (int x = grid.path("x").asInt();
                            x < grid.path("x").asInt() + grid.path("w").asInt();
                            x++) {
                        for (int y = grid.path("y").asInt();
                                y < grid.path("y").asInt() + grid.path("h").asInt();
                                y++) {
                            String other = cells.put(List.of(x, y), title);
                            assertThat(other)
                                    .as("%s overlaps %s in %s", title, other, file.getFileName())
                                    .isNull();
                        }
                    }
                }
                assertThat(ids).as("panels of %s", file.getFileName()).isNotEmpty();
            }
        }
    }

    /**
     * Each compose validator installed here must accept the file: Docker's {@code docker compose}
     * plugin or the standalone {@code docker-compose}, and {@code dclint} (compose-spec schema and
     * errors only). A validator that is not installed is not run.
     */
    @Test
    void installedComposeValidatorsAcceptTheFile() throws Exception {
        String file = COMPOSE_FILE.toString();
        List<List<String>> validators =
                List.of(
                        List.of("docker", "compose", "-f", file, "config", "-q"),
                        List.of("docker-compose", "-f", file, "config", "-q"),
                        List.of("dclint", "-q", file));
        List<List<String>> probes =
                List.of(
                        List.of("docker", "compose", "version"),
                        List.of("docker-compose", "version"),
                        List.of("dclint", "--version"));
        for (int i = 0; i < validators.size(); i++) {
            if (run(probes.get(i)).exitCode() == 0) {
                Result result = run(validators.get(i));
                assertThat(result.exitCode())
                        .as("%s says:%n%s", validators.get(i), result.output())
                        .isZero();
            }
        }
    }

    // ------------------------------------------------------------------------------------------

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root (with mvnw) above the work dir");
        }
        return dir;
    }

    private static JsonNode service(String name) {
        return compose.path("services").path(name);
    }

    private static JsonNode connectorConfig() throws IOException {
        return JSON.readTree(DOCKER.resolve("connect/orders-cdc.json").toFile());
    }

    /** The job's configuration file as RepurchaseJob reads it. */
    private static Configuration jobConfiguration() throws IOException {
        return JobConfiguration.load(DOCKER.resolve("conf/repurchase.yaml"), List.of());
    }

    /** The command (or entrypoint) of a service as one string. */
    private static String command(JsonNode service) {
        StringBuilder text = new StringBuilder();
        for (String key : List.of("entrypoint", "command")) {
            JsonNode part = service.path(key);
            if (part.isArray()) {
                part.forEach(word -> text.append(word.asText()).append(' '));
            } else if (part.isTextual()) {
                text.append(part.asText()).append(' ');
            }
        }
        return text.toString();
    }

    /**
     * Kafka's {@code NAME://host:port} lists by name ({@code host:port}), or its {@code
     * NAME:PROTOCOL} maps.
     */
    private static Map<String, String> listeners(String list) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (String listener : list.split(",")) {
            int colon = listener.indexOf(':');
            byName.put(
                    listener.substring(0, colon),
                    listener.substring(colon + 1).replaceFirst("^//", ""));
        }
        return byName;
    }

    /** The Java release the job's classes are compiled for (class file major version - 44). */
    private static int javaRelease() throws IOException {
        try (var in =
                RepurchaseJob.class.getResourceAsStream(
                        RepurchaseJob.class.getSimpleName() + ".class")) {
            byte[] header = in.readNBytes(8);
            return ((header[6] & 0xff) << 8 | (header[7] & 0xff)) - 44;
        }
    }

    /** FLINK_PROPERTIES of a Flink service, as the image's entrypoint reads it. */
    private static Configuration flinkProperties(JsonNode service) {
        Map<String, String> values = new LinkedHashMap<>();
        service.path("environment")
                .path("FLINK_PROPERTIES")
                .asText()
                .lines()
                .filter(line -> !line.isBlank())
                .forEach(
                        line -> {
                            int colon = line.indexOf(':');
                            values.put(
                                    line.substring(0, colon).strip(),
                                    line.substring(colon + 1).strip());
                        });
        return Configuration.fromMap(values);
    }

    /** A volume of a service: a host path (bind, relative to docker/) or a named volume. */
    record Mount(String source, String target) {
        boolean isBind() {
            return source.startsWith(".") || source.startsWith("/");
        }
    }

    private static List<Mount> mounts(JsonNode service) {
        List<Mount> mounts = new ArrayList<>();
        service.path("volumes")
                .forEach(
                        volume -> {
                            if (volume.isTextual()) {
                                String[] parts = volume.asText().split(":");
                                mounts.add(new Mount(parts[0], parts[1]));
                            } else {
                                mounts.add(
                                        new Mount(
                                                volume.path("source").asText(),
                                                volume.path("target").asText()));
                            }
                        });
        return mounts;
    }

    /** The host file or directory behind a path inside a service's container. */
    private static Path hostPathOf(JsonNode service, String containerPath) {
        for (Mount mount : mounts(service)) {
            if (mount.isBind()
                    && (containerPath.equals(mount.target())
                            || containerPath.startsWith(mount.target() + "/"))) {
                return DOCKER.resolve(mount.source())
                        .resolve(
                                containerPath
                                        .substring(mount.target().length())
                                        .replaceFirst("^/", ""))
                        .normalize();
            }
        }
        throw new AssertionError("nothing of the host is mounted at " + containerPath);
    }

    record Result(int exitCode, String output) {}

    private static Result run(List<String> command) throws InterruptedException {
        try {
            Process process =
                    new ProcessBuilder(command)
                            .directory(REPOSITORY.toFile())
                            .redirectErrorStream(true)
                            .start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Result(-1, "timed out");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException notInstalled) {
            return new Result(-1, notInstalled.getMessage());
        }
    }

    /**
     * The options a job configuration may use: the public static {@link ConfigOption}s of the
     * {@code *Options} classes in the config packages of common and jobs, the pass-through prefixes
     * ({@code kafka.properties.}, {@code mapping.}) and a few of Flink's own options. Shared with
     * {@link KubernetesManifestTest}.
     */
    static final class JobOptions {

        private static final List<String> PREFIXES =
                List.of(
                        KafkaProperties.PREFIX,
                        SourceMapping.TABLE_ORDERS,
                        SourceMapping.TABLE_ORDER_ITEMS,
                        SourceMapping.COLUMN_PREFIX,
                        SourceMapping.STATUS_PREFIX);

        private static final List<Class<?>> FLINK_OPTIONS =
                List.of(
                        CheckpointingOptions.class,
                        StateBackendOptions.class,
                        org.apache.flink.configuration.PipelineOptions.class,
                        ExecutionOptions.class,
                        RestartStrategyOptions.class,
                        CoreOptions.class);

        private JobOptions() {}

        /** Keys of {@code config} that are no option of the job or of Flink. */
        static List<String> unknownKeys(Configuration config) throws Exception {
            Set<String> known = new LinkedHashSet<>();
            for (ConfigOption<?> option : options()) {
                known.add(option.key());
                for (FallbackKey fallback : option.fallbackKeys()) {
                    known.add(fallback.getKey());
                }
            }
            return config.keySet().stream()
                    .filter(key -> !known.contains(key))
                    .filter(key -> PREFIXES.stream().noneMatch(key::startsWith))
                    .toList();
        }

        /** Reads every option that {@code config} sets, so a malformed value fails here. */
        static void readAll(Configuration config) throws Exception {
            for (ConfigOption<?> option : options()) {
                config.getOptional(option);
            }
        }

        static List<ConfigOption<?>> options() throws Exception {
            List<Class<?>> classes = new ArrayList<>(FLINK_OPTIONS);
            classes.addAll(optionClassesBeside(PipelineOptions.class));
            classes.addAll(optionClassesBeside(RepurchaseOptions.class));
            List<ConfigOption<?>> options = new ArrayList<>();
            for (Class<?> type : classes) {
                for (Field field : type.getFields()) {
                    if (Modifier.isStatic(field.getModifiers())
                            && ConfigOption.class.isAssignableFrom(field.getType())) {
                        options.add((ConfigOption<?>) field.get(null));
                    }
                }
            }
            return options;
        }

        /** The {@code *Options} classes of the package of {@code anchor} (a directory or a jar). */
        private static List<Class<?>> optionClassesBeside(Class<?> anchor) throws Exception {
            String packagePath = anchor.getPackageName().replace('.', '/') + "/";
            Path location =
                    Path.of(
                            URI.create(
                                    anchor.getProtectionDomain()
                                            .getCodeSource()
                                            .getLocation()
                                            .toString()));
            List<String> names = new ArrayList<>();
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.list(location.resolve(packagePath))) {
                    files.forEach(file -> names.add(file.getFileName().toString()));
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    jar.stream()
                            .map(JarEntry::getName)
                            .filter(name -> name.startsWith(packagePath))
                            .map(name -> name.substring(packagePath.length()))
                            .filter(name -> !name.contains("/"))
                            .forEach(names::add);
                }
            }
            List<Class<?>> classes = new ArrayList<>();
            for (String name : names) {
                if (name.endsWith("Options.class")) {
                    classes.add(
                            Class.forName(
                                    anchor.getPackageName()
                                            + "."
                                            + name.substring(
                                                    0, name.length() - ".class".length())));
                }
            }
            assertThat(classes).as("option classes beside %s", anchor).contains(anchor);
            return classes;
        }
    }
}
