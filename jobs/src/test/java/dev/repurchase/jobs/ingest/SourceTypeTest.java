package dev.repurchase.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.repurchase.jobs.config.CdcSourceOptions;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class SourceTypeTest {

    @Test
    void kafkaUnlessTheConfigurationSaysOtherwise() {
        assertThat(SourceType.of(new Configuration())).isEqualTo(SourceType.KAFKA);
    }

    @Test
    void readsTheLabelOfTheOptionsTable() {
        Configuration config = new Configuration();
        config.set(CdcSourceOptions.SOURCE_TYPE, "mysql-cdc");
        assertThat(SourceType.of(config)).isEqualTo(SourceType.MYSQL_CDC);

        config.set(CdcSourceOptions.SOURCE_TYPE, "postgres-cdc");
        assertThat(SourceType.of(config)).isEqualTo(SourceType.POSTGRES_CDC);
    }

    @Test
    void anUnknownTypeNamesTheKnownOnes() {
        Configuration config = new Configuration();
        config.set(CdcSourceOptions.SOURCE_TYPE, "oracle-cdc");

        assertThatThrownBy(() -> SourceType.of(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("source.type 'oracle-cdc'")
                .hasMessageContaining("kafka, mysql-cdc, postgres-cdc");
    }
}
