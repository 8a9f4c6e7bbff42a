package dev.repurchase.cli.bench;

import dev.repurchase.common.cdc.CdcFormat;
import dev.repurchase.common.order.OrderChangeMapper;
import dev.repurchase.jobs.ingest.CdcDeserializer;
import dev.repurchase.jobs.ingest.DecodedChange;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
     * @param messages how many messages were decoded in the timed rounds
     * @param decoded how many typed changes came out of them (dead letters are counted apart)
     * @param eventsPerSecond the median of the timed rounds' rates on one thread: events/s per core
     * @param bestEventsPerSecond the fastest timed round
     * @param rounds how many rounds were timed
     * @param lowerQuartile the rate a quarter of the timed rounds stayed below
     * @param upperQuartile the rate a quarter of the timed rounds exceeded
     * @param warmUp how long the JIT took until the rate was stable
     * @param foreignCores cores other processes used meanwhile
     */
    record Figures(
            long messages,
            long decoded,
            long deadLetters,
            Duration measured,
            Duration warmUp,
            double eventsPerSecond,
            double bestEventsPerSecond,
            int rounds,
            double lowerQuartile,
            double upperQuartile,
            double wallEventsPerSecond,
            double megabytesPerSecond,
            double foreignCores,
            int sample,
            long meanBytes,
            long medianBytes,
            long minBytes,
            long maxBytes) {

        /** The quartiles' distance as a share of the median: how far the figure can be trusted. */
        double spread() {
            return (upperQuartile - lowerQuartile) / eventsPerSecond;
        }
    }

    /** One round decodes for about this much CPU time; rates are compared round by round. */
    private static final long ROUND_NANOS = 500_000_000L;

    private DecodeCeiling() {}

    /** The source's decoder of Debezium messages, open, outside a job. */
    static CdcDeserializer debeziumDeserializer() {
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
        return deserializer;
    }

    /**
     * Warms up for at least {@code minWarmUp} and until four rounds in a row are within 5% of each
     * other (at most {@code maxWarmUp}), then times rounds for {@code measure}.
     */
    static Figures measure(
            List<byte[]> messages, Duration minWarmUp, Duration maxWarmUp, Duration measure) {
        CdcDeserializer deserializer = debeziumDeserializer();
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
        Cursor cursor = new Cursor(records);

        long warmUpStart = System.nanoTime();
        List<Double> recent = new ArrayList<>();
        while (true) {
            recent.add(round(deserializer, cursor, sink)[0]);
            long elapsed = System.nanoTime() - warmUpStart;
            if (elapsed >= maxWarmUp.toNanos()
                    || (elapsed >= minWarmUp.toNanos() && stable(recent, 4, 0.05))) {
                break;
            }
        }
        Duration warmUp = Duration.ofNanos(System.nanoTime() - warmUpStart);

        sink.reset();
        Machine.CpuTime cpuStart = Machine.CpuTime.now();
        long start = System.nanoTime();
        List<Double> rates = new ArrayList<>();
        List<Double> wallRates = new ArrayList<>();
        long decodedMessages = 0;
        while (System.nanoTime() - start < measure.toNanos()) {
            double[] round = round(deserializer, cursor, sink);
            rates.add(round[0]);
            wallRates.add(round[2]);
            decodedMessages += (long) round[1];
        }
        long nanos = System.nanoTime() - start;
        double foreign =
                Machine.CpuTime.now()
                        .foreignCoresSince(cpuStart, Runtime.getRuntime().availableProcessors());
        double[] sorted = rates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = sorted[sorted.length / 2];
        double wallMedian =
                wallRates.stream()
                        .mapToDouble(Double::doubleValue)
                        .sorted()
                        .toArray()[wallRates.size() / 2];
        return new Figures(
                decodedMessages,
                sink.changes,
                sink.deadLetters,
                Duration.ofNanos(nanos),
                warmUp,
                median,
                sorted[sorted.length - 1],
                sorted.length,
                sorted[sorted.length / 4],
                sorted[sorted.length * 3 / 4],
                wallMedian,
                median * totalBytes / records.size() / 1e6,
                foreign,
                records.size(),
                records.isEmpty() ? 0 : totalBytes / records.size(),
                sizes.length == 0 ? 0 : sizes[sizes.length / 2],
                sizes.length == 0 ? 0 : sizes[0],
                sizes.length == 0 ? 0 : sizes[sizes.length - 1]);
    }

    /** True if the last {@code n} rates are within {@code tolerance} of their mean. */
    static boolean stable(List<Double> rates, int n, double tolerance) {
        if (rates.size() < n) {
            return false;
        }
        List<Double> last = rates.subList(rates.size() - n, rates.size());
        double mean = last.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        return last.stream().allMatch(r -> Math.abs(r - mean) <= tolerance * mean);
    }

    /**
     * Decodes for about {@link #ROUND_NANOS} of this thread's CPU time; returns {messages per CPU
     * second, messages, messages per wall second}. CPU time, not wall time: other processes on the
     * machine take the core away now and then, which says nothing about the decoder.
     */
    private static double[] round(CdcDeserializer deserializer, Cursor cursor, Counting sink) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long count = 0;
        long cpu;
        do {
            for (int i = 0; i < 1_000; i++) {
                deserializer.deserialize(cursor.next(), sink);
            }
            count += 1_000;
            cpu = threads.getCurrentThreadCpuTime() - cpuStart;
        } while (cpu < ROUND_NANOS);
        long wall = System.nanoTime() - start;
        return new double[] {count / (cpu / 1e9), count, count / (wall / 1e9)};
    }

    /** Goes round the sample forever. */
    private static final class Cursor {
        private final List<ConsumerRecord<byte[], byte[]>> records;
        private int next;

        Cursor(List<ConsumerRecord<byte[], byte[]>> records) {
            this.records = records;
        }

        ConsumerRecord<byte[], byte[]> next() {
            ConsumerRecord<byte[], byte[]> record = records.get(next);
            next = next + 1 == records.size() ? 0 : next + 1;
            return record;
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
