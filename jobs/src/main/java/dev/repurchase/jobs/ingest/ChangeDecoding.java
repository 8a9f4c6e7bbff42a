package dev.repurchase.jobs.ingest;

import dev.repurchase.common.cdc.CdcFormat;
import dev.repurchase.common.cdc.ChangeDecoder;
import dev.repurchase.common.cdc.MalformedChangeException;
import dev.repurchase.common.cdc.RowChange;
import dev.repurchase.common.order.OrderChange;
import dev.repurchase.common.order.OrderChangeMapper;
import dev.repurchase.common.privacy.ContactMasker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Turns raw CDC messages into typed order changes. A message that cannot be decoded goes to the
 * {@link #DEAD_LETTERS} side output with the reason; the job keeps running.
 */
public class ChangeDecoding extends ProcessFunction<RawChange, OrderChange> {

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>(
                    "dead-letters",
                    org.apache.flink.api.common.typeinfo.TypeInformation.of(DeadLetter.class));

    /** Dead-letter excerpts keep at most this many characters of the message. */
    static final int EXCERPT_CHARS = 512;

    private final CdcFormat format;
    private final OrderChangeMapper mapper;

    private transient ChangeDecoder decoder;
    private transient Counter decoded;
    private transient Counter deadLettered;

    public ChangeDecoding(CdcFormat format, OrderChangeMapper mapper) {
        this.format = format;
        this.mapper = mapper;
    }

    @Override
    public void open(OpenContext openContext) {
        decoder = format.decoder();
        decoded = getRuntimeContext().getMetricGroup().counter("changesDecoded");
        deadLettered = getRuntimeContext().getMetricGroup().counter("changesDeadLettered");
    }

    @Override
    public void processElement(RawChange raw, Context ctx, Collector<OrderChange> out) {
        List<RowChange> rows;
        try {
            rows = decoder.decode(raw.value);
        } catch (MalformedChangeException | RuntimeException e) {
            deadLetter(raw, e, ctx);
            return;
        }
        // Rows of one message are mapped one by one: a bad row does not take its siblings along.
        for (RowChange row : rows) {
            try {
                out.collect(mapper.map(row));
                decoded.inc();
            } catch (MalformedChangeException | RuntimeException e) {
                deadLetter(raw, e, ctx);
            }
        }
    }

    private void deadLetter(RawChange raw, Exception e, Context ctx) {
        deadLettered.inc();
        ctx.output(
                DEAD_LETTERS,
                new DeadLetter(raw.topic, raw.partition, raw.offset, reason(e), excerpt(raw)));
    }

    private static String reason(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return ContactMasker.mask(message);
    }

    private static String excerpt(RawChange raw) {
        String text = new String(raw.value, StandardCharsets.UTF_8);
        return ContactMasker.mask(
                text.length() <= EXCERPT_CHARS ? text : text.substring(0, EXCERPT_CHARS));
    }
}
