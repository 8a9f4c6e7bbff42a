package dev.repurchase.jobs.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;

/** Options of the job's connections: Kafka in and out, the JDBC sink tables. */
public final class PipelineOptions {

    private PipelineOptions() {}

    public static final ConfigOption<String> KAFKA_BOOTSTRAP_SERVERS =
            key("kafka.bootstrap-servers")
                    .stringType()
                    .defaultValue("localhost:9092")
                    .withDescription("Kafka brokers the CDC topics are read from.");

    public static final ConfigOption<String> KAFKA_GROUP_ID =
            key("kafka.group-id")
                    .stringType()
                    .defaultValue("repurchase-analytics")
                    .withDescription("Consumer group id (offsets are kept in Flink checkpoints).");

    public static final ConfigOption<String> ORDERS_TOPIC =
            key("kafka.topic.orders")
                    .stringType()
                    .defaultValue("orders")
                    .withDescription("CDC topic of the orders table.");

    public static final ConfigOption<String> ORDER_ITEMS_TOPIC =
            key("kafka.topic.order-items")
                    .stringType()
                    .defaultValue("order_items")
                    .withDescription("CDC topic of the order_items table.");

    public static final ConfigOption<String> DEAD_LETTER_TOPIC =
            key("kafka.topic.dead-letter")
                    .stringType()
                    .defaultValue("repurchase.dead-letter")
                    .withDescription(
                            "Topic for input that cannot be decoded, with the reason and source"
                                    + " offset.");

    public static final ConfigOption<String> CDC_FORMAT =
            key("cdc.format")
                    .stringType()
                    .defaultValue("debezium")
                    .withDescription("Format of the CDC messages: debezium, canal or maxwell.");

    public static final ConfigOption<String> JDBC_URL =
            key("jdbc.url")
                    .stringType()
                    .defaultValue(
                            "jdbc:h2:file:./repurchase-db/repurchase;MODE=PostgreSQL;"
                                    + "DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE")
                    .withDescription(
                            "JDBC URL of the sink tables: PostgreSQL in production"
                                    + " (jdbc:postgresql://...), an embedded H2 file by default.");

    public static final ConfigOption<String> JDBC_USERNAME =
            key("jdbc.username")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "User of the sink database (or env REPURCHASE_JDBC_USERNAME).");

    public static final ConfigOption<String> JDBC_PASSWORD =
            key("jdbc.password")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Password of the sink database (or env REPURCHASE_JDBC_PASSWORD); never"
                                    + " logged.");

    public static final ConfigOption<Boolean> JDBC_CREATE_TABLES =
            key("jdbc.create-tables")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription("Create the sink tables and views at start if missing.");

    public static final ConfigOption<Duration> SINK_FLUSH_INTERVAL =
            key("sink.flush-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription(
                            "How often changed metric rows are written (also before every"
                                    + " checkpoint).");

    public static final ConfigOption<Integer> SINK_BATCH_SIZE =
            key("sink.batch-size")
                    .intType()
                    .defaultValue(1000)
                    .withDescription("JDBC batch size of the sink tables.");

    public static final ConfigOption<Integer> SINK_MAX_RETRIES =
            key("sink.max-retries")
                    .intType()
                    .defaultValue(5)
                    .withDescription("JDBC retries of a failed batch before the job fails over.");
}
