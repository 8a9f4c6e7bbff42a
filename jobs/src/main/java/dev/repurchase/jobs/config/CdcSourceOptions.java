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
                                    + " from: kafka (the CDC topics, kafka.*) or mysql-cdc (a MySQL"
                                    + " or MariaDB order database itself, source.*: a snapshot of"
                                    + " every row, then the row binlog, exactly once).");

    public static final ConfigOption<String> HOSTNAME =
            key("source.hostname")
                    .stringType()
                    .defaultValue("localhost")
                    .withDescription("Host of the order database (mysql-cdc).");

    public static final ConfigOption<Integer> PORT =
            key("source.port")
                    .intType()
                    .noDefaultValue()
                    .withDescription("Port of the order database (mysql-cdc); 3306 if unset.");

    public static final ConfigOption<String> DATABASE =
            key("source.database")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Database holding the order tables (mysql-cdc, required there). Table"
                                    + " names: mapping.table.*.");

    public static final ConfigOption<String> USERNAME =
            key("source.username")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "User of the order database (or env REPURCHASE_SOURCE_USERNAME), with"
                                    + " SELECT on the order tables, RELOAD, REPLICATION SLAVE and"
                                    + " REPLICATION CLIENT.");

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
                            "Rows per chunk of the snapshot (mysql-cdc): a restart"
                                    + " reads again at most the chunks not yet checkpointed.");
}
