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
    void malformedYamlIsNamedWithItsPlace() throws Exception {
        Path file = Files.writeString(dir.resolve("job.yaml"), "timezone: UTC\nrules: [a\n");

        assertThatThrownBy(() -> JobConfiguration.load(file, List.of()))
                .hasMessageContaining("job.yaml:2: not YAML");
    }

    @Test
    void nestedKeysAreFlattenedAndQuotesAreYamls() throws Exception {
        Path file =
                Files.writeString(
                        dir.resolve("job.yaml"),
                        """
                        kafka:
                          bootstrap-servers: "broker-1:9092,broker-2:9092"
                          topic:
                            orders: 'shop.public.orders'
                            order-items: shop.public.order_items
                        rules.max-order-amount: 20000.50
                        metrics:
                          period-types: [MONTH, YEAR]
                        timezone: "Asia/Shanghai"   # a comment, not part of the value
                        """);

        Configuration config = JobConfiguration.load(file, List.of());

        assertThat(config.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS))
                .isEqualTo("broker-1:9092,broker-2:9092");
        assertThat(config.get(PipelineOptions.ORDERS_TOPIC)).isEqualTo("shop.public.orders");
        assertThat(config.get(PipelineOptions.ORDER_ITEMS_TOPIC))
                .isEqualTo("shop.public.order_items");
        assertThat(config.get(RepurchaseOptions.MAX_ORDER_AMOUNT)).isEqualTo("20000.50");
        assertThat(config.get(RepurchaseOptions.PERIOD_TYPES)).containsExactly("MONTH", "YEAR");
        assertThat(config.get(RepurchaseOptions.TIMEZONE)).isEqualTo("Asia/Shanghai");
    }

    @Test
    void anOptionWithoutValueIsAnError() throws Exception {
        Path file = Files.writeString(dir.resolve("job.yaml"), "timezone:\n");

        assertThatThrownBy(() -> JobConfiguration.load(file, List.of()))
                .hasMessageContaining("job.yaml:1")
                .hasMessageContaining("'timezone' has no value");
    }

    @Test
    void flinkConfigurationIsReadAndTheFileAndSetGoOverIt() throws Exception {
        // What flink run -Dkey=value (or config.yaml) hands to the program.
        Configuration flink = new Configuration();
        flink.setString("kafka.topic.orders", "from-flink.orders");
        flink.setString("kafka.topic.order-items", "from-flink.order_items");
        flink.setString("timezone", "Europe/Berlin");
        flink.setString("taskmanager.numberOfTaskSlots", "4");
        Path file =
                Files.writeString(
                        dir.resolve("job.yaml"),
                        "kafka.topic.order-items: from-file.order_items\ntimezone: Asia/Tokyo\n");

        Configuration config =
                JobConfiguration.load(flink, file, List.of("timezone=Asia/Shanghai"));

        assertThat(config.get(PipelineOptions.ORDERS_TOPIC)).isEqualTo("from-flink.orders");
        assertThat(config.get(PipelineOptions.ORDER_ITEMS_TOPIC))
                .isEqualTo("from-file.order_items");
        assertThat(config.get(RepurchaseOptions.TIMEZONE)).isEqualTo("Asia/Shanghai");
        assertThat(config.toMap()).doesNotContainKey("taskmanager.numberOfTaskSlots");
    }

    @Test
    void aMistypedKeyStopsTheJobNamingTheClosestOption() throws Exception {
        Path file =
                Files.writeString(
                        dir.resolve("job.yaml"), "kafka:\n  topic:\n    order_items: items\n");

        assertThatThrownBy(() -> JobConfiguration.load(file, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'kafka.topic.order_items'")
                .hasMessageContaining("did you mean 'kafka.topic.order-items'");
    }

    @Test
    void aMistypedKeyInTheFlinkConfigurationOrSetStopsTheJobToo() {
        Configuration flink = new Configuration();
        flink.setString("rules.bulk-max-quantiy", "10");

        assertThatThrownBy(() -> JobConfiguration.load(flink, null, List.of()))
                .hasMessageContaining("'rules.bulk-max-quantiy'")
                .hasMessageContaining("the Flink configuration")
                .hasMessageContaining("did you mean 'rules.bulk-max-quantity'");
        assertThatThrownBy(() -> JobConfiguration.load(null, List.of("jdbc.urll=jdbc:h2:mem:x")))
                .hasMessageContaining("--set jdbc.urll=jdbc:h2:mem:x")
                .hasMessageContaining("did you mean 'jdbc.url'");
    }

    @Test
    void flinksKeysFamiliesAndMappingsAreKnown() throws Exception {
        Configuration flink = new Configuration();
        flink.setString("state.backend.type", "rocksdb");
        flink.setString("metrics.reporter.prom.factory.class", "x.PrometheusReporterFactory");
        flink.setString("metrics.latency.interval", "0");
        flink.setString("kubernetes.operator.job.upgrade.mode", "savepoint");

        Configuration config =
                JobConfiguration.load(
                        flink,
                        null,
                        List.of(
                                "kafka.properties.sasl.mechanism=SCRAM-SHA-512",
                                "cycles.coffee=30",
                                "trigger-rules.WIN_BACK.no-purchase-days=30",
                                "mapping.table.orders=t_order",
                                "mapping.column.orders.total_amount=amount",
                                "mapping.status.trade_success=COMPLETED"));

        assertThat(config.toMap())
                .containsEntry("mapping.table.orders", "t_order")
                .doesNotContainKeys("state.backend.type", "metrics.reporter.prom.factory.class");
    }

    @Test
    void aDeclaredPrefixFamilyIsKnownAndItsTyposAreNot() {
        OptionKeys keys = OptionKeys.ofJob();

        assertThat(keys.isKnown("kafka.properties.ssl.truststore.location")).isTrue();
        assertThat(keys.isKnown("kafka.propertis.ssl.truststore.location")).isFalse();
        assertThat(keys.closest("kafka.propertis.ssl")).isEqualTo("kafka.properties.*");
        assertThat(keys.isJobKey("pipeline.name")).isFalse();
    }

    @Test
    void kafkaClientPropertiesArePassedThrough() throws Exception {
        Configuration config =
                JobConfiguration.load(
                        null,
                        List.of(
                                "kafka.properties.security.protocol=SASL_SSL",
                                "kafka.properties.sasl.mechanism=SCRAM-SHA-512",
                                "cycles.coffee=30",
                                "trigger-rules.WIN_BACK.no-purchase-days=30",
                                "kafka.bootstrap-servers=broker:9093"));

        assertThat(KafkaProperties.passThrough(config))
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .doesNotContainKey("bootstrap-servers");
    }
}
