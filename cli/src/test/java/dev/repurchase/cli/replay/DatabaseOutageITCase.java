package dev.repurchase.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.cli.testing.BatchReference;
import dev.repurchase.common.config.RepurchaseOptions;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.testing.ContractTables;
import dev.repurchase.jobs.testing.LogCapture;
import dev.repurchase.jobs.testing.TcpProxy;
import dev.repurchase.jobs.testing.TestPostgres;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away in the middle of a replay and comes back: the JDBC sinks fail (the connector
 * retries a failed batch, but cannot reconnect to a database that is down, so the task fails), the
 * job fails over and restarts from its last checkpoint, with the replay's default restart strategy
 * (that of the cluster job: exponential delay without an attempt limit), and once the database is
 * back the tables end complete and exact: equal to the batch SQL over the same orders. The job
 * resumes from checkpoints that had read records (Flink's restore log). The orders have changes
 * after the fact ({@link RefundedOnlineRetail}), some delivered twice, in a business time zone
 * other than UTC.
 *
 * <p>The job reaches PostgreSQL through a {@link TcpProxy}; cutting the proxy closes every
 * connection and refuses new ones, as a database restart or a network partition would.
 */
class DatabaseOutageITCase {

    private static final Path ONLINE_RETAIL = Path.of("../data/online_retail/online_retail.csv.gz");
    // The whole year: the replay must still have rows to write when the database goes. With four
    // months an idle machine had written them all by then, and the replay ended during the outage.
    private static final Instant FROM = Instant.parse("2010-12-01T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2011-12-10T00:00:00Z");

    /**
     * Longer than the replay's former restart strategy lasted (3 attempts 1 s apart), as long as a
     * database restart may take.
     */
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    private String batchSchema;
    private String streamSchema;

    @AfterEach
    void dropSchemas() throws Exception {
        TestPostgres.dropSchema(batchSchema);
        TestPostgres.dropSchema(streamSchema);
    }

    @Test
    void tablesEndExactAfterTheDatabaseWasDownMidway() throws Exception {
        OrderHistory history = RefundedOnlineRetail.read(ONLINE_RETAIL, FROM, UNTIL);
        batchSchema = TestPostgres.createSchema("outage_batch");
        streamSchema = TestPostgres.createSchema("outage_stream");

        try (TcpProxy proxy = TcpProxy.to("127.0.0.1", 5432);
                LogCapture log = LogCapture.start(Level.INFO)) {
            Configuration config = new Configuration();
            config.set(
                    PipelineOptions.JDBC_URL,
                    "jdbc:postgresql://127.0.0.1:"
                            + proxy.port()
                            + "/test?currentSchema="
                            + streamSchema
                            + "&user="
                            + TestPostgres.USER
                            + "&connectTimeout=5&socketTimeout=60");
            config.set(CoreOptions.DEFAULT_PARALLELISM, 2);
            config.set(RepurchaseOptions.TIMEZONE, "Europe/Berlin");
            // No restart strategy set: the replay's default must outlast the outage.
            BatchReference.compute(batchSchema, history, config);

            long start = System.nanoTime();
            CompletableFuture<HistoryReplay.Result> replay =
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return new HistoryReplay(
                                                    config,
                                                    new PrintStream(
                                                            OutputStream.nullOutputStream()))
                                            .run(RefundedOnlineRetail.withDuplicates(history));
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            });

            long rowsBefore = awaitRowsWritten(replay);
            assertThat(replay).as("the replay must still run when the database goes").isNotDone();
            proxy.stop();
            Thread.sleep(OUTAGE.toMillis());
            assertThat(replay)
                    .as("the replay must not have ended while the database was down")
                    .isNotDone();
            proxy.start();
            replay.get(10, TimeUnit.MINUTES);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            long restarts =
                    log.lines().stream()
                            .filter(l -> l.contains("switched from state RUNNING to RESTARTING"))
                            .count();
            System.out.printf(
                    "DatabaseOutageITCase: %,d rows before the %s outage, %d connections cut,"
                            + " %d job restarts, replay %s%n",
                    rowsBefore, OUTAGE, proxy.connectionsCut(), restarts, elapsed);
            assertThat(rowsBefore).isPositive();
            assertThat(proxy.connectionsCut()).as("connections the outage cut").isPositive();
            assertThat(restarts).as("the job failed over").isPositive();
        }

        ContractTables.assertSame(streamSchema, batchSchema);
    }

    /**
     * Waits until the job has written metric rows and customer profiles (those only once a
     * checkpoint completed), looking directly, not through the proxy.
     */
    private long awaitRowsWritten(CompletableFuture<?> replay) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline && !replay.isDone()) {
            long rows = rows("metric_period");
            long profiles = rows("customer_profile");
            if (rows > 0 && profiles > 0) {
                return rows + profiles;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no rows written before the replay ended");
    }

    private long rows(String table) {
        try (Connection c = TestPostgres.connect();
                Statement s = c.createStatement();
                ResultSet r =
                        s.executeQuery("SELECT count(*) FROM " + streamSchema + "." + table)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException notYetCreated) {
            return 0;
        }
    }
}
