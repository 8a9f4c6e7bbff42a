package dev.repurchase.cli.bench;

import dev.repurchase.cli.replay.ChangeEvent;
import dev.repurchase.cli.replay.DebeziumChangeFeed;
import dev.repurchase.common.metric.MetricSettings;
import dev.repurchase.common.order.OrderChange;
import dev.repurchase.common.order.PurchaseChange;
import dev.repurchase.jobs.ingest.CdcDeserializer;
import dev.repurchase.jobs.ingest.DecodedChange;
import dev.repurchase.jobs.ingest.OrderVersions;
import dev.repurchase.jobs.ingest.OrderVersionsOperator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.contrib.streaming.state.RocksDBOptions;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The order versions alone, on one thread, with their RocksDB state and timers: every order change
 * of {@code bench --quick}'s shop (20,000 customers over 120 days, decoded by the pipeline's own
 * source decoder) in commit order, event time {@value #WATERMARK_LAG} changes behind as in a replay
 * that reads ahead, then event time to the end. One operation is the whole replay into fresh state;
 * divide by the changes it prints for the time per change. Without the source, the shuffles and
 * the operators after it, a change of this operator shows here when the whole job's run-to-run
 * spread hides it.
 *
 * <p>{@code ./mvnw -Pjmh -pl common,jobs,cli test -DskipTests -Djmh.include=OrderVersionsBenchmark
 * "-Djmh.args=-f 1 -wi 5 -i 5"}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class OrderVersionsBenchmark {

    /** How far event time trails the changes read: about a second of the quick bench's feed. */
    static final int WATERMARK_LAG = 3_000;

    /** How often event time moves, in changes. */
    private static final int WATERMARK_EVERY = 500;

    private static final int MAX_PARALLELISM = 128;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * RocksDB with its own memory: on the harness's little managed memory one replay took ten
     * minutes, most of them waiting inside RocksDB.
     */
    private static final EmbeddedRocksDBStateBackend ROCKSDB =
            new EmbeddedRocksDBStateBackend()
                    .configure(
                            new Configuration().set(RocksDBOptions.USE_MANAGED_MEMORY, false),
                            OrderVersionsBenchmark.class.getClassLoader());

    private List<OrderChange> changes;

    @Setup
    public void decode() {
        CdcDeserializer deserializer = DecodeCeiling.debeziumDeserializer();
        changes = new ArrayList<>();
        Collector<DecodedChange> orderChanges =
                new Collector<>() {
                    @Override
                    public void collect(DecodedChange decoded) {
                        if (decoded.change != null) {
                            changes.add(decoded.change);
                        }
                    }

                    @Override
                    public void close() {}
                };
        BenchShop shop = BenchShop.generate("jmh", 20_000, Duration.ofDays(120));
        long offset = 0;
        for (ChangeEvent event : shop.feed(DebeziumChangeFeed.Topics.DEFAULT)) {
            deserializer.deserialize(
                    new ConsumerRecord<>(
                            event.topic(),
                            0,
                            offset++,
                            event.key().getBytes(StandardCharsets.UTF_8),
                            event.value().getBytes(StandardCharsets.UTF_8)),
                    orderChanges);
        }
        System.out.printf("%n%,d order changes per operation%n", changes.size());
    }

    @Benchmark
    public int replay() throws Exception {
        Configuration config = new Configuration();
        KeyedOneInputStreamOperatorTestHarness<String, OrderChange, PurchaseChange> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new OrderVersionsOperator(
                                OrderVersions.from(
                                        config, MetricSettings.from(config), Instant.EPOCH)),
                        change -> change.orderId,
                        Types.STRING,
                        MAX_PARALLELISM,
                        1,
                        0);
        harness.setStateBackend(ROCKSDB);
        harness.open();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < changes.size(); i++) {
            OrderChange change = changes.get(i);
            harness.processElement(new StreamRecord<>(change, change.position.commitMillis));
            if (i >= WATERMARK_LAG && i % WATERMARK_EVERY == 0) {
                harness.processWatermark(changes.get(i - WATERMARK_LAG).position.commitMillis);
            }
        }
        harness.processWatermark(changes.get(changes.size() - 1).position.commitMillis);
        System.out.printf(
                " [%.2f µs CPU per change] ",
                (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e3 / changes.size());
        int told = harness.getOutput().size();
        harness.close();
        return told;
    }
}
