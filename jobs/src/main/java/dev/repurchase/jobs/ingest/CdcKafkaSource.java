package dev.repurchase.jobs.ingest;

import dev.repurchase.common.cdc.CdcFormat;
import dev.repurchase.jobs.config.KafkaProperties;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.config.SourceMapping;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;

/** The Kafka source of the CDC topics (orders, order_items, coupons), decoding in the source. */
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
                        .setTopicPattern(topics(config))
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setDeserializer(
                                new CdcDeserializer(
                                        format,
                                        SourceMapping.mapper(config),
                                        SourceMapping.couponMapper(config)))
                        .setProperties(KafkaProperties.passThrough(config));
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /**
     * The CDC topics by name: orders, order_items and coupons. A pattern rather than a list, so
     * that a topic that does not exist (a shop without coupons) is no error: it is read once it is
     * there (partition discovery) and contributes nothing until then.
     */
    static Pattern topics(ReadableConfig config) {
        return Pattern.compile(
                Stream.of(
                                config.get(PipelineOptions.ORDERS_TOPIC),
                                config.get(PipelineOptions.ORDER_ITEMS_TOPIC),
                                config.get(PipelineOptions.COUPONS_TOPIC))
                        .map(Pattern::quote)
                        .collect(Collectors.joining("|")));
    }
}
