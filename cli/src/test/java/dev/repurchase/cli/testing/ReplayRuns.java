package dev.repurchase.cli.testing;

import dev.repurchase.cli.embedded.EmbeddedKafka;
import dev.repurchase.cli.replay.ChangeEvent;
import dev.repurchase.cli.replay.HistoryReplay;
import dev.repurchase.common.config.RepurchaseOptions;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.fault.FailureInjector;
import dev.repurchase.jobs.testing.TestPostgres;
import java.io.OutputStream;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;

/**
 * What the replay ITCases set up alike: a PostgreSQL schema per run (dropped when the test class is
 * done), the job's configuration for one, a replay of change events through an in-process broker
 * (optionally with injected task failures), and the rows of a query.
 */
public final class ReplayRuns implements AutoCloseable {

    private final TestSchemas schemas = new TestSchemas();

    /** A new schema, dropped by {@link #close}. */
    public String schema(String prefix) throws Exception {
        return schemas.create(prefix);
    }

    /** Drops the schemas made. */
    @Override
    public void close() throws Exception {
        schemas.close();
    }

    /** The job writing into {@code schema}, at parallelism 2, in the business {@code timezone}. */
    public static Configuration config(String schema, String timezone) {
        Configuration config = new Configuration();
        config.set(PipelineOptions.JDBC_URL, TestPostgres.urlFor(schema));
        config.set(CoreOptions.DEFAULT_PARALLELISM, 2);
        config.set(RepurchaseOptions.TIMEZONE, timezone);
        return config;
    }

    /**
     * The options that inject {@code failures} task failures at random points (seeded) within the
     * first {@code withinRecords} records, with checkpoints every {@code checkpointInterval} to
     * recover from.
     */
    public static Configuration injectedFailures(
            int failures, long seed, long withinRecords, Duration checkpointInterval) {
        Configuration options = new Configuration();
        options.set(FailureInjector.FAILURES, failures);
        options.set(FailureInjector.SEED, seed);
        options.set(FailureInjector.WITHIN_RECORDS, withinRecords);
        options.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
        return options;
    }

    /** Publishes the events to an in-process broker and runs the bounded job over them. */
    public static HistoryReplay.Result replay(Iterable<ChangeEvent> events, Configuration config)
            throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            return new HistoryReplay(config, new PrintStream(OutputStream.nullOutputStream()))
                    .run(events, kafka);
        }
    }

    /** The rows {@code sql} selects in {@code schema}, each its columns' text joined by spaces. */
    public static List<String> rows(String schema, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestPostgres.connect();
                Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            try (ResultSet r = s.executeQuery(sql)) {
                int n = r.getMetaData().getColumnCount();
                while (r.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= n; i++) {
                        row.append(i > 1 ? " " : "").append(r.getString(i));
                    }
                    rows.add(row.toString());
                }
            }
        }
        return rows;
    }
}
