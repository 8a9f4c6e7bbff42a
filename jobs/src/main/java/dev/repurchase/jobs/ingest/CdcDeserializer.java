package dev.repurchase.jobs.ingest;

import dev.repurchase.common.cdc.CdcFormat;
import dev.repurchase.common.cdc.ChangeDecoder;
import dev.repurchase.common.cdc.MalformedChangeException;
import dev.repurchase.common.cdc.RowChange;
import dev.repurchase.common.order.OrderChangeMapper;
import dev.repurchase.common.privacy.ContactMasker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes CDC messages in the source, so that each change carries its commit time as event time and
 * watermarks are kept per Kafka partition. A message that cannot be decoded becomes a dead letter
 * with the reason and its source coordinates; it never fails the source. Tombstones (the null
 * values that follow a Debezium delete) carry nothing and are skipped.
 */
public class CdcDeserializer implements KafkaRecordDeserializationSchema<DecodedChange> {

    /** Dead-letter excerpts keep at most this many characters of the message. */
    static final int EXCERPT_CHARS = 512;

    private final CdcFormat format;
    private final OrderChangeMapper mapper;

    private transient ChangeDecoder decoder;
    private transient Counter decoded;
    private transient Counter deadLettered;

    public CdcDeserializer(CdcFormat format, OrderChangeMapper mapper) {
        this.format = format;
        this.mapper = mapper;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        decoder = format.decoder();
        decoded = context.getMetricGroup().counter("changesDecoded");
        deadLettered = context.getMetricGroup().counter("changesDeadLettered");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<DecodedChange> out) {
        if (record.value() == null) {
            return;
        }
        List<RowChange> rows;
        try {
            rows = decoder.decode(record.value());
        } catch (MalformedChangeException | RuntimeException e) {
            out.collect(deadLetter(record, e));
            return;
        }
        // Rows of one message are mapped one by one: a bad row does not take its siblings along.
        for (RowChange row : rows) {
            try {
                out.collect(DecodedChange.of(mapper.map(row)));
                decoded.inc();
            } catch (MalformedChangeException | RuntimeException e) {
                out.collect(deadLetter(record, e));
            }
        }
    }

    @Override
    public TypeInformation<DecodedChange> getProducedType() {
        return TypeInformation.of(DecodedChange.class);
    }

    private DecodedChange deadLetter(ConsumerRecord<byte[], byte[]> record, Exception e) {
        deadLettered.inc();
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String text = new String(record.value(), StandardCharsets.UTF_8);
        String excerpt = text.length() <= EXCERPT_CHARS ? text : text.substring(0, EXCERPT_CHARS);
        return DecodedChange.rejected(
                new DeadLetter(
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        ContactMasker.mask(reason),
                        ContactMasker.mask(excerpt)));
    }
}
