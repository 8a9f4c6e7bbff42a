package dev.repurchase.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.repurchase.common.config.RepurchaseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigurationTest {

    @TempDir Path dir;

    @Test
    void commandLineOverridesTheFile() throws Exception {
        Path file =
                Files.writeString(
                        dir.resolve("job.yaml"),
                        "# shop options\ntimezone: Asia/Shanghai\n"
                                + "jdbc.url: jdbc:postgresql://db:5432/analytics\n"
                                + "rules.bulk-max-quantity: 500\n");

        Configuration config = JobConfiguration.load(file, List.of("rules.bulk-max-quantity=200"));

        assertThat(config.get(RepurchaseOptions.TIMEZONE)).isEqualTo("Asia/Shanghai");
        assertThat(config.get(PipelineOptions.JDBC_URL))
                .isEqualTo("jdbc:postgresql://db:5432/analytics");
        assertThat(config.get(RepurchaseOptions.BULK_MAX_QUANTITY)).isEqualTo(200L);
    }

    @Test
    void malformedLineIsNamedWithItsPlace() throws Exception {
        Path file = Files.writeString(dir.resolve("job.yaml"), "timezone UTC\n");

        assertThatThrownBy(() -> JobConfiguration.load(file, List.of()))
                .hasMessageContaining("job.yaml:1");
    }

    @Test
    void kafkaClientPropertiesArePassedThrough() throws Exception {
        Configuration config =
                JobConfiguration.load(
                        null,
                        List.of(
                                "kafka.properties.security.protocol=SASL_SSL",
                                "kafka.properties.sasl.mechanism=SCRAM-SHA-512",
                                "kafka.bootstrap-servers=broker:9093"));

        assertThat(KafkaProperties.passThrough(config))
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .doesNotContainKey("bootstrap-servers");
    }
}
