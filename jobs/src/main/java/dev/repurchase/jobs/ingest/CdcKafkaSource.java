package dev.repurchase.jobs.ingest;

import dev.repurchase.common.cdc.CdcFormat;
import dev.repurchase.jobs.config.KafkaProperties;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.config.SourceMapping;
import java.util.Locale;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;

/** The Kafka source of the CDC topics (orders, order_items), decoding in the source. */
public final class CdcKafkaSource {

    private CdcKafkaSource() {}

    /**
     * @param bounded stop at the offsets that are latest when the job starts (a replay of a
     *     history), instead of reading forever
     */
    public static KafkaSource<DecodedChange> create(ReadableConfig config, boolean bounded) {
        CdcFormat format =
                CdcFormat.valueOf(config.get(PipelineOptions.CDC_FORMAT).toUpperCase(Locale.ROOT));
        KafkaSourceBuilder<DecodedChange> builder =
                KafkaSource.<DecodedChange>builder()
                        .setBootstrapServers(config.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS))
                        .setGroupId(config.get(PipelineOptions.KAFKA_GROUP_ID))
                        .setTopics(
                                config.get(PipelineOptions.ORDERS_TOPIC),
                                config.get(PipelineOptions.ORDER_ITEMS_TOPIC))
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setDeserializer(new CdcDeserializer(format, SourceMapping.mapper(config)))
                        .setProperties(KafkaProperties.passThrough(config));
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }
}
