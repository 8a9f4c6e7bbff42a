package dev.repurchase.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a replay directory says about an earlier run: what it published, where to resume. */
class ReplayDirectoryTest {

    @TempDir Path root;

    private ReplayDirectory directory() {
        return new ReplayDirectory(root);
    }

    private Path checkpoint(String job, long id) throws Exception {
        Path chk = Files.createDirectories(root.resolve("checkpoints").resolve(job + "/chk-" + id));
        try (OutputStream out = Files.newOutputStream(chk.resolve("_metadata"))) {
            Checkpoints.storeCheckpointMetadata(
                    new CheckpointMetadata(id, List.of(), List.of()), out);
        }
        return chk;
    }

    @Test
    void nothingToResumeInAnEmptyDirectory() {
        assertThat(directory().latestCheckpoint()).isEmpty();
        assertThat(directory().published()).isEmpty();
    }

    @Test
    void resumesFromTheHighestCompleteCheckpointOfAnyJob() throws Exception {
        checkpoint("first-job", 3);
        Path latest = checkpoint("second-job", 7);
        checkpoint("first-job", 5);
        // A checkpoint being written when the process died: no metadata, or a partial one.
        Files.createDirectories(root.resolve("checkpoints/second-job/chk-9"));
        Path partial = Files.createDirectories(root.resolve("checkpoints/second-job/chk-8"));
        Files.write(partial.resolve("_metadata"), new byte[] {1, 2, 3});

        assertThat(directory().latestCheckpoint()).contains(latest);
    }

    @Test
    void remembersWhatWasPublished() throws Exception {
        Map<String, Long> perTopic = new LinkedHashMap<>();
        perTopic.put("orders", 3L);
        perTopic.put("order_items", 5L);
        HistoryPublisher.Summary summary =
                new HistoryPublisher.Summary(perTopic, Instant.parse("2011-12-09T12:50:00Z"));

        directory().writePublished(new ReplayDirectory.Published("abc", summary));

        assertThat(directory().published()).contains(new ReplayDirectory.Published("abc", summary));
    }

    @Test
    void clearingDeletesOnlyWhatTheReplayWrote() throws Exception {
        checkpoint("job", 1);
        Files.createDirectories(directory().kafka().resolve("logs"));
        directory()
                .writePublished(
                        new ReplayDirectory.Published(
                                "abc", new HistoryPublisher.Summary(Map.of(), null)));
        Path other = Files.writeString(root.resolve("notes.txt"), "mine");

        directory().clear();

        assertThat(directory().latestCheckpoint()).isEmpty();
        assertThat(directory().published()).isEmpty();
        assertThat(directory().kafka()).doesNotExist();
        assertThat(other).hasContent("mine");
    }
}
