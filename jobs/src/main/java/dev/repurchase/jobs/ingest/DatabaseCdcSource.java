package dev.repurchase.jobs.ingest;

import dev.repurchase.common.cdc.CdcFormat;
import dev.repurchase.common.order.CouponChangeMapper;
import dev.repurchase.common.order.OrderChangeMapper;
import dev.repurchase.common.referral.CustomerRowMapper;
import dev.repurchase.jobs.config.CdcSourceOptions;
import dev.repurchase.jobs.config.SourceMapping;
import dev.repurchase.jobs.wire.WireTypes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.cdc.connectors.mysql.source.MySqlSource;
import org.apache.flink.cdc.connectors.postgres.source.PostgresSourceBuilder.PostgresIncrementalSource;
import org.apache.flink.cdc.debezium.JsonDebeziumDeserializationSchema;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * The order database read directly by a Flink CDC source ({@code source.type} mysql-cdc for MySQL
 * and MariaDB, postgres-cdc for PostgreSQL): a snapshot of every row of the orders, order_items and
 * coupons tables, then the log (row binlog, or the WAL by logical decoding) from where the snapshot
 * stood, exactly once with checkpoints. The source emits the Debezium JSON of each row change (with
 * its schema, so decimals and times are typed), which the decoder of the Kafka path turns into
 * {@link DecodedChange}s or dead letters: the same change model, the commit time ({@code
 * source.ts_ms}) as event time.
 *
 * <p>A dead letter of this source names the source type as its topic, partition 0, and a digest of
 * the message as its offset (the same message gives the same row of {@code rejected_input}).
 */
public final class DatabaseCdcSource {

    public static final String UID = "database-cdc-source";

    private DatabaseCdcSource() {}

    /** The decoded changes of the order tables, with commit-time watermarks. */
    public static DataStream<DecodedChange> changes(
            StreamExecutionEnvironment env,
            ReadableConfig config,
            SourceType type,
            WatermarkStrategy<DecodedChange> watermarks) {
        CdcDeserializer decoder =
                new CdcDeserializer(
                        CdcFormat.DEBEZIUM,
                        SourceMapping.mapper(config),
                        SourceMapping.couponMapper(config),
                        SourceMapping.customerMapper(config));
        return env.fromSource(
                        source(config, type),
                        WatermarkStrategy.noWatermarks(),
                        "Order database (" + type.label() + ")")
                .uid(UID)
                .flatMap(new Decode(decoder, type.label()))
                .uid("database-cdc-decode")
                .name("Decode changes")
                .returns(WireTypes.DECODED_CHANGE)
                .assignTimestampsAndWatermarks(watermarks)
                .uid("database-cdc-watermarks")
                .name("Commit-time watermarks");
    }

    private static Source<String, ?, ?> source(ReadableConfig config, SourceType type) {
        String database =
                config.getOptional(CdcSourceOptions.DATABASE)
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                CdcSourceOptions.DATABASE.key()
                                                        + " is required with "
                                                        + CdcSourceOptions.SOURCE_TYPE.key()
                                                        + " "
                                                        + type.label()));
        String username =
                config.getOptional(CdcSourceOptions.USERNAME)
                        .orElse(System.getenv("REPURCHASE_SOURCE_USERNAME"));
        String password =
                config.getOptional(CdcSourceOptions.PASSWORD)
                        .orElse(System.getenv("REPURCHASE_SOURCE_PASSWORD"));
        int chunkRows = config.get(CdcSourceOptions.SNAPSHOT_CHUNK_ROWS);
        switch (type) {
            case MYSQL_CDC:
                requireMySqlDriver();
                return MySqlSource.<String>builder()
                        .hostname(config.get(CdcSourceOptions.HOSTNAME))
                        .port(config.getOptional(CdcSourceOptions.PORT).orElse(3306))
                        .databaseList(database)
                        .tableList(qualified(database, tables(config)))
                        .username(username)
                        .password(password)
                        .serverId(config.get(CdcSourceOptions.SERVER_ID))
                        // DATETIME columns hold UTC (the zone-less timestamps of SPEC section 1).
                        .serverTimeZone("UTC")
                        .splitSize(chunkRows)
                        .debeziumProperties(debeziumProperties())
                        .deserializer(new JsonDebeziumDeserializationSchema(true))
                        .build();
            case POSTGRES_CDC:
                String schema = config.get(CdcSourceOptions.POSTGRES_SCHEMA);
                Properties debezium = debeziumProperties();
                debezium.setProperty(
                        "publication.name", config.get(CdcSourceOptions.POSTGRES_PUBLICATION));
                // The publication is the user's: the incremental snapshot's readers each capture
                // one table, and a "filtered" publication would be narrowed to it, chunk by chunk.
                debezium.setProperty("publication.autocreate.mode", "disabled");
                return PostgresIncrementalSource.<String>builder()
                        .hostname(config.get(CdcSourceOptions.HOSTNAME))
                        .port(config.getOptional(CdcSourceOptions.PORT).orElse(5432))
                        .database(database)
                        .schemaList(schema)
                        // schema.table: Debezium matches PostgreSQL tables without the database
                        // name (with it, it loads no table and the snapshot fails).
                        .tableList(qualified(schema, tables(config)))
                        .username(username)
                        .password(password)
                        .slotName(config.get(CdcSourceOptions.POSTGRES_SLOT))
                        .decodingPluginName("pgoutput")
                        .splitSize(chunkRows)
                        .debeziumProperties(debezium)
                        .deserializer(new JsonDebeziumDeserializationSchema(true))
                        .build();
            default:
                throw new IllegalArgumentException(type.label() + " is not a database source");
        }
    }

    /**
     * MySQL Connector/J, which mysql-cdc reads with, is the user's (in Flink's lib/): the job jar
     * leaves it out, being GPLv2 with an exception for FOSS-licensed works only.
     */
    private static void requireMySqlDriver() {
        try {
            Class.forName(
                    "com.mysql.cj.jdbc.Driver", false, DatabaseCdcSource.class.getClassLoader());
        } catch (ClassNotFoundException missing) {
            throw new IllegalStateException(
                    "source.type mysql-cdc needs MySQL Connector/J (com.mysql:mysql-connector-j"
                            + " 8.4) in Flink's lib/: the job jar does not bundle it",
                    missing);
        }
    }

    /**
     * Decimals as strings: the shaded jar renames Kafka Connect's Decimal schema, which the decoder
     * knows by its own name.
     */
    private static Properties debeziumProperties() {
        Properties debezium = new Properties();
        debezium.setProperty("decimal.handling.mode", "string");
        return debezium;
    }

    /** The order tables' names in the source database (mapping.table.*). */
    private static List<String> tables(ReadableConfig config) {
        Map<String, String> all = config.toMap();
        return List.of(
                all.getOrDefault(SourceMapping.TABLE_ORDERS, OrderChangeMapper.ORDERS),
                all.getOrDefault(SourceMapping.TABLE_ORDER_ITEMS, OrderChangeMapper.ORDER_ITEMS),
                all.getOrDefault(SourceMapping.TABLE_COUPONS, CouponChangeMapper.COUPONS),
                all.getOrDefault(SourceMapping.TABLE_CUSTOMERS, CustomerRowMapper.CUSTOMERS));
    }

    private static String[] qualified(String prefix, List<String> tables) {
        return tables.stream().map(table -> prefix + "." + table).toArray(String[]::new);
    }

    /** Debezium JSON to decoded changes, by the decoder of the Kafka path. */
    private static final class Decode extends RichFlatMapFunction<String, DecodedChange> {

        private static final long serialVersionUID = 1L;

        private final CdcDeserializer decoder;
        private final String origin;

        Decode(CdcDeserializer decoder, String origin) {
            this.decoder = decoder;
            this.origin = origin;
        }

        @Override
        public void open(OpenContext context) {
            decoder.open(getRuntimeContext().getMetricGroup());
        }

        @Override
        public void flatMap(String json, Collector<DecodedChange> out) {
            byte[] message = json.getBytes(StandardCharsets.UTF_8);
            decoder.decode(
                    message,
                    origin,
                    0,
                    UUID.nameUUIDFromBytes(message).getMostSignificantBits(),
                    out);
        }
    }
}
