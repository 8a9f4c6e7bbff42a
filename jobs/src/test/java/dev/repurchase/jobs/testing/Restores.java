package dev.repurchase.jobs.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Flink logged at INFO about restoring a job: the checkpoints and savepoints it restored
 * ({@code CheckpointCoordinator}: "Restoring job <id> from Checkpoint 7 @ <time> for <id> located
 * at <location>."; a retained checkpoint given as the savepoint path shows as a savepoint) and the
 * Kafka offsets its source readers started from ({@code SourceReaderBase}: "Adding split(s) to
 * reader: [[Partition: orders-0, StartingOffset: 1234, ...]]").
 *
 * <p>A reader given its splits by the enumerator starts at the earliest offset (-2, resolved by the
 * reader); only a reader restored from state that had read records starts at a positive offset. A
 * positive starting offset therefore proves that the run resumed from a non-empty checkpoint rather
 * than starting from scratch.
 *
 * @param restored one per restore, in log order
 * @param startingOffsets every split's starting offset, in log order
 */
public record Restores(List<Restore> restored, List<Long> startingOffsets) {

    /**
     * One restore.
     *
     * @param kind "Checkpoint" (a failover) or "Savepoint" (a start from a savepoint path)
     * @param id the checkpoint id
     * @param location where its metadata is, as Flink names it ({@code file:/...})
     */
    public record Restore(String kind, long id, String location) {}

    /** The loggers of these lines, for a process whose log configuration must keep them. */
    public static final List<String> LOGGERS =
            List.of(
                    "org.apache.flink.runtime.checkpoint.CheckpointCoordinator",
                    "org.apache.flink.connector.base.source.reader.SourceReaderBase");

    private static final Pattern RESTORED =
            Pattern.compile(
                    "Restoring job \\S+ from (Checkpoint|Savepoint) (\\d+) @ \\d+ for \\S+ located"
                            + " at (\\S+?)\\.?$",
                    Pattern.MULTILINE);
    private static final String SPLITS_ADDED = "Adding split(s) to reader";
    private static final Pattern STARTING_OFFSET = Pattern.compile("StartingOffset: (-?\\d+)");

    /** The restores in {@code lines} (log lines, in any layout that keeps the message). */
    public static Restores in(Collection<String> lines) {
        List<Restore> restored = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        for (String line : lines) {
            Matcher restore = RESTORED.matcher(line);
            if (restore.find()) {
                restored.add(
                        new Restore(
                                restore.group(1),
                                Long.parseLong(restore.group(2)),
                                restore.group(3)));
            }
            if (line.contains(SPLITS_ADDED)) {
                Matcher offset = STARTING_OFFSET.matcher(line);
                while (offset.find()) {
                    offsets.add(Long.parseLong(offset.group(1)));
                }
            }
        }
        return new Restores(List.copyOf(restored), List.copyOf(offsets));
    }

    /** True if some source reader resumed past the start of its partition. */
    public boolean resumedFromReadRecords() {
        return startingOffsets.stream().anyMatch(offset -> offset > 0);
    }
}
