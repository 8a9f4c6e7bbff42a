package dev.repurchase.jobs.ingest;

import dev.repurchase.common.cdc.CdcFormat;
import dev.repurchase.common.cdc.ChangeDecoder;
import dev.repurchase.common.cdc.MalformedChangeException;
import dev.repurchase.common.cdc.RowChange;
import dev.repurchase.common.order.CouponChangeMapper;
import dev.repurchase.common.order.OrderChangeMapper;
import dev.repurchase.common.privacy.ContactMasker;
import dev.repurchase.common.referral.CustomerRowMapper;
import dev.repurchase.jobs.wire.WireTypes;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes CDC messages in the source, so that each change carries its commit time as event time and
 * watermarks are kept per Kafka partition. A message that cannot be decoded becomes a dead letter
 * with the reason and its source coordinates; it never fails the source. Tombstones (the null
 * values that follow a Debezium delete) carry nothing and are skipped. Each decoded change keeps
 * its source coordinates too, for a dead letter found later ({@link OrderVersions}).
 *
 * <p>Dead letters are counted per {@link RejectionClass} ({@code reason.<class>.deadLetters}). The
 * reason and the excerpt are bounded ({@value #REASON_CHARS} and {@value #EXCERPT_CHARS}
 * characters: the {@code rejected_input} columns must hold them whatever the input) and have
 * contact data masked before they are cut.
 */
public class CdcDeserializer implements KafkaRecordDeserializationSchema<DecodedChange> {

    /** Dead-letter excerpts keep at most this many characters of the message. */
    static final int EXCERPT_CHARS = 512;

    /** Dead-letter reasons keep at most this many characters (they quote bad values). */
    static final int REASON_CHARS = 300;

    private final CdcFormat format;
    private final OrderChangeMapper mapper;
    private final CouponChangeMapper coupons;
    private final CustomerRowMapper customers;

    private transient ChangeDecoder decoder;
    private transient Counter decoded;
    private transient Counter deadLettered;
    private transient Map<RejectionClass, Counter> deadLettersByClass;

    public CdcDeserializer(CdcFormat format, OrderChangeMapper mapper) {
        this(format, mapper, CouponChangeMapper.canonical(), CustomerRowMapper.canonical());
    }

    /**
     * @param coupons maps the rows of the coupons table
     * @param customers maps the rows of the customers table; {@code mapper} maps all others
     */
    public CdcDeserializer(
            CdcFormat format,
            OrderChangeMapper mapper,
            CouponChangeMapper coupons,
            CustomerRowMapper customers) {
        this.format = format;
        this.mapper = mapper;
        this.coupons = coupons;
        this.customers = customers;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        open(context.getMetricGroup());
    }

    /** Opens the decoder and its counters in {@code metrics}. */
    void open(MetricGroup metrics) {
        decoder = format.decoder();
        decoded = metrics.counter("changesDecoded");
        deadLettered = metrics.counter("changesDeadLettered");
        deadLettersByClass = new EnumMap<>(RejectionClass.class);
        for (RejectionClass rejection : RejectionClass.values()) {
            if (!rejection.byOrderVersions()) {
                deadLettersByClass.put(
                        rejection,
                        metrics.addGroup("reason", rejection.label()).counter("deadLetters"));
            }
        }
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<DecodedChange> out) {
        if (record.value() == null) {
            return;
        }
        decode(record.value(), record.topic(), record.partition(), record.offset(), out);
    }

    /**
     * Decodes one message, found at {@code offset} of {@code partition} of {@code topic} (the
     * coordinates of its changes and dead letters).
     */
    void decode(
            byte[] message,
            String topic,
            int partition,
            long offset,
            Collector<DecodedChange> out) {
        List<RowChange> rows;
        try {
            rows = decoder.decode(message);
        } catch (MalformedChangeException | RuntimeException e) {
            out.collect(deadLetter(message, topic, partition, offset, e));
            return;
        }
        // Rows of one message are mapped one by one: a bad row does not take its siblings along.
        // Only the mapping is guarded: what the operators chained after the source throw from
        // collect() is a task failure, not bad input (and must not turn a valid row into a dead
        // letter).
        for (RowChange row : rows) {
            DecodedChange change;
            try {
                if (coupons.handles(row)) {
                    change = DecodedChange.of(coupons.map(row));
                } else if (customers.handles(row)) {
                    change = DecodedChange.of(customers.map(row));
                } else {
                    change = DecodedChange.of(mapper.map(row).from(topic, partition, offset));
                }
            } catch (MalformedChangeException | RuntimeException e) {
                out.collect(deadLetter(message, topic, partition, offset, e));
                continue;
            }
            out.collect(change);
            decoded.inc();
        }
    }

    @Override
    public TypeInformation<DecodedChange> getProducedType() {
        return WireTypes.DECODED_CHANGE;
    }

    private DecodedChange deadLetter(
            byte[] message, String topic, int partition, long offset, Exception e) {
        deadLettered.inc();
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        deadLettersByClass
                .get(
                        e instanceof MalformedChangeException
                                ? RejectionClass.of(reason)
                                : RejectionClass.OTHER)
                .inc();
        String text = new String(message, StandardCharsets.UTF_8);
        return DecodedChange.rejected(
                new DeadLetter(
                        topic,
                        partition,
                        offset,
                        ContactMasker.excerpt(reason, REASON_CHARS),
                        ContactMasker.excerpt(text, EXCERPT_CHARS)));
    }
}
