package dev.repurchase.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.repurchase.jobs.RepurchaseJob;
import dev.repurchase.jobs.config.JobConfiguration;
import dev.repurchase.jobs.config.PipelineOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.StateBackendOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifests of {@code deploy/kubernetes/}: a FlinkDeployment of the Flink Kubernetes Operator
 * that runs RepurchaseJob from the job image, reads its options from a ConfigMap and its JDBC
 * credentials from a Secret, keeps RocksDB state with incremental checkpoints and savepoints on
 * durable storage, fails over through Kubernetes HA and upgrades through a savepoint.
 */
class KubernetesManifestTest {

    private static final Path MANIFESTS = ComposeStackTest.REPOSITORY.resolve("deploy/kubernetes");

    private static final List<JsonNode> documents = new ArrayList<>();

    @BeforeAll
    static void readManifests() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(MANIFESTS)) {
            files = list.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path file : files) {
            try (MappingIterator<JsonNode> docs =
                    ComposeStackTest.YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                docs.forEachRemaining(
                        doc -> {
                            if (doc != null && doc.isObject()) {
                                documents.add(doc);
                            }
                        });
            }
        }
    }

    @Test
    void flinkDeploymentRunsTheRepurchaseJobFromTheJobImage() throws IOException {
        JsonNode spec = flinkDeployment().path("spec");
        assertThat(spec.path("flinkVersion").asText()).isEqualTo("v1_20");
        assertThat(spec.path("image").asText()).isNotBlank();
        JsonNode job = spec.path("job");
        assertThat(job.path("entryClass").asText()).isEqualTo(RepurchaseJob.class.getName());
        assertThat(job.path("jarURI").asText()).isEqualTo("local://" + ComposeStackTest.JAR_PATH);
        assertThat(job.path("state").asText()).isEqualTo("running");
        // The image is the one docker/Dockerfile builds: the jar is where jarURI points.
        assertThat(Files.readString(ComposeStackTest.DOCKER.resolve("Dockerfile")))
                .contains("COPY --from=build")
                .contains(ComposeStackTest.JAR_PATH);
    }

    @Test
    void jobReadsItsOptionsFromTheMountedConfigMap(@TempDir Path dir) throws Exception {
        JsonNode spec = flinkDeployment().path("spec");
        List<String> args = new ArrayList<>();
        spec.path("job").path("args").forEach(arg -> args.add(arg.asText()));
        assertThat(args).hasSize(2).startsWith("--config");
        Path configFile = Path.of(args.get(1));

        JsonNode mount = null;
        for (JsonNode candidate : mainContainer().path("volumeMounts")) {
            if (configFile.getParent().toString().equals(candidate.path("mountPath").asText())) {
                mount = candidate;
            }
        }
        assertThat(mount).as("a volume mounted at %s", configFile.getParent()).isNotNull();
        String configMapName = null;
        for (JsonNode volume : spec.path("podTemplate").path("spec").path("volumes")) {
            if (volume.path("name").asText().equals(mount.path("name").asText())) {
                configMapName = volume.path("configMap").path("name").asText();
            }
        }
        JsonNode configMap = document("ConfigMap", configMapName);
        String content = configMap.path("data").path(configFile.getFileName().toString()).asText();
        assertThat(content).as("%s in ConfigMap %s", configFile, configMapName).isNotBlank();

        Path copy = Files.writeString(dir.resolve("repurchase.yaml"), content);
        Configuration config = JobConfiguration.load(copy, List.of());
        assertThat(ComposeStackTest.JobOptions.unknownKeys(config)).isEmpty();
        ComposeStackTest.JobOptions.readAll(config);
        assertThat(config.get(PipelineOptions.JDBC_URL)).startsWith("jdbc:postgresql://");
        assertThat(config.keySet())
                .doesNotContain(
                        PipelineOptions.JDBC_USERNAME.key(), PipelineOptions.JDBC_PASSWORD.key());
    }

    @Test
    void jdbcCredentialsComeFromASecret() {
        Map<String, JsonNode> env = new LinkedHashMap<>();
        mainContainer().path("env").forEach(var -> env.put(var.path("name").asText(), var));
        for (String name : List.of("REPURCHASE_JDBC_USERNAME", "REPURCHASE_JDBC_PASSWORD")) {
            assertThat(env).containsKey(name);
            JsonNode secret = env.get(name).path("valueFrom").path("secretKeyRef");
            assertThat(secret.path("name").asText()).as(name).isEqualTo("repurchase-jdbc");
            assertThat(secret.path("key").asText()).as(name).isNotBlank();
            assertThat(env.get(name).has("value")).as("%s in clear", name).isFalse();
        }
    }

    @Test
    void stateIsRocksDbWithIncrementalCheckpointsOnDurableStorage() {
        Configuration flink = flinkConfiguration();
        assertThat(flink.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(flink.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(flink.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isNotNull();
        for (String directory :
                List.of(
                        flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY),
                        flink.get(CheckpointingOptions.SAVEPOINT_DIRECTORY),
                        flink.get(HighAvailabilityOptions.HA_STORAGE_PATH))) {
            assertThat(URI.create(directory).getScheme())
                    .as("%s is on storage that outlives the pods", directory)
                    .isIn("s3", "s3a", "s3p", "gs", "abfs", "abfss", "hdfs", "oss");
        }
        // The S3 file system is a plugin of the Flink image, enabled by the entrypoint.
        assertThat(mainContainer().path("env").toString())
                .contains("ENABLE_BUILT_IN_PLUGINS", "flink-s3-fs-presto-1.20.");
    }

    @Test
    void jobManagerFailsOverThroughKubernetesHa() {
        Configuration flink = flinkConfiguration();
        assertThat(flink.get(HighAvailabilityOptions.HA_MODE)).isEqualTo("kubernetes");
        assertThat(flink.get(HighAvailabilityOptions.HA_STORAGE_PATH)).isNotBlank();
        assertThat(flinkDeployment().path("spec").path("serviceAccount").asText()).isNotBlank();
    }

    @Test
    void upgradesGoThroughASavepoint() {
        assertThat(flinkDeployment().path("spec").path("job").path("upgradeMode").asText())
                .isEqualTo("savepoint");
    }

    @Test
    void podsFitNodesOfTwoCores() {
        JsonNode spec = flinkDeployment().path("spec");
        for (String process : List.of("jobManager", "taskManager")) {
            JsonNode resource = spec.path(process).path("resource");
            assertThat(resource.path("cpu").asDouble()).as(process).isPositive().isLessThan(2.0);
            // A 2-core node has 4 to 8 GiB; leave room for the node's own pods.
            assertThat(MemorySize.parse(resource.path("memory").asText()))
                    .as(process)
                    .isLessThanOrEqualTo(MemorySize.parse("4g"));
        }
    }

    // ------------------------------------------------------------------------------------------

    private static JsonNode flinkDeployment() {
        List<JsonNode> deployments =
                documents.stream()
                        .filter(doc -> "FlinkDeployment".equals(doc.path("kind").asText()))
                        .toList();
        assertThat(deployments).as("FlinkDeployments in %s", MANIFESTS).hasSize(1);
        assertThat(deployments.get(0).path("apiVersion").asText())
                .isEqualTo("flink.apache.org/v1beta1");
        return deployments.get(0);
    }

    private static JsonNode document(String kind, String name) {
        return documents.stream()
                .filter(doc -> kind.equals(doc.path("kind").asText()))
                .filter(doc -> name.equals(doc.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no " + kind + " " + name + " in " + MANIFESTS));
    }

    /** The container the operator runs Flink in (flink-main-container of the pod template). */
    private static JsonNode mainContainer() {
        for (JsonNode container :
                flinkDeployment()
                        .path("spec")
                        .path("podTemplate")
                        .path("spec")
                        .path("containers")) {
            if ("flink-main-container".equals(container.path("name").asText())) {
                return container;
            }
        }
        throw new AssertionError("no flink-main-container in the pod template");
    }

    /** flinkConfiguration of the FlinkDeployment, read through Flink's own options. */
    private static Configuration flinkConfiguration() {
        Map<String, String> values = new LinkedHashMap<>();
        flinkDeployment()
                .path("spec")
                .path("flinkConfiguration")
                .fields()
                .forEachRemaining(entry -> values.put(entry.getKey(), entry.getValue().asText()));
        return Configuration.fromMap(values);
    }
}
