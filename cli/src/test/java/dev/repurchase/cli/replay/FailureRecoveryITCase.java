package dev.repurchase.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.cli.embedded.EmbeddedKafka;
import dev.repurchase.cli.testing.BatchReference;
import dev.repurchase.cli.testing.TestReplays;
import dev.repurchase.cli.testing.TestSchemas;
import dev.repurchase.common.config.RepurchaseOptions;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.fault.FailureInjector;
import dev.repurchase.jobs.testing.CommittedMessages;
import dev.repurchase.jobs.testing.ContractTables;
import dev.repurchase.jobs.testing.LogCapture;
import dev.repurchase.jobs.testing.Restores;
import dev.repurchase.jobs.testing.TestPostgres;
import dev.repurchase.jobs.testing.Triggers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC section 6, exactly-once results: four months of the real Online Retail history with the
 * order system's changes after the fact ({@link RefundedOnlineRetail}: payments hours after the
 * order, refunds days to weeks after delivery, cancellations, unpaid orders, some changes delivered
 * twice), in a business time zone other than UTC, replayed twice: once without failure and once
 * with five task failures injected at random points, each once a checkpoint has completed since the
 * restart before ({@link FailureInjector}), so the job restarts from a checkpoint that holds state
 * each time, however fast the machine. Both runs must end in the same contract tables, equal to the
 * batch SQL's, the same trigger log, and the same reminder and lifecycle messages, each delivered
 * once to a read_committed consumer.
 *
 * <p>Trigger settings that do not depend on timing: suppression before a fixed instant (not the
 * job's start), and no learned category cycles (they follow the aggregator's flushes).
 */
class FailureRecoveryITCase {

    private static final Path ONLINE_RETAIL = Path.of("../data/online_retail/online_retail.csv.gz");
    private static final Instant FROM = Instant.parse("2010-12-01T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2011-04-01T00:00:00Z");
    private static final int FAILURES = 5;
    private static final String TIMEZONE = "America/Los_Angeles";

    private static final TestSchemas schemas = new TestSchemas();
    private static String batch;
    private static Run clean;
    private static Run failed;

    /**
     * What a replay left: its schema, the trigger ids of its reminders, its reminder and lifecycle
     * messages as a read_committed consumer reads them (key and value), what the replay reported,
     * and what Flink logged of restores.
     */
    private record Run(
            String schema,
            List<String> reminderIds,
            List<String> reminders,
            List<String> lifecycle,
            HistoryReplay.Result result,
            Restores restores) {}

    @BeforeAll
    static void replayWithAndWithoutFailures() throws Exception {
        OrderHistory history = RefundedOnlineRetail.read(ONLINE_RETAIL, FROM, UNTIL);
        batch = schemas.create("batch");
        BatchReference.compute(batch, history, config(batch));
        List<ChangeEvent> events = RefundedOnlineRetail.withDuplicates(history);

        clean = replay(events, schemas.create("clean"), new Configuration());

        failed =
                replay(
                        events,
                        schemas.create("failed"),
                        TestReplays.withFailures(FAILURES, 20261126L, Duration.ofMillis(300)));
    }

    @AfterAll
    static void dropSchemas() throws Exception {
        schemas.close();
    }

    private static Configuration config(String schema) {
        Configuration config = new Configuration();
        config.set(PipelineOptions.JDBC_URL, TestPostgres.urlFor(schema));
        config.set(CoreOptions.DEFAULT_PARALLELISM, 2);
        config.set(RepurchaseOptions.TIMEZONE, TIMEZONE);
        config.setString("reminders.suppress-before", "2011-03-01T00:00:00Z");
        config.setString("reminders.min-samples", String.valueOf(Integer.MAX_VALUE));
        return config;
    }

    private static Run replay(List<ChangeEvent> events, String schema, Configuration options)
            throws Exception {
        Configuration config = config(schema);
        config.addAll(options);
        try (LogCapture log = LogCapture.start(Level.INFO)) {
            return TestReplays.replay(
                    config,
                    events,
                    (kafka, result) -> {
                        String reminders = config.get(PipelineOptions.REMINDERS_TOPIC);
                        return new Run(
                                schema,
                                Triggers.deliveredIds(kafka.bootstrapServers(), reminders),
                                messages(kafka, reminders),
                                messages(kafka, config.get(PipelineOptions.LIFECYCLE_TOPIC)),
                                result,
                                Restores.in(log.lines()));
                    });
        }
    }

    /** The whole messages (key and value) a read_committed consumer reads from {@code topic}. */
    private static List<String> messages(EmbeddedKafka kafka, String topic) {
        return CommittedMessages.readAll(kafka.bootstrapServers(), topic).stream()
                .map(record -> record.key() + " | " + record.value())
                .toList();
    }

    @Test
    void theJobFailedAndRecoveredAsOftenAsAsked() {
        assertThat(clean.result().injectedFailures()).isZero();
        assertThat(failed.result().injectedFailures()).isEqualTo(FAILURES);
    }

    @Test
    void theFailedRunResumedFromNonEmptyCheckpoints() {
        assertThat(clean.restores().restored()).as("the clean run never restores").isEmpty();
        assertThat(clean.restores().resumedFromReadRecords()).isFalse();

        assertThat(failed.restores().restored())
                .as("one restore from a checkpoint per failure")
                .hasSize(FAILURES)
                .allMatch(restored -> restored.kind().equals("Checkpoint") && restored.id() > 0);
        assertThat(failed.restores().resumedFromReadRecords())
                .as(
                        "a restored source reader resumed past the records it had read: %s",
                        failed.restores().startingOffsets())
                .isTrue();
    }

    @Test
    void contractTablesEqualTheFailureFreeRunAndTheBatchSql() throws Exception {
        ContractTables.assertSame(failed.schema(), clean.schema());
        ContractTables.assertSame(failed.schema(), batch);
    }

    /**
     * The tables the batch SQL does not compute: lifecycle stages, segments and the customer
     * profile (stage, RFM, expected next purchase, habitual time, and the prediction columns) as of
     * the end of the history. The prediction columns are recomputed after a last fit over all
     * customers at the end of the replay (SPEC 9), so whatever the earlier fits saw (they run as
     * event time passes and see what has been read by then), the columns are equal, bit for bit:
     * the last fit sums the same counts in the same order from the same start.
     */
    @Test
    void lifecycleTablesEqualTheFailureFreeRun() throws Exception {
        for (String table :
                List.of(
                        "lifecycle_stage_count WHERE customers > 0",
                        "segment_stat WHERE customers > 0",
                        "customer_profile WHERE purchases > 0")) {
            assertThat(rows(clean.schema(), table)).as(table).isNotEmpty();
            assertThat(rows(failed.schema(), table))
                    .as(table)
                    .isEqualTo(rows(clean.schema(), table));
        }
        assertThat(rows(clean.schema(), "customer_profile WHERE p_alive IS NULL AND purchases > 0"))
                .as("customers without a prediction after the replay")
                .isEmpty();
    }

    /** The last fit, at the end of the replay, is the same; the ones before need not be. */
    @Test
    void lastPredictionModelEqualsTheFailureFreeRun() throws Exception {
        String last = "prediction_model ORDER BY fitted_at DESC LIMIT 1";
        assertThat(rows(clean.schema(), last)).hasSize(1);
        assertThat(rows(failed.schema(), last)).isEqualTo(rows(clean.schema(), last));
    }

    /** The rows of {@code schema.table} (with a WHERE clause) as text. */
    private static Set<String> rows(String schema, String table) throws Exception {
        Set<String> rows = new TreeSet<>();
        try (Connection c = TestPostgres.connect();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT * FROM " + schema + "." + table)) {
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? " | " : "").append(r.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    @Test
    void triggerLogEqualsTheFailureFreeRun() throws Exception {
        assertThat(Triggers.log(clean.schema()))
                .as("a test without triggers proves nothing")
                .anyMatch(row -> row.endsWith("| SENT"))
                .anyMatch(row -> row.endsWith("| SUPPRESSED"));

        assertThat(Triggers.log(failed.schema())).isEqualTo(Triggers.log(clean.schema()));
    }

    @Test
    void aReadCommittedConsumerSeesEveryReminderOnce() throws Exception {
        assertThat(failed.reminders()).isNotEmpty().doesNotHaveDuplicates();
        assertThat(clean.reminders()).doesNotHaveDuplicates();
        for (Run run : List.of(clean, failed)) {
            assertThat(run.reminderIds())
                    .as("the reminders of %s are those its trigger log sent", run.schema())
                    .containsExactlyInAnyOrderElementsOf(Triggers.sentReminderIds(run.schema()));
        }

        assertThat(failed.reminders()).containsExactlyInAnyOrderElementsOf(clean.reminders());
    }

    @Test
    void aReadCommittedConsumerSeesEveryLifecycleEventOnce() {
        assertThat(clean.lifecycle()).as("a test without events proves nothing").isNotEmpty();
        assertThat(clean.lifecycle()).doesNotHaveDuplicates();
        assertThat(failed.lifecycle()).doesNotHaveDuplicates();

        assertThat(failed.lifecycle()).containsExactlyInAnyOrderElementsOf(clean.lifecycle());
    }
}
