package dev.repurchase.jobs.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repurchase.common.order.OrderChange;
import dev.repurchase.common.privacy.ContactMasker;
import dev.repurchase.jobs.wire.WireTypes;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.TimeUtils;

/**
 * Order and line changes that arrive behind event time by more than {@code
 * watermark.allowed-lateness}: typically a CDC backlog delivered after a partition's event time
 * went on with the wall clock. Nothing is dropped for being late: such a change is applied like any
 * other, so the tables are the same in any arrival order (SPEC section 6). What event time already
 * decided without it stays: a reminder it would have cancelled was sent, a stage change was
 * published. So each one is counted ({@code lateChanges}) and a copy, marked as applied, goes to
 * {@link #REPORTS} for the dead-letter topic, with its source topic, partition and offset.
 */
public final class LateChanges implements Serializable {

    /** Reports of late changes, applied all the same. */
    public static final OutputTag<DeadLetter> REPORTS =
            new OutputTag<>("late-changes", WireTypes.DEAD_LETTER);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Duration allowedLateness;

    private transient Counter counter;

    public LateChanges(Duration allowedLateness) {
        this.allowedLateness = allowedLateness;
    }

    void open(MetricGroup metrics) {
        counter = metrics.counter("lateChanges");
    }

    /**
     * The report of {@code change} if it is late at event time {@code watermark}; counts it.
     *
     * @param watermark the current event time; Long.MIN_VALUE before the first watermark
     */
    Optional<DeadLetter> check(OrderChange change, long watermark) {
        long committed = change.position.commitMillis;
        if (watermark == Long.MIN_VALUE || watermark - committed <= allowedLateness.toMillis()) {
            return Optional.empty();
        }
        counter.inc();
        String reason =
                String.format(
                        "late change, applied: committed at %s, %s behind event time (more than"
                                + " watermark.allowed-lateness, %s); triggers and stages due in"
                                + " between were decided without it",
                        Instant.ofEpochMilli(committed),
                        TimeUtils.formatWithHighestUnit(Duration.ofMillis(watermark - committed)),
                        TimeUtils.formatWithHighestUnit(allowedLateness));
        return Optional.of(
                new DeadLetter(
                        change.sourceTopic == null
                                ? OrderVersions.UNKNOWN_SOURCE
                                : change.sourceTopic,
                        change.sourcePartition,
                        change.sourceOffset,
                        ContactMasker.excerpt(reason, CdcDeserializer.REASON_CHARS),
                        ContactMasker.excerpt(excerpt(change), CdcDeserializer.EXCERPT_CHARS)));
    }

    /** What changed, by key: no row content beyond the status. */
    private static String excerpt(OrderChange change) {
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("order_id", change.orderId);
        if (change.isLine()) {
            what.put("line_no", change.line.lineNo);
        } else {
            what.put("customer_id", change.order.customerId);
            what.put("status", String.valueOf(change.order.status));
        }
        what.put("deleted", change.deleted);
        try {
            return JSON.writeValueAsString(what);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the excerpt of a late change", e);
        }
    }
}
