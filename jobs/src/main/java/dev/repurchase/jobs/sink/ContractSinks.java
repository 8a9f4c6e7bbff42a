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
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
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
            String name = MetricTableStatement.tableName(table);
            routed.getSideOutput(MetricRowRouting.of(table))
                    .sinkTo(jdbc.metricTable(table))
                    .name("JDBC " + name)
                    .uid("jdbc-" + name.replace('_', '-'));
        }
    }

    @Override
    public void customerProfiles(DataStream<CustomerProfile> profiles) {
        profiles.sinkTo(jdbc.customerProfiles())
                .name("JDBC customer_profile")
                .uid("jdbc-customer-profile");
    }

    @Override
    public void learnedCycles(DataStream<CategoryCycle> cycles) {
        cycles.sinkTo(jdbc.learnedCycles())
                .name("JDBC category_cycle learned")
                .uid("jdbc-category-cycle-learned");
    }

    @Override
    public void predictionModels(DataStream<PredictionModel> models) {
        models.sinkTo(jdbc.predictionModels())
                .name("JDBC prediction_model")
                .uid("jdbc-prediction-model")
                .setParallelism(1);
    }

    @Override
    public void triggers(DataStream<Trigger> triggers) {
        // The log of a trigger that a failed run fired after its last checkpoint would stay:
        // the restarted run may fire another one (another id) or none.
        CheckpointGate.apply(
                        triggers,
                        t -> t.triggerId,
                        "Trigger log held to checkpoints",
                        "trigger-log-gate")
                .sinkTo(jdbc.triggerLog())
                .name("JDBC trigger_log")
                .uid("jdbc-trigger-log");
        triggers.filter(t -> t.isSent() && TriggerType.isReminder(t.type))
                .name("Sent reminders")
                .sinkTo(
                        kafka(
                                config.get(PipelineOptions.REMINDERS_TOPIC),
                                DeliveryGuarantee.EXACTLY_ONCE,
                                "reminders",
                                (Trigger t) -> t.customerId,
                                JsonMessages::trigger))
                .name("Kafka reminders")
                .uid("kafka-reminders");
    }

    @Override
    public void orderAlerts(DataStream<OrderAlert> alerts) {
        // As the trigger log: a restarted run may not fire again what a failed run fired after
        // its last checkpoint (a change read in between can re-time the order).
        CheckpointGate.apply(
                        alerts,
                        a -> a.alertId,
                        "Order alerts held to checkpoints",
                        "order-alert-gate")
                .sinkTo(jdbc.orderAlerts())
                .name("JDBC order_alert")
                .uid("jdbc-order-alert");
        alerts.filter(OrderAlert::isSent)
                .name("Sent order alerts")
                .sinkTo(
                        kafka(
                                config.get(PipelineOptions.ORDER_ALERTS_TOPIC),
                                DeliveryGuarantee.EXACTLY_ONCE,
                                "order-alerts",
                                (OrderAlert a) -> a.orderId,
                                JsonMessages::orderAlert))
                .name("Kafka order alerts")
                .uid("kafka-order-alerts");
    }

    @Override
    public void abuseFlags(DataStream<AbuseFlag> flags) {
        // As the order alerts: a restarted run may flag in another order what a failed run
        // flagged after its last checkpoint, and never write that row again.
        SingleOutputStreamOperator<AbuseFlag> held =
                CheckpointGate.apply(
                        flags,
                        f -> f.orderId,
                        "Abuse flags held to checkpoints",
                        "abuse-flag-gate");
        held.keyBy(f -> f.orderId, Types.STRING)
                .sinkTo(jdbc.abuseFlags())
                .name("JDBC abuse_flag")
                .uid("jdbc-abuse-flag");
        flags.filter(f -> f.announce)
                .name("Announced abuse flags")
                .sinkTo(
                        kafka(
                                config.get(PipelineOptions.ABUSE_ALERTS_TOPIC),
                                DeliveryGuarantee.EXACTLY_ONCE,
                                "abuse-alerts",
                                (AbuseFlag f) -> f.orderId,
                                JsonMessages::abuseAlert))
                .name("Kafka abuse alerts")
                .uid("kafka-abuse-alerts");
    }

    @Override
    public void referralCommissions(DataStream<ReferralCommission> commissions) {
        commissions
                .sinkTo(
                        new ReferralCommissionSink(
                                JdbcConnection.from(config),
                                config.get(PipelineOptions.JDBC_CREATE_TABLES),
                                config.get(PipelineOptions.SINK_BATCH_SIZE)))
                .name("JDBC referral_commission")
                .uid("jdbc-referral-commission");
    }

    @Override
    public void lifecycleEvents(DataStream<LifecycleEvent> events) {
        events.sinkTo(
                        kafka(
                                config.get(PipelineOptions.LIFECYCLE_TOPIC),
                                DeliveryGuarantee.EXACTLY_ONCE,
                                "lifecycle",
                                (LifecycleEvent e) -> e.customerId,
                                JsonMessages::lifecycleEvent))
                .name("Kafka lifecycle")
                .uid("kafka-lifecycle");
    }

    @Override
    public void deadLetters(DataStream<DeadLetter> deadLetters) {
        deadLetters
                .sinkTo(jdbc.rejectedInput())
                .name("JDBC rejected_input")
                .uid("jdbc-rejected-input");
        deadLetters
                .sinkTo(deadLetterTopic("dead-letters"))
                .name("Kafka dead letters")
                .uid("kafka-dead-letters");
    }

    /** On the dead-letter topic only: {@code rejected_input} lists input that was not used. */
    @Override
    public void lateChanges(DataStream<DeadLetter> reports) {
        reports.sinkTo(deadLetterTopic("late-changes"))
                .name("Kafka late changes")
                .uid("kafka-late-changes");
    }

    private KafkaSink<DeadLetter> deadLetterTopic(String name) {
        return kafka(
                config.get(PipelineOptions.DEAD_LETTER_TOPIC),
                DeliveryGuarantee.AT_LEAST_ONCE,
                name,
                (DeadLetter d) -> d.topic,
                JsonMessages::deadLetter);
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
