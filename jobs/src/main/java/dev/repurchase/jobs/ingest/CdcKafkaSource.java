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
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The Kafka source of the CDC topics (orders, order_items, coupons, customers), decoding in the
 * source.
 */
public final class CdcKafkaSource {

    private static final String TIMESTAMP = "timestamp:";

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
                        .setStartingOffsets(startingOffsets(config))
                        .setDeserializer(
                                new CdcDeserializer(
                                        format,
                                        SourceMapping.mapper(config),
                                        SourceMapping.couponMapper(config),
                                        SourceMapping.customerMapper(config)))
                        .setProperties(KafkaProperties.passThrough(config));
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /**
     * Where a job without restored offsets starts ({@code kafka.start-from}).
     *
     * @throws IllegalArgumentException naming the option if its value is none of the forms
     */
    static OffsetsInitializer startingOffsets(ReadableConfig config) {
        String startFrom = config.get(PipelineOptions.KAFKA_START_FROM).strip();
        if (startFrom.equals("earliest")) {
            return OffsetsInitializer.earliest();
        }
        if (startFrom.equals("committed")) {
            return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        }
        if (startFrom.startsWith(TIMESTAMP)) {
            try {
                return OffsetsInitializer.timestamp(
                        Long.parseLong(startFrom.substring(TIMESTAMP.length())));
            } catch (NumberFormatException e) {
                // Reported below.
            }
        }
        throw new IllegalArgumentException(
                PipelineOptions.KAFKA_START_FROM.key()
                        + ": expected earliest, committed or timestamp:<epoch milliseconds>, got '"
                        + startFrom
                        + "'");
    }

    /**
     * The CDC topics by name: orders, order_items, coupons and customers. A pattern rather than a
     * list, so that a topic that does not exist (a shop without coupons) is no error: it is read
     * once it is there (partition discovery) and contributes nothing until then.
     */
    static Pattern topics(ReadableConfig config) {
        return Pattern.compile(
                Stream.of(
                                config.get(PipelineOptions.ORDERS_TOPIC),
                                config.get(PipelineOptions.ORDER_ITEMS_TOPIC),
                                config.get(PipelineOptions.COUPONS_TOPIC),
                                config.get(PipelineOptions.CUSTOMERS_TOPIC))
                        .map(Pattern::quote)
                        .collect(Collectors.joining("|")));
    }
}
