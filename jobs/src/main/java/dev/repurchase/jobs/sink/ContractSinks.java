package dev.repurchase.jobs.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repurchase.common.metric.MetricTable;
import dev.repurchase.jobs.PipelineSinks;
import dev.repurchase.jobs.aggregate.MetricRow;
import dev.repurchase.jobs.config.KafkaProperties;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.ingest.DeadLetter;
import dev.repurchase.jobs.timeline.CustomerProfile;
import java.nio.charset.StandardCharsets;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The production sinks: the contract tables over JDBC, and dead letters both on their Kafka topic
 * and in {@code rejected_input}.
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
        for (MetricTable table : MetricTable.values()) {
            String name = MetricTableStatement.tableName(table);
            rows.filter(row -> row.key.table == table)
                    .name("Rows of " + name)
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
    public void deadLetters(DataStream<DeadLetter> deadLetters) {
        deadLetters
                .sinkTo(jdbc.rejectedInput())
                .name("JDBC rejected_input")
                .uid("jdbc-rejected-input");
        deadLetters.sinkTo(deadLetterTopic()).name("Kafka dead letters").uid("kafka-dead-letters");
    }

    private KafkaSink<DeadLetter> deadLetterTopic() {
        String topic = config.get(PipelineOptions.DEAD_LETTER_TOPIC);
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(config.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS))
                .setKafkaProducerConfig(KafkaProperties.passThrough(config))
                .setRecordSerializer(
                        KafkaRecordSerializationSchema.<DeadLetter>builder()
                                .setTopic(topic)
                                .setValueSerializationSchema(new DeadLetterJson())
                                .build())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    /** A dead letter as one JSON object: reason, source topic/partition/offset, excerpt. */
    static final class DeadLetterJson
            implements org.apache.flink.api.common.serialization.SerializationSchema<DeadLetter> {

        private transient ObjectMapper json;

        @Override
        public byte[] serialize(DeadLetter letter) {
            if (json == null) {
                json = new ObjectMapper();
            }
            try {
                return json.writeValueAsString(
                                java.util.Map.of(
                                        "reason", letter.reason,
                                        "source_topic", letter.topic,
                                        "source_partition", letter.partition,
                                        "source_offset", letter.offset,
                                        "excerpt", letter.excerpt))
                        .getBytes(StandardCharsets.UTF_8);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
