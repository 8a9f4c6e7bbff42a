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

    public static final ConfigOption<String> KAFKA_START_FROM =
            key("kafka.start-from")
                    .stringType()
                    .defaultValue("earliest")
                    .withDescription(
                            "Where a job without a checkpoint or savepoint starts reading the CDC"
                                    + " topics: earliest (all history the topics hold; the"
                                    + " metrics need every past order), committed (the offsets"
                                    + " committed by kafka.group-id, earliest where none), or"
                                    + " timestamp:<epoch ms> (the first message at or after it)."
                                    + " A restored job goes on from its checkpointed offsets.");

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

    public static final ConfigOption<String> COUPONS_TOPIC =
            key("kafka.topic.coupons")
                    .stringType()
                    .defaultValue("coupons")
                    .withDescription(
                            "CDC topic of the coupons table (optional: read once it exists).");

    public static final ConfigOption<String> CUSTOMERS_TOPIC =
            key("kafka.topic.customers")
                    .stringType()
                    .defaultValue("customers")
                    .withDescription(
                            "CDC topic of the customers table, whose referrers earn the referral"
                                    + " commissions (optional: read once it exists; without it"
                                    + " no commission is owed).");

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
                            "JDBC URL of the sink tables: PostgreSQL (jdbc:postgresql://...) or"
                                    + " MySQL/MariaDB (jdbc:mysql://... or jdbc:mariadb://...) in"
                                    + " production, an embedded H2 file by default.");

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
                    .withDescription(
                            "Create the sink tables and views that are missing when the sinks"
                                    + " open (on the TaskManagers, once per job): the machine that"
                                    + " submits the job needs no database access.");

    public static final ConfigOption<Duration> SINK_FLUSH_INTERVAL =
            key("sink.flush-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription(
                            "How often changed metric rows are written (also before every"
                                    + " checkpoint).");

    public static final ConfigOption<Duration> PRE_AGGREGATION_INTERVAL =
            key("metrics.pre-aggregation.interval")
                    .durationType()
                    .defaultValue(Duration.ofMillis(200))
                    .withDescription(
                            "How long metric deltas are summed locally before they go to the"
                                    + " aggregating operator (also sent before every checkpoint).");

    public static final ConfigOption<Integer> PRE_AGGREGATION_MAX_ROWS =
            key("metrics.pre-aggregation.max-rows")
                    .intType()
                    .defaultValue(10_000)
                    .withDescription(
                            "Distinct metric rows summed locally before the sums are sent on"
                                    + " early.");

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

    public static final ConfigOption<String> REMINDERS_TOPIC =
            key("kafka.topic.reminders")
                    .stringType()
                    .defaultValue("reminders")
                    .withDescription(
                            "Topic of REPLENISH_REMINDER, OVERDUE_FOLLOW_UP and COUPON_EXPIRING"
                                    + " triggers (JSON, keyed by customer_id).");

    public static final ConfigOption<String> ORDER_ALERTS_TOPIC =
            key("kafka.topic.order-alerts")
                    .stringType()
                    .defaultValue("order-alerts")
                    .withDescription(
                            "Topic of the order alerts for the shop's staff: PAYMENT_DUE, SHIP_LATE"
                                    + " and DELIVERY_LATE (JSON, keyed by order_id).");

    public static final ConfigOption<String> ABUSE_ALERTS_TOPIC =
            key("kafka.topic.abuse-alerts")
                    .stringType()
                    .defaultValue("abuse-alerts")
                    .withDescription(
                            "Topic of the flash-sale abuse flags (SPEC 8.2), each order's first"
                                    + " flag once: rule, rank and the keyed hashes of device, IP"
                                    + " and address only (JSON, keyed by order_id).");

    public static final ConfigOption<String> LIFECYCLE_TOPIC =
            key("kafka.topic.lifecycle")
                    .stringType()
                    .defaultValue("lifecycle")
                    .withDescription(
                            "Topic of lifecycle stage transitions (JSON, keyed by customer_id).");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            key("kafka.transactional-id-prefix")
                    .stringType()
                    .defaultValue("repurchase-analytics")
                    .withDescription(
                            "Prefix of the transactional ids of the exactly-once trigger producers;"
                                    + " unique per job on a Kafka cluster.");

    public static final ConfigOption<Duration> TRANSACTION_TIMEOUT =
            key("kafka.transaction-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "transaction.timeout.ms of the trigger producers: above the checkpoint"
                                    + " interval, below the broker's transaction.max.timeout.ms"
                                    + " (15 min by default).");

    public static final ConfigOption<Duration> BROKER_TRANSACTION_MAX_TIMEOUT =
            key("kafka.transaction-max-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(15))
                    .withDescription(
                            "The brokers' transaction.max.timeout.ms: the job refuses to start"
                                    + " with a kafka.transaction-timeout above it.");

    public static final ConfigOption<Duration> WATERMARK_OUT_OF_ORDERNESS =
            key("watermark.out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription(
                            "How far commit times may go back within a partition; event time"
                                    + " trails the latest commit time by this.");

    public static final ConfigOption<Duration> WATERMARK_ALLOWED_LATENESS =
            key("watermark.allowed-lateness")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "An order or line change whose commit time is behind event time by"
                                    + " more than this is late: it is applied all the same (the"
                                    + " tables stay exact), counted in lateChanges and copied to"
                                    + " the dead-letter topic with the reason 'late change,"
                                    + " applied'. Triggers and stages that came due in between"
                                    + " were decided without it.");

    public static final ConfigOption<Duration> WATERMARK_QUIET_ADVANCE =
            key("watermark.quiet-advance-after")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "When a partition has no change for this long, its event time goes on"
                                    + " with the wall clock, trailing it by this much (reminders"
                                    + " fire at most this late when orders are quiet). 0 turns"
                                    + " it off (replays of history).");

    public static final ConfigOption<Duration> WATERMARK_IDLE_AFTER =
            key("watermark.idle-after")
                    .durationType()
                    .defaultValue(Duration.ZERO)
                    .withDescription(
                            "When a partition has no change for this long, it is idle: it stops"
                                    + " holding event time back until its next change. For"
                                    + " sources whose commit times do not follow the wall clock"
                                    + " (the demo's simulated shop), instead of the quiet advance,"
                                    + " which must then be 0. Time the source is backpressured"
                                    + " does not count. 0 turns it off.");
}
