package dev.repurchase.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.cli.embedded.EmbeddedKafka;
import dev.repurchase.cli.testing.BatchReference;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.fault.FailureInjector;
import dev.repurchase.jobs.testing.ContractTables;
import dev.repurchase.jobs.testing.TestPostgres;
import dev.repurchase.jobs.testing.Triggers;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC section 6, exactly-once results: four months of the real Online Retail history replayed
 * twice, once without failure and once with five task failures injected at random points (the job
 * restarting from its latest checkpoint each time). Both runs must end in the same contract tables,
 * equal to the batch SQL's, the same trigger log, and the same reminders, each delivered once to a
 * read_committed consumer.
 *
 * <p>Trigger settings that do not depend on timing: suppression before a fixed instant (not the
 * job's start), and no learned category cycles (they follow the aggregator's flushes).
 */
class FailureRecoveryITCase {

    private static final Path ONLINE_RETAIL = Path.of("../data/online_retail/online_retail.csv.gz");
    private static final Instant FROM = Instant.parse("2010-12-01T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2011-04-01T00:00:00Z");
    private static final int FAILURES = 5;

    private static final List<String> schemas = new ArrayList<>();
    private static String batch;
    private static Run clean;
    private static Run failed;

    /** What a replay left: its schema, its reminders on Kafka, and what the replay reported. */
    private record Run(String schema, List<String> reminders, HistoryReplay.Result result) {}

    @BeforeAll
    static void replayWithAndWithoutFailures() throws Exception {
        OrderHistory history = OnlineRetail.read(ONLINE_RETAIL, FROM, UNTIL);
        batch = schema("batch");
        BatchReference.compute(batch, history, config(batch));

        clean = replay(history, schema("clean"), new Configuration());

        Configuration withFailures = new Configuration();
        withFailures.set(FailureInjector.FAILURES, FAILURES);
        withFailures.set(FailureInjector.SEED, 20261126L);
        withFailures.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(1));
        failed = replay(history, schema("failed"), withFailures);
    }

    @AfterAll
    static void dropSchemas() throws Exception {
        for (String schema : schemas) {
            TestPostgres.dropSchema(schema);
        }
    }

    private static String schema(String prefix) throws Exception {
        String schema = TestPostgres.createSchema(prefix);
        schemas.add(schema);
        return schema;
    }

    private static Configuration config(String schema) {
        Configuration config = new Configuration();
        config.set(PipelineOptions.JDBC_URL, TestPostgres.urlFor(schema));
        config.set(CoreOptions.DEFAULT_PARALLELISM, 2);
        config.setString("reminders.suppress-before", "2011-03-01T00:00:00Z");
        config.setString("reminders.min-samples", String.valueOf(Integer.MAX_VALUE));
        return config;
    }

    private static Run replay(OrderHistory history, String schema, Configuration options)
            throws Exception {
        Configuration config = config(schema);
        config.addAll(options);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            HistoryReplay.Result result =
                    new HistoryReplay(config, new PrintStream(OutputStream.nullOutputStream()))
                            .run(DebeziumChangeFeed.of(history), kafka);
            List<String> reminders =
                    Triggers.deliveredIds(
                            kafka.bootstrapServers(), config.get(PipelineOptions.REMINDERS_TOPIC));
            return new Run(schema, reminders, result);
        }
    }

    @Test
    void theJobFailedAndRecoveredAsOftenAsAsked() {
        assertThat(clean.result().injectedFailures()).isZero();
        assertThat(failed.result().injectedFailures()).isEqualTo(FAILURES);
    }

    @Test
    void contractTablesEqualTheFailureFreeRunAndTheBatchSql() throws Exception {
        ContractTables.assertSame(failed.schema(), clean.schema());
        ContractTables.assertSame(failed.schema(), batch);
    }

    /**
     * The tables the batch SQL does not compute: lifecycle stages, segments and the whole customer
     * profile (stage, RFM, expected next purchase) as of the end of the history.
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

        assertThat(new HashSet<>(failed.reminders()))
                .isEqualTo(new HashSet<>(clean.reminders()))
                .isEqualTo(Triggers.sentReminderIds(failed.schema()));
    }
}
