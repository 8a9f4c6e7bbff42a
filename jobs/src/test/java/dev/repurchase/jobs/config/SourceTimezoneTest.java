package dev.repurchase.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.repurchase.common.cdc.CdcFormat;
import dev.repurchase.common.cdc.RowChange;
import dev.repurchase.common.order.OrderChange;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/**
 * A MySQL DATETIME in Asia/Shanghai ends 8 h off when read as UTC: {@code source.timezone} says in
 * which zone the source's zone-less date-times are.
 */
class SourceTimezoneTest {

    /** Debezium (MySQL): created_at a DATETIME (wall clock as epoch ms), paid_at a TIMESTAMP. */
    private static final String DEBEZIUM_MYSQL =
            """
            {"schema": {"type": "struct", "fields": [
               {"type": "struct", "field": "after", "fields": [
                 {"type": "string", "field": "order_id"},
                 {"type": "string", "field": "customer_id"},
                 {"type": "string", "field": "status"},
                 {"type": "string", "field": "total_amount"},
                 {"type": "int64", "name": "io.debezium.time.Timestamp", "field": "created_at"},
                 {"type": "string", "name": "io.debezium.time.ZonedTimestamp", "field": "paid_at"}
               ]}]},
             "payload": {"before": null,
               "after": {"order_id": "o1", "customer_id": "c1", "status": "PAID",
                 "total_amount": "20.00", "created_at": 1709287200000,
                 "paid_at": "2024-03-01T02:00:30Z"},
               "source": {"table": "orders", "ts_ms": 1709258430000, "file": "binlog.000003",
                 "pos": 4711, "row": 0},
               "op": "c", "ts_ms": 1709258430000}}
            """;

    /** Canal sends every value as a string: created_at 2024-03-01 10:00:00 of the shop's clock. */
    private static final String CANAL =
            """
            {"data": [{"order_id": "o1", "customer_id": "c1", "status": "PAID",
               "total_amount": "20.00", "created_at": "2024-03-01 10:00:00"}],
             "old": null, "database": "shop", "table": "orders", "type": "INSERT",
             "es": 1709258430000, "ts": 1709258430100, "isDdl": false}
            """;

    /** 2024-03-01 10:00:00 in Shanghai (UTC+8, no daylight saving). */
    private static final Instant TEN_IN_SHANGHAI = Instant.parse("2024-03-01T02:00:00Z");

    @Test
    void zoneLessDateTimesAreReadInTheSourceZone() throws Exception {
        Configuration config = new Configuration();
        config.set(IngestOptions.SOURCE_TIMEZONE, "Asia/Shanghai");

        OrderChange debezium = decode(CdcFormat.DEBEZIUM, DEBEZIUM_MYSQL, config);
        OrderChange canal = decode(CdcFormat.CANAL, CANAL, config);

        assertThat(Instant.ofEpochMilli(debezium.order.createdAt)).isEqualTo(TEN_IN_SHANGHAI);
        assertThat(Instant.ofEpochMilli(canal.order.createdAt)).isEqualTo(TEN_IN_SHANGHAI);
        // A TIMESTAMP is an instant already.
        assertThat(Instant.ofEpochMilli(debezium.order.paidAt))
                .isEqualTo(Instant.parse("2024-03-01T02:00:30Z"));
    }

    @Test
    void theDefaultIsUtc() throws Exception {
        OrderChange canal = decode(CdcFormat.CANAL, CANAL, new Configuration());

        assertThat(Instant.ofEpochMilli(canal.order.createdAt))
                .isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
    }

    @Test
    void anUnknownZoneIsNamed() {
        Configuration config = new Configuration();
        config.set(IngestOptions.SOURCE_TIMEZONE, "Asia/Shangai");

        assertThatThrownBy(() -> SourceMapping.mapper(config))
                .hasMessageContaining("source.timezone: not a time zone: 'Asia/Shangai'");
    }

    private static OrderChange decode(CdcFormat format, String message, Configuration config)
            throws Exception {
        List<RowChange> rows = format.decoder().decode(message.getBytes(StandardCharsets.UTF_8));
        assertThat(rows).hasSize(1);
        return SourceMapping.mapper(config).map(rows.get(0));
    }
}
