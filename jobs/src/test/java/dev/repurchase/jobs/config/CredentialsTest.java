package dev.repurchase.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.cdc.ChangeOp;
import dev.repurchase.common.cdc.RowChange;
import dev.repurchase.common.cdc.SourcePosition;
import dev.repurchase.common.privacy.ContactHasher;
import dev.repurchase.jobs.sink.JdbcConnection;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Credentials come from the configuration or the environment and never show: Flink hides the values
 * of sensitive keys wherever it logs a configuration ({@link GlobalConfiguration#isSensitive}), and
 * the job's own log lines show JDBC URLs redacted.
 */
class CredentialsTest {

    @Test
    void theSecretOptionsAreKeysFlinkTreatsAsSensitive() {
        assertThat(GlobalConfiguration.isSensitive(PipelineOptions.JDBC_PASSWORD.key())).isTrue();
        assertThat(GlobalConfiguration.isSensitive(PrivacyOptions.HASH_SECRET.key())).isTrue();
        assertThat(GlobalConfiguration.isSensitive("kafka.properties.sasl.jaas.config")).isTrue();
        assertThat(GlobalConfiguration.isSensitive("kafka.properties.ssl.keystore.password"))
                .isTrue();
        assertThat(GlobalConfiguration.isSensitive("kafka.properties.ssl.key.password")).isTrue();
        assertThat(GlobalConfiguration.isSensitive("kafka.properties.ssl.truststore.password"))
                .isTrue();
    }

    @Test
    void aConfigurationPrintedAsFlinkDoesHidesThem() {
        Configuration config = new Configuration();
        config.set(PipelineOptions.JDBC_USERNAME, "repurchase");
        config.set(PipelineOptions.JDBC_PASSWORD, "jdbc-pa55word");
        config.set(PrivacyOptions.HASH_SECRET, "hash-secret-of-the-shop");
        config.setString("kafka.properties.sasl.jaas.config", "... password=\"kafka-pa55\";");

        assertThat(config.toString())
                .contains("jdbc.password")
                .doesNotContain("jdbc-pa55word", "hash-secret-of-the-shop", "kafka-pa55");
    }

    @Test
    void jdbcUrlsAreLoggedWithoutCredentials() {
        assertThat(
                        new JdbcConnection(
                                        "jdbc:postgresql://db:5432/analytics?user=u&password=pw1",
                                        "u",
                                        "pw2")
                                .toString())
                .isEqualTo("jdbc:postgresql://db:5432/analytics");
        assertThat(JdbcConnection.redact("jdbc:mysql://u:pw1@db:3306/analytics"))
                .isEqualTo("jdbc:mysql://db:3306/analytics");
        assertThat(JdbcConnection.redact("jdbc:h2:file:./db;USER=sa;PASSWORD=pw1"))
                .isEqualTo("jdbc:h2:file:./db");
        assertThat(JdbcConnection.redact("jdbc:oracle:thin:scott/tiger@db:1521/x"))
                .isEqualTo("jdbc:oracle:thin:@db:1521/x");
    }

    @Test
    void hashSecretComesFromTheOptionElseTheEnvironment() {
        Configuration config = new Configuration();
        assertThat(PrivacyOptions.contactHasher(config, null)).isEmpty();
        assertThat(PrivacyOptions.contactHasher(config, "")).isEmpty();

        String fromEnvironment =
                PrivacyOptions.contactHasher(config, "secret-from-the-environment")
                        .orElseThrow()
                        .hash("13812345678", null);
        config.set(PrivacyOptions.HASH_SECRET, "secret-from-the-configuration");
        String fromOption =
                PrivacyOptions.contactHasher(config, "secret-from-the-environment")
                        .orElseThrow()
                        .hash("13812345678", null);

        assertThat(fromOption).isNotEqualTo(fromEnvironment);
    }

    @Test
    void theMapperOfAJobWithASecretHashesContacts() throws Exception {
        Map<String, Object> row = new HashMap<>();
        row.put("order_id", "o1");
        row.put("status", "PAID");
        row.put("created_at", "2025-01-05T10:00:00Z");
        row.put("customer_phone", "13812345678");
        RowChange insert =
                new RowChange("orders", ChangeOp.CREATE, null, row, new SourcePosition(1, 1, 0));
        Configuration config = new Configuration();

        assertThat(SourceMapping.mapper(config).map(insert).order.contactHash).isNull();

        config.set(PrivacyOptions.HASH_SECRET, "secret-from-the-configuration");
        assertThat(SourceMapping.mapper(config).map(insert).order.contactHash)
                .hasSize(64)
                .isEqualTo(
                        ContactHasher.withSecret("secret-from-the-configuration")
                                .hash("13812345678", null));
    }
}
