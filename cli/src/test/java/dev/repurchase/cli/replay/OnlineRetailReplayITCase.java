package dev.repurchase.cli.replay;

import dev.repurchase.cli.testing.BatchReference;
import dev.repurchase.jobs.config.IngestOptions;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.testing.ContractTables;
import dev.repurchase.jobs.testing.TestPostgres;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Online Retail history through Kafka (in-process KRaft broker), the job on a Flink
 * MiniCluster, and the contract tables in PostgreSQL: every row must equal what the batch SQL of
 * {@code sql/} computes from the same orders.
 */
class OnlineRetailReplayITCase {

    private static final Path ONLINE_RETAIL = Path.of("../data/online_retail/online_retail.csv.gz");

    private static OrderHistory history;
    private static String batchSchema;
    private static final List<String> schemas = new ArrayList<>();

    @BeforeAll
    static void computeTheReferenceWithTheBatchSql() throws Exception {
        history = OnlineRetail.read(ONLINE_RETAIL);
        batchSchema = TestPostgres.createSchema("batch");
        schemas.add(batchSchema);
        BatchReference.compute(batchSchema, history, jobConfig(batchSchema));
    }

    @AfterAll
    static void dropSchemas() throws Exception {
        for (String schema : schemas) {
            TestPostgres.dropSchema(schema);
        }
    }

    private static Configuration jobConfig(String sinkSchema) {
        Configuration config = new Configuration();
        config.set(PipelineOptions.JDBC_URL, TestPostgres.urlFor(sinkSchema));
        config.set(CoreOptions.DEFAULT_PARALLELISM, 2);
        return config;
    }

    private static String replay(Iterable<ChangeEvent> events) throws Exception {
        return replay(events, new Configuration());
    }

    private static String replay(Iterable<ChangeEvent> events, Configuration options)
            throws Exception {
        String streamSchema = TestPostgres.createSchema("stream");
        schemas.add(streamSchema);
        Configuration config = jobConfig(streamSchema);
        config.addAll(options);
        new HistoryReplay(config, quiet()).run(events);
        return streamSchema;
    }

    @Test
    void contractTablesEqualTheBatchSql() throws Exception {
        String streamSchema = replay(DebeziumChangeFeed.of(history));

        ContractTables.assertSame(streamSchema, batchSchema);
    }

    @Test
    void shuffledAndDuplicatedEventsGiveTheSameTables() throws Exception {
        List<ChangeEvent> events = new ArrayList<>();
        for (ChangeEvent event : DebeziumChangeFeed.of(history)) {
            events.add(event);
            events.add(event);
        }
        // Arrival order no longer follows the source: the source position in each event does.
        Collections.shuffle(events, new Random(20261126));
        // Shuffled over the whole year, a line change can come up to a year behind event time:
        // SPEC 1 lets an order settle 120 days after its last change and then refuse its lines.
        // Settling after more than the history's 374 days keeps every change applicable.
        Configuration options = new Configuration();
        options.set(IngestOptions.SETTLE_DAYS, 400);

        String streamSchema = replay(events, options);

        ContractTables.assertSame(streamSchema, batchSchema);
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }
}
