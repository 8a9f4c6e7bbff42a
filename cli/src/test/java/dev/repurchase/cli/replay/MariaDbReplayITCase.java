package dev.repurchase.cli.replay;

import dev.repurchase.cli.testing.BatchReference;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.sink.SchemaInstaller;
import dev.repurchase.jobs.testing.ContractTables;
import dev.repurchase.jobs.testing.TestMariaDb;
import dev.repurchase.jobs.testing.TestPostgres;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The Online Retail history (orders, their refunds and cancellations) replayed into MariaDB, the
 * sink tables created there by the job in the MySQL dialect: every row equals what the batch SQL of
 * {@code sql/} computes from the same orders on PostgreSQL. The MariaDB rows are copied into a
 * PostgreSQL schema of the PostgreSQL DDL (a DATETIME read as UTC) to be compared.
 */
class MariaDbReplayITCase {

    private static final Path ONLINE_RETAIL = Path.of("../data/online_retail/online_retail.csv.gz");

    /** The contract tables {@link ContractTables} compares. */
    private static final List<String> COMPARED =
            List.of(
                    "metric_period",
                    "cohort_retention",
                    "first_repeat_cycle",
                    "category_cycle",
                    "customer_profile",
                    "exclusion",
                    "campaign_month",
                    "baseline_month",
                    "campaign_effect",
                    "coupon_stat");

    private static final List<String> schemas = new ArrayList<>();
    private static final List<String> databases = new ArrayList<>();

    @AfterAll
    static void dropSchemasAndDatabases() throws Exception {
        for (String schema : schemas) {
            TestPostgres.dropSchema(schema);
        }
        for (String database : databases) {
            TestMariaDb.dropDatabase(database);
        }
    }

    @Test
    void replayIntoMariaDbEqualsTheBatchSql() throws Exception {
        OrderHistory history = OnlineRetail.read(ONLINE_RETAIL);
        String batchSchema = createSchema("batch");
        BatchReference.compute(batchSchema, history, jobConfig(TestPostgres.urlFor(batchSchema)));
        String database = TestMariaDb.createDatabase("stream");
        databases.add(database);
        // The URL of a MySQL server, which the bundled MariaDB driver serves too.
        String mysqlUrl =
                TestMariaDb.urlFor(database).replaceFirst("^jdbc:mariadb:", "jdbc:mysql:");

        new HistoryReplay(jobConfig(mysqlUrl), quiet()).run(DebeziumChangeFeed.of(history));

        String copy = createSchema("mariadb");
        try (Connection postgres = DriverManager.getConnection(TestPostgres.urlFor(copy))) {
            SchemaInstaller.install(postgres);
            for (String table : COMPARED) {
                TestMariaDb.copyTable(database, table, postgres);
            }
        }
        ContractTables.assertSame(copy, batchSchema);
    }

    private static String createSchema(String prefix) throws Exception {
        String schema = TestPostgres.createSchema(prefix);
        schemas.add(schema);
        return schema;
    }

    private static Configuration jobConfig(String jdbcUrl) {
        Configuration config = new Configuration();
        config.set(PipelineOptions.JDBC_URL, jdbcUrl);
        config.set(CoreOptions.DEFAULT_PARALLELISM, 2);
        return config;
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }
}
