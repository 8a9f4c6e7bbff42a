package dev.repurchase.jobs.bench;

import dev.repurchase.common.cdc.CdcFormat;
import dev.repurchase.common.order.OrderChangeMapper;
import dev.repurchase.jobs.ingest.CdcDeserializer;
import dev.repurchase.jobs.ingest.DecodedChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.Collector;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The decode ceiling: the pipeline's own source decoder ({@link CdcDeserializer}: Debezium JSON to
 * typed changes, dead letters on error) alone on one thread, over realistic messages. No pipeline
 * can be faster per core than this.
 */
final class DecodeCeiling {

    /**
     * @param messages how many messages were decoded in the timed passes
     * @param decoded how many typed changes came out of them (dead letters are counted apart)
     * @param eventsPerSecond messages per second on one thread: events/s per core
     */
    record Figures(
            long messages,
            long decoded,
            long deadLetters,
            Duration measured,
            double eventsPerSecond,
            double megabytesPerSecond,
            int sample,
            long meanBytes,
            long medianBytes,
            long minBytes,
            long maxBytes) {}

    private DecodeCeiling() {}

    static Figures measure(List<byte[]> messages, Duration warmUp, Duration measure) {
        CdcDeserializer deserializer =
                new CdcDeserializer(CdcFormat.DEBEZIUM, OrderChangeMapper.canonical());
        deserializer.open(
                new DeserializationSchema.InitializationContext() {
                    @Override
                    public MetricGroup getMetricGroup() {
                        return new UnregisteredMetricsGroup();
                    }

                    @Override
                    public UserCodeClassLoader getUserCodeClassLoader() {
                        return null;
                    }
                });
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(messages.size());
        long[] sizes = new long[messages.size()];
        long totalBytes = 0;
        for (int i = 0; i < messages.size(); i++) {
            records.add(new ConsumerRecord<>("orders", 0, i, null, messages.get(i)));
            sizes[i] = messages.get(i).length;
            totalBytes += sizes[i];
        }
        Arrays.sort(sizes);
        Counting sink = new Counting();

        long warmUpEnd = System.nanoTime() + warmUp.toNanos();
        while (System.nanoTime() < warmUpEnd) {
            pass(deserializer, records, sink);
        }
        sink.reset();
        long start = System.nanoTime();
        long end = start + measure.toNanos();
        long passes = 0;
        do {
            pass(deserializer, records, sink);
            passes++;
        } while (System.nanoTime() < end);
        long nanos = System.nanoTime() - start;
        long decodedMessages = passes * records.size();
        double seconds = nanos / 1e9;
        return new Figures(
                decodedMessages,
                sink.changes,
                sink.deadLetters,
                Duration.ofNanos(nanos),
                decodedMessages / seconds,
                passes * totalBytes / seconds / 1e6,
                records.size(),
                records.isEmpty() ? 0 : totalBytes / records.size(),
                sizes.length == 0 ? 0 : sizes[sizes.length / 2],
                sizes.length == 0 ? 0 : sizes[0],
                sizes.length == 0 ? 0 : sizes[sizes.length - 1]);
    }

    private static void pass(
            CdcDeserializer deserializer,
            List<ConsumerRecord<byte[], byte[]>> records,
            Counting sink) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            deserializer.deserialize(record, sink);
        }
    }

    /** Counts what comes out and reads a field of it, so that nothing is optimised away. */
    private static final class Counting implements Collector<DecodedChange> {
        long changes;
        long deadLetters;
        long checksum;

        @Override
        public void collect(DecodedChange change) {
            if (change.change != null) {
                changes++;
                checksum += change.commitMillis();
            } else {
                deadLetters++;
            }
        }

        @Override
        public void close() {}

        void reset() {
            changes = 0;
            deadLetters = 0;
        }
    }
}
