package dev.repurchase.jobs.ingest;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Keeps the raw bytes and the source coordinates: decoding happens in {@link ChangeDecoding}, where
 * a bad message becomes a dead letter instead of failing the source. Tombstones (null values that
 * follow a Debezium delete) carry nothing and are skipped.
 */
public class RawChangeDeserializer implements KafkaRecordDeserializationSchema<RawChange> {

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawChange> out) {
        if (record.value() != null) {
            out.collect(
                    new RawChange(
                            record.topic(), record.partition(), record.offset(), record.value()));
        }
    }

    @Override
    public TypeInformation<RawChange> getProducedType() {
        return TypeInformation.of(RawChange.class);
    }
}
