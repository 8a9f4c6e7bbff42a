package dev.repurchase.cli.replay;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.util.FileUtils;

/**
 * The directory of a replay that survives its process ({@code replay --checkpoint-dir DIR}):
 *
 * <pre>
 * DIR/replay.properties     what was published: the fingerprint of events and options, counts
 * DIR/kafka/                the embedded broker's storage (CDC topics, reminders, transactions)
 * DIR/checkpoints/JOB/chk-N the job's retained checkpoints
 * </pre>
 *
 * A later run of the same replay resumes from the latest complete checkpoint. Only these three
 * entries are ever written or deleted; anything else in DIR is left alone.
 */
public final class ReplayDirectory {

    /** What an earlier run published into the directory's broker. */
    public record Published(String fingerprint, HistoryPublisher.Summary summary) {}

    private static final String RUN_FILE = "replay.properties";
    private static final Pattern CHECKPOINT = Pattern.compile("chk-(\\d+)");
    private static final String METADATA = "_metadata";

    private final Path root;

    public ReplayDirectory(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** Storage of the embedded broker. */
    public Path kafka() {
        return root.resolve("kafka");
    }

    /** Where the job's checkpoints go ({@code execution.checkpointing.dir}). */
    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    /**
     * The latest complete checkpoint: the {@code chk-N} directory with the highest N whose {@code
     * _metadata} can be read (a process killed while writing one leaves it partial), of any job.
     */
    public Optional<Path> latestCheckpoint() {
        if (!Files.isDirectory(checkpoints())) {
            return Optional.empty();
        }
        List<Path> candidates;
        try (Stream<Path> jobs = Files.list(checkpoints())) {
            candidates =
                    jobs.filter(Files::isDirectory)
                            .flatMap(ReplayDirectory::checkpointsOfJob)
                            .filter(chk -> Files.isRegularFile(chk.resolve(METADATA)))
                            .sorted(
                                    Comparator.comparingLong(ReplayDirectory::checkpointId)
                                            .reversed())
                            .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the checkpoints in " + checkpoints(), e);
        }
        return candidates.stream().filter(ReplayDirectory::readable).findFirst();
    }

    /** What an earlier run published, if it got as far as publishing everything. */
    public Optional<Published> published() {
        Path file = root.resolve(RUN_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            p.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        String fingerprint = p.getProperty("fingerprint");
        String topics = p.getProperty("topics");
        if (fingerprint == null || topics == null) {
            return Optional.empty();
        }
        Map<String, Long> eventsPerTopic = new LinkedHashMap<>();
        for (String topic : topics.isEmpty() ? new String[0] : topics.split(",")) {
            eventsPerTopic.put(topic, Long.parseLong(p.getProperty("events." + topic, "0")));
        }
        String latest = p.getProperty("latest-event-time");
        return Optional.of(
                new Published(
                        fingerprint,
                        new HistoryPublisher.Summary(
                                eventsPerTopic, latest == null ? null : Instant.parse(latest))));
    }

    /** Records that everything was published; written once the broker holds all the events. */
    public void writePublished(Published published) throws IOException {
        Properties p = new Properties();
        p.setProperty("fingerprint", published.fingerprint());
        Map<String, Long> perTopic = published.summary().eventsPerTopic();
        p.setProperty("topics", String.join(",", perTopic.keySet()));
        perTopic.forEach((topic, n) -> p.setProperty("events." + topic, String.valueOf(n)));
        if (published.summary().latestEventTime() != null) {
            p.setProperty("latest-event-time", published.summary().latestEventTime().toString());
        }
        Files.createDirectories(root);
        Path temp = root.resolve(RUN_FILE + ".tmp");
        try (Writer writer = Files.newBufferedWriter(temp)) {
            p.store(writer, "replay --checkpoint-dir: what the broker in kafka/ holds");
        }
        Files.move(
                temp,
                root.resolve(RUN_FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Deletes the broker, the checkpoints and the record of what was published. */
    public void clear() throws IOException {
        Files.deleteIfExists(root.resolve(RUN_FILE));
        clearCheckpoints();
        FileUtils.deleteDirectory(kafka().toFile());
    }

    /** Deletes the checkpoints: nothing is left to resume. */
    public void clearCheckpoints() throws IOException {
        FileUtils.deleteDirectory(checkpoints().toFile());
    }

    private static Stream<Path> checkpointsOfJob(Path job) {
        try (Stream<Path> entries = Files.list(job)) {
            return entries
                    .filter(p -> CHECKPOINT.matcher(p.getFileName().toString()).matches())
                    .toList()
                    .stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static long checkpointId(Path chk) {
        Matcher m = CHECKPOINT.matcher(chk.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    private static boolean readable(Path chk) {
        try (InputStream in = Files.newInputStream(chk.resolve(METADATA));
                DataInputStream data = new DataInputStream(in)) {
            Checkpoints.loadCheckpointMetadata(
                    data, ReplayDirectory.class.getClassLoader(), chk.toString());
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
