package dev.repurchase.cli.testing;

import dev.repurchase.cli.embedded.EmbeddedKafka;
import dev.repurchase.cli.replay.ChangeEvent;
import dev.repurchase.cli.replay.HistoryReplay;
import dev.repurchase.jobs.fault.FailureInjector;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;

/**
 * The replays the ITCases run beside a clean one: the changes shuffled and duplicated, or with task
 * failures injected; and a replay on an in-process broker whose topics the test reads.
 */
public final class TestReplays {

    /** Reads what a replay left on the broker, before it closes. */
    public interface Outputs<T> {
        T read(EmbeddedKafka kafka, HistoryReplay.Result result) throws Exception;
    }

    private TestReplays() {}

    /** Every event twice, all in an order drawn from {@code seed}. */
    public static List<ChangeEvent> shuffledTwice(Iterable<ChangeEvent> events, long seed) {
        List<ChangeEvent> shuffled = new ArrayList<>();
        for (ChangeEvent event : events) {
            shuffled.add(event);
            shuffled.add(event);
        }
        Collections.shuffle(shuffled, new Random(seed));
        return shuffled;
    }

    /**
     * The options of a replay of {@link #shuffledTwice shuffled} changes: lines far (in event time)
     * from their order wait for it rather than become orphans, and the watermark waits for the
     * whole history, as event time must not pass a change before it is read (SPEC 4.1's proviso).
     */
    public static Configuration readInAnyOrder() {
        Configuration options = new Configuration();
        options.setString("ingest.orphan-line-grace", "3650 d");
        options.setString("watermark.out-of-orderness", "3650 d");
        return options;
    }

    /**
     * The options of a replay with {@code failures} task failures at points drawn from {@code seed}
     * ({@link FailureInjector}), checkpointing every {@code checkpointInterval}.
     */
    public static Configuration withFailures(int failures, long seed, Duration checkpointInterval) {
        Configuration options = new Configuration();
        options.set(FailureInjector.FAILURES, failures);
        options.set(FailureInjector.SEED, seed);
        options.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
        return options;
    }

    /** Replays {@code events} with {@code config} on an in-process broker and reads its outputs. */
    public static <T> T replay(
            Configuration config, Iterable<ChangeEvent> events, Outputs<T> outputs)
            throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            HistoryReplay.Result result =
                    new HistoryReplay(config, new PrintStream(OutputStream.nullOutputStream()))
                            .run(events, kafka);
            return outputs.read(kafka, result);
        }
    }
}
