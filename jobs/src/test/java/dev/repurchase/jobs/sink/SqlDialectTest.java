package dev.repurchase.jobs.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlDialectTest {

    private static final List<String> KEY = List.of("segment");
    private static final List<String> VALUES = List.of("customers", "net_amount");

    @Test
    void postgresUpdatesTheValuesOnConflict() {
        assertThat(SqlDialect.POSTGRES.upsert("segment_stat", KEY, VALUES))
                .isEqualTo(
                        "INSERT INTO segment_stat (segment, customers, net_amount) VALUES (?, ?, ?)"
                                + " ON CONFLICT (segment) DO UPDATE SET customers = EXCLUDED.customers,"
                                + " net_amount = EXCLUDED.net_amount");
    }

    @Test
    void h2MergesOnTheKey() {
        assertThat(SqlDialect.H2.upsert("segment_stat", KEY, VALUES))
                .isEqualTo(
                        "MERGE INTO segment_stat (segment, customers, net_amount) KEY (segment)"
                                + " VALUES (?, ?, ?)");
    }

    @Test
    void mysqlUpdatesOnDuplicateKey() {
        assertThat(SqlDialect.MYSQL.upsert("segment_stat", KEY, VALUES))
                .endsWith(
                        "ON DUPLICATE KEY UPDATE customers = VALUES(customers),"
                                + " net_amount = VALUES(net_amount)");
    }

    @Test
    void dialectFollowsTheUrl() {
        assertThat(SqlDialect.of("jdbc:postgresql://db:5432/a")).isEqualTo(SqlDialect.POSTGRES);
        assertThat(SqlDialect.of("jdbc:h2:mem:x")).isEqualTo(SqlDialect.H2);
        assertThat(SqlDialect.of("jdbc:mariadb://db/a")).isEqualTo(SqlDialect.MYSQL);
        assertThatThrownBy(() -> SqlDialect.of("jdbc:oracle:thin:@db?password=secret"))
                .hasMessageContaining("jdbc:oracle")
                .hasMessageNotContaining("secret");
    }
}
