package dev.repurchase.jobs.sink;

import dev.repurchase.common.customer.ReferralCommission;
import dev.repurchase.common.lifecycle.CategoryCycle;
import dev.repurchase.common.lifecycle.TriggerType;
import dev.repurchase.common.metric.MetricTable;
import dev.repurchase.common.predict.PredictionModel;
import dev.repurchase.jobs.PipelineSinks;
import dev.repurchase.jobs.abuse.AbuseFlag;
import dev.repurchase.jobs.aggregate.MetricRow;
import dev.repurchase.jobs.config.KafkaProperties;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.customer.CustomerProfile;
import dev.repurchase.jobs.customer.LifecycleEvent;
import dev.repurchase.jobs.customer.Trigger;
import dev.repurchase.jobs.ingest.DeadLetter;
import dev.repurchase.jobs.ingest.OrderAlert;
import dev.repurchase.jobs.state.StateTypes;
import java.util.Properties;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The production sinks: the contract tables over JDBC; triggers and lifecycle events on Kafka with
 * exactly-once (transactional) delivery, and so are order alerts, so a read_committed consumer sees
 * each id once; dead letters both on their Kafka topic and in {@code rejected_input}, reports of
 * late changes on that topic only.
 */
public final class ContractSinks implements PipelineSinks {

    private final ReadableConfig config;
    private final JdbcSinks jdbc;

    public ContractSinks(ReadableConfig config) {
        this.config = config;
        this.jdbc = new JdbcSinks(JdbcConnection.from(config), config);
    }

    @Override
    public void metricRows(DataStream<MetricRow> rows) {
        SingleOutputStreamOperator<MetricRow> routed =
                rows.process(new MetricRowRouting(), StateTypes.METRIC_ROW)
                        .name("Metric rows by table")
                        .uid("metric-rows-by-table");
        for (MetricTable table : MetricTable.values()) {
            toTable(
                    routed.getSideOutput(MetricRowRouting.of(table)),
                    MetricTableStatement.tableName(table),
                    jdbc.metricTable(table));
        }
    }

    @Override
    public void customerProfiles(DataStream<CustomerProfile> profiles) {
        toTable(profiles, "customer_profile", jdbc.customerProfiles());
    }

    @Override
    public void learnedCycles(DataStream<CategoryCycle> cycles) {
        toTable(cycles, "category_cycle learned", jdbc.learnedCycles());
    }

    @Override
    public void predictionModels(DataStream<PredictionModel> models) {
        toTable(models, "prediction_model", jdbc.predictionModels()).setParallelism(1);
    }

    @Override
    public void triggers(DataStream<Trigger> triggers) {
        // The log of a trigger that a failed run fired after its last checkpoint would stay:
        // the restarted run may fire another one (another id) or none.
        toTable(
                heldToCheckpoints(triggers, t -> t.triggerId, "Trigger log", "trigger_log"),
                "trigger_log",
                jdbc.triggerLog());
        toTopic(
                triggers.filter(t -> t.isSent() && TriggerType.isReminder(t.type))
                        .name("Sent reminders"),
                PipelineOptions.REMINDERS_TOPIC,
                DeliveryGuarantee.EXACTLY_ONCE,
                "reminders",
                (Trigger t) -> t.customerId,
                JsonMessages::trigger);
    }

    @Override
    public void orderAlerts(DataStream<OrderAlert> alerts) {
        // As the trigger log: a restarted run may not fire again what a failed run fired after
        // its last checkpoint (a change read in between can re-time the order).
        toTable(
                heldToCheckpoints(alerts, a -> a.alertId, "Order alerts", "order_alert"),
                "order_alert",
                jdbc.orderAlerts());
        toTopic(
                alerts.filter(OrderAlert::isSent).name("Sent order alerts"),
                PipelineOptions.ORDER_ALERTS_TOPIC,
                DeliveryGuarantee.EXACTLY_ONCE,
                "order-alerts",
                (OrderAlert a) -> a.orderId,
                JsonMessages::orderAlert);
    }

    @Override
    public void abuseFlags(DataStream<AbuseFlag> flags) {
        // As the order alerts: a restarted run may flag in another order what a failed run
        // flagged after its last checkpoint, and never write that row again.
        toTable(
                heldToCheckpoints(flags, f -> f.orderId, "Abuse flags", "abuse_flag")
                        // Each order's writes and deletes to one sink writer, in order.
                        .keyBy(f -> f.orderId, Types.STRING),
                "abuse_flag",
                jdbc.abuseFlags());
        toTopic(
                flags.filter(f -> f.announce).name("Announced abuse flags"),
                PipelineOptions.ABUSE_ALERTS_TOPIC,
                DeliveryGuarantee.EXACTLY_ONCE,
                "abuse-alerts",
                (AbuseFlag f) -> f.orderId,
                JsonMessages::abuseAlert);
    }

    @Override
    public void referralCommissions(DataStream<ReferralCommission> commissions) {
        toTable(commissions, "referral_commission", jdbc.referralCommissions());
    }

    @Override
    public void lifecycleEvents(DataStream<LifecycleEvent> events) {
        toTopic(
                events,
                PipelineOptions.LIFECYCLE_TOPIC,
                DeliveryGuarantee.EXACTLY_ONCE,
                "lifecycle",
                (LifecycleEvent e) -> e.customerId,
                JsonMessages::lifecycleEvent);
    }

    @Override
    public void deadLetters(DataStream<DeadLetter> deadLetters) {
        toTable(deadLetters, "rejected_input", jdbc.rejectedInput());
        deadLetterTopic(deadLetters, "dead-letters");
    }

    /** On the dead-letter topic only: {@code rejected_input} lists input that was not used. */
    @Override
    public void lateChanges(DataStream<DeadLetter> reports) {
        deadLetterTopic(reports, "late-changes");
    }

    private void deadLetterTopic(DataStream<DeadLetter> letters, String name) {
        toTopic(
                letters,
                PipelineOptions.DEAD_LETTER_TOPIC,
                DeliveryGuarantee.AT_LEAST_ONCE,
                name,
                (DeadLetter d) -> d.topic,
                JsonMessages::deadLetter);
    }

    /**
     * {@code rows} held until a completed checkpoint holds the state that produced them ({@link
     * CheckpointGate}), for a table whose rows a restarted run may not produce again.
     */
    private static <T> SingleOutputStreamOperator<T> heldToCheckpoints(
            DataStream<T> rows, KeySelector<T, String> key, String what, String table) {
        return CheckpointGate.apply(
                rows, key, what + " held to checkpoints", table.replace('_', '-') + "-gate");
    }

    /** {@code rows} into {@code table} (operator "JDBC table", uid "jdbc-table"). */
    private static <T> DataStreamSink<T> toTable(DataStream<T> rows, String table, Sink<T> sink) {
        return rows.sinkTo(sink).name("JDBC " + table).uid("jdbc-" + table.replaceAll("[_ ]", "-"));
    }

    /**
     * {@code messages} on {@code topic} (operator "Kafka name", uid "kafka-name"; {@code name} also
     * prefixes the transactional ids).
     */
    private <T> void toTopic(
            DataStream<T> messages,
            ConfigOption<String> topic,
            DeliveryGuarantee guarantee,
            String name,
            Field<T> key,
            Body<T> body) {
        messages.sinkTo(kafka(config.get(topic), guarantee, name, key, body))
                .name("Kafka " + name.replace('-', ' '))
                .uid("kafka-" + name);
    }

    /** What a Kafka message of type T is keyed by and how it is written. */
    private interface Field<T> extends java.io.Serializable {
        String of(T value);
    }

    private interface Body<T> extends java.io.Serializable {
        byte[] of(T value);
    }

    private <T> KafkaSink<T> kafka(
            String topic, DeliveryGuarantee guarantee, String name, Field<T> key, Body<T> body) {
        Properties producer = KafkaProperties.passThrough(config);
        producer.setProperty(
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                String.valueOf(config.get(PipelineOptions.TRANSACTION_TIMEOUT).toMillis()));
        return KafkaSink.<T>builder()
                .setBootstrapServers(config.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS))
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(
                        (KafkaRecordSerializationSchema<T>)
                                (value, context, timestamp) ->
                                        new ProducerRecord<>(
                                                topic,
                                                JsonMessages.key(key.of(value)),
                                                body.of(value)))
                .setDeliveryGuarantee(guarantee)
                .setTransactionalIdPrefix(
                        config.get(PipelineOptions.TRANSACTIONAL_ID_PREFIX) + "-" + name)
                .build();
    }
}
