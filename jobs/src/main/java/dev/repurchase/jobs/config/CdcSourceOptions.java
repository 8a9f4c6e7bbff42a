package dev.repurchase.jobs.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import org.apache.flink.configuration.ConfigOption;

/**
 * Options of where the changes come from: the CDC topics of Kafka, or the order database itself
 * through a Flink CDC source (a snapshot of every row, then its log).
 */
public final class CdcSourceOptions {

    private CdcSourceOptions() {}

    public static final ConfigOption<String> SOURCE_TYPE =
            key("source.type")
                    .stringType()
                    .defaultValue("kafka")
                    .withDescription(
                            "Where the changes of the orders, order_items and coupons tables come"
                                    + " from: kafka (the CDC topics, kafka.*), mysql-cdc (a MySQL"
                                    + " or MariaDB order database itself, source.*: a snapshot of"
                                    + " every row, then the row binlog, exactly once) or"
                                    + " postgres-cdc (a PostgreSQL order database itself: a"
                                    + " snapshot, then the WAL by logical decoding, exactly"
                                    + " once).");

    public static final ConfigOption<String> HOSTNAME =
            key("source.hostname")
                    .stringType()
                    .defaultValue("localhost")
                    .withDescription("Host of the order database (mysql-cdc, postgres-cdc).");

    public static final ConfigOption<Integer> PORT =
            key("source.port")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Port of the order database; if unset 3306 (mysql-cdc) or 5432"
                                    + " (postgres-cdc).");

    public static final ConfigOption<String> DATABASE =
            key("source.database")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Database holding the order tables (required with mysql-cdc and"
                                    + " postgres-cdc). Table names: mapping.table.*; on"
                                    + " PostgreSQL in the schema source.postgres.schema.");

    public static final ConfigOption<String> USERNAME =
            key("source.username")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "User of the order database (or env REPURCHASE_SOURCE_USERNAME):"
                                    + " on MySQL with SELECT on the order tables, RELOAD,"
                                    + " REPLICATION SLAVE and REPLICATION CLIENT; on PostgreSQL a"
                                    + " role with LOGIN REPLICATION, USAGE on the schema and"
                                    + " SELECT on the order tables.");

    public static final ConfigOption<String> PASSWORD =
            key("source.password")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Password of the order database (or env REPURCHASE_SOURCE_PASSWORD);"
                                    + " never logged.");

    public static final ConfigOption<String> SERVER_ID =
            key("source.mysql.server-id")
                    .stringType()
                    .defaultValue("5400-5463")
                    .withDescription(
                            "Server id range of mysql-cdc's binlog clients, at least as many ids"
                                    + " as the source's parallelism, unique among the server's"
                                    + " replicas and other CDC jobs.");

    public static final ConfigOption<Integer> SNAPSHOT_CHUNK_ROWS =
            key("source.snapshot.chunk-rows")
                    .intType()
                    .defaultValue(8096)
                    .withDescription(
                            "Rows per chunk of the snapshot (mysql-cdc, postgres-cdc): a restart"
                                    + " reads again at most the chunks not yet checkpointed.");

    public static final ConfigOption<String> POSTGRES_SCHEMA =
            key("source.postgres.schema")
                    .stringType()
                    .defaultValue("public")
                    .withDescription("Schema of the order tables (postgres-cdc).");

    public static final ConfigOption<String> POSTGRES_SLOT =
            key("source.postgres.slot-name")
                    .stringType()
                    .defaultValue("repurchase")
                    .withDescription(
                            "Logical replication slot of postgres-cdc (lower-case letters, digits,"
                                    + " underscores), one per job; created at the first start,"
                                    + " with slot-name_<subtask> for the snapshot's chunks. The"
                                    + " server keeps the WAL the slot has not confirmed: drop it"
                                    + " (pg_drop_replication_slot) when the job is retired.");

    public static final ConfigOption<String> POSTGRES_PUBLICATION =
            key("source.postgres.publication")
                    .stringType()
                    .defaultValue("repurchase")
                    .withDescription(
                            "Publication of the order tables that postgres-cdc decodes with"
                                    + " pgoutput; must exist (CREATE PUBLICATION name FOR TABLE"
                                    + " orders, order_items, coupons).");
}
