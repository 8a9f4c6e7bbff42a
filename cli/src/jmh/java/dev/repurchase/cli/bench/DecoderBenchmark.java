package dev.repurchase.cli.bench;

import dev.repurchase.common.cdc.CdcFormat;
import dev.repurchase.common.cdc.ChangeDecoder;
import dev.repurchase.common.cdc.MalformedChangeException;
import dev.repurchase.common.cdc.RowChange;
import dev.repurchase.common.cdc.TreeDebeziumDecoder;
import dev.repurchase.common.order.CouponChangeMapper;
import dev.repurchase.common.order.OrderChangeMapper;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The decode ceiling under JMH: what the source does per message (decode, then map each row to a
 * typed order or coupon change) on one thread, over the messages {@code bench --quick} samples
 * (its 20,000-customer shop, every n-th message of the Debezium feed). The tree decoder the
 * pipeline used before and the streaming one run in the same JVM build, side by side.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecoderBenchmark {

    /** The quick bench's sample size, from its shop of 20,000 customers over 120 days. */
    static final int MESSAGES = 50_000;

    @Param({"tree", "streaming"})
    public String decoder;

    private ChangeDecoder changeDecoder;
    private final OrderChangeMapper orders = OrderChangeMapper.canonical();
    private final CouponChangeMapper coupons = CouponChangeMapper.canonical();
    private List<byte[]> messages;
    private int next;

    @Setup
    public void sample() {
        messages =
                BenchShop.generate("jmh", 20_000, Duration.ofDays(120)).sampleMessages(MESSAGES);
        changeDecoder =
                decoder.equals("tree") ? new TreeDebeziumDecoder() : CdcFormat.DEBEZIUM.decoder();
    }

    /**
     * Messages per second of the benchmark thread's own CPU time, beside JMH's per wall second: on
     * a machine that other processes share, the wall-clock rate measures the share of a core the
     * thread got as much as the decoder. JMH prints each iteration's rate; its summary line sums
     * such event counters over the iterations (divide by Cnt for the mean).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuRate {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

        /** The thread's CPU time is read once per this many messages. */
        private static final int BATCH = 256;

        private long cpuStart;
        private long cpuNanos;
        private long messages;
        private int sinceRead;

        @Setup(Level.Iteration)
        public void start() {
            cpuStart = THREADS.getCurrentThreadCpuTime();
            cpuNanos = 0;
            messages = 0;
            sinceRead = 0;
        }

        void decoded() {
            if (++sinceRead == BATCH) {
                sinceRead = 0;
                messages += BATCH;
                cpuNanos = THREADS.getCurrentThreadCpuTime() - cpuStart;
            }
        }

        /** Messages per CPU second of the benchmark thread in this iteration. */
        public double perCpuSecond() {
            return cpuNanos == 0 ? 0 : messages * 1e9 / cpuNanos;
        }
    }

    /** One invocation decodes the next message of the sample: the score is messages per second. */
    @Benchmark
    public void decodeMessage(Blackhole out, CpuRate cpu) {
        byte[] message = messages.get(next);
        next = next + 1 == messages.size() ? 0 : next + 1;
        try {
            for (RowChange row : changeDecoder.decode(message)) {
                out.consume(coupons.handles(row) ? coupons.map(row) : orders.map(row));
            }
        } catch (MalformedChangeException e) {
            out.consume(e);
        }
        cpu.decoded();
    }
}
