package dev.repurchase.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.cli.generator.OrderTraffic;
import dev.repurchase.cli.generator.ShopProfile;
import dev.repurchase.cli.testing.BatchReference;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.testing.ContractTables;
import dev.repurchase.jobs.testing.TestPostgres;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The switch from a CSV export to the live change stream (docs/history.md): the connector's
 * replication slot is created at T', the tables are exported at T after it, the export is published
 * ({@code repurchase publish}) to the CDC topics, then the connector streams (no snapshot) from its
 * slot, so the changes since T' follow the export on the topics; the job reads them from the
 * earliest offset. Changes between T' and T are in both: each row's versions are ordered by commit
 * time, so those come stale and change nothing, and the tables equal the batch SQL over the
 * history, every change counted once.
 */
class CsvToLiveSwitchITCase {

    private static final ShopProfile SHOP =
            ShopProfile.demo(
                    1_500,
                    Instant.parse("2024-01-01T00:00:00Z"),
                    Instant.parse("2025-01-01T00:00:00Z"),
                    17);

    /** The export. */
    private static final Instant T = Instant.parse("2024-09-01T00:00:00Z");

    /** The connector's start, a month before the export. */
    private static final Instant T_PRIME = T.minus(Duration.ofDays(30));

    private final List<String> schemas = new ArrayList<>();

    @AfterEach
    void dropSchemas() throws Exception {
        for (String schema : schemas) {
            TestPostgres.dropSchema(schema);
        }
    }

    @Test
    void exportAndLiveStreamOverlappingCountEveryChangeOnce() throws Exception {
        OrderHistory history = OrderTraffic.generate(SHOP).history();
        String batchSchema = schema("switch_batch");
        BatchReference.compute(batchSchema, history, config(batchSchema));

        List<ChangeEvent> live = new ArrayList<>();
        List<ChangeEvent> export = new ArrayList<>();
        for (ChangeEvent event : DebeziumChangeFeed.of(history)) {
            if (event.eventTime().isAfter(T_PRIME)) {
                live.add(event);
            }
            // The export holds each row as it stood at T: the versions committed up to T.
            if (!event.eventTime().isAfter(T)) {
                export.add(event);
            }
        }
        // On the topics: the export, then the connector's changes since T' (those up to T again).
        List<ChangeEvent> topics = new ArrayList<>(export);
        topics.addAll(live);
        assertThat(topics.size())
                .as("changes between T' and T are on the topics twice")
                .isGreaterThan(DebeziumChangeFeed.of(history).size());

        String streamSchema = schema("switch_stream");
        new HistoryReplay(config(streamSchema), new PrintStream(OutputStream.nullOutputStream()))
                .run(topics);

        ContractTables.assertSame(streamSchema, batchSchema);
    }

    private String schema(String prefix) throws Exception {
        String schema = TestPostgres.createSchema(prefix);
        schemas.add(schema);
        return schema;
    }

    private static Configuration config(String schema) {
        Configuration config = new Configuration();
        config.set(PipelineOptions.JDBC_URL, TestPostgres.urlFor(schema));
        config.set(CoreOptions.DEFAULT_PARALLELISM, 2);
        return config;
    }
}
