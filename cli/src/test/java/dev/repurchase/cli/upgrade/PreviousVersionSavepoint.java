package dev.repurchase.cli.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.cli.embedded.EmbeddedKafka;
import dev.repurchase.cli.replay.DebeziumChangeFeed;
import dev.repurchase.cli.replay.ReplayDirectory;
import dev.repurchase.jobs.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.util.FileUtils;
import org.junit.jupiter.api.Test;

/**
 * Writes the savepoint of the current state version, for the next version's {@code
 * StateUpgradeITCase} to restore: the {@link UpgradeReplay} stopped with a canonical savepoint
 * (RocksDB state) at its first completed checkpoint, early in the history.
 *
 * <p>Not part of the test suite (its name is no {@code *Test} or {@code *ITCase}): run it on demand
 * from the project root, with PostgreSQL on 127.0.0.1:5432 for the sink tables meanwhile (one
 * surefire execution: a second would find the directory written):
 *
 * <pre>
 * ./mvnw -o -pl common,jobs,cli test-compile surefire:test@default-test \
 *     -Dtest=PreviousVersionSavepoint -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dsavepoint.dir=$PWD/cli/src/test/resources/savepoints/NAME
 * </pre>
 */
class PreviousVersionSavepoint {

    @Test
    void writeTheSavepointOfTheCurrentStateVersion() throws Exception {
        String dir = System.getProperty("savepoint.dir");
        assertThat(dir).as("-Dsavepoint.dir=<directory to write>").isNotBlank();
        Path out = Path.of(dir);
        assertThat(out).as("a new directory per state version").doesNotExist();
        write(out.resolve(UpgradeReplay.SAVEPOINT_DIR));
    }

    private static void write(Path savepointDir) throws Exception {
        DebeziumChangeFeed feed = DebeziumChangeFeed.of(UpgradeReplay.history());
        Path work = Files.createTempDirectory("previous-version-savepoint-");
        ReplayDirectory checkpoints = new ReplayDirectory(work);
        String schema = TestPostgres.createSchema("savepoint_writer");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            UpgradeReplay.createTopics(kafka);
            UpgradeReplay.publish(kafka, feed);
            Configuration job =
                    UpgradeReplay.job(
                            TestPostgres.urlFor(schema), kafka, feed, checkpoints.checkpoints());
            JobClient client = UpgradeReplay.submit(job);
            awaitCheckpoint(client, checkpoints);
            String savepoint =
                    client.stopWithSavepoint(
                                    false,
                                    work.resolve("savepoints").toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get();
            client.getJobExecutionResult().get();
            Files.createDirectories(savepointDir.getParent());
            FileUtils.copy(
                    new org.apache.flink.core.fs.Path(savepoint),
                    new org.apache.flink.core.fs.Path(savepointDir.toUri()),
                    false);
            System.out.println("wrote " + savepointDir);
        } finally {
            TestPostgres.dropSchema(schema);
            FileUtils.deleteDirectoryQuietly(work.toFile());
        }
    }

    /** Waits for the first completed checkpoint: the job is then well before its end. */
    private static void awaitCheckpoint(JobClient client, ReplayDirectory checkpoints)
            throws Exception {
        while (checkpoints.latestCheckpoint().isEmpty()) {
            if (client.getJobStatus().get().isGloballyTerminalState()) {
                throw new IllegalStateException("the job ended before its first checkpoint");
            }
            Thread.sleep(20);
        }
    }
}
