package dev.repurchase.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repurchase.cli.embedded.EmbeddedKafka;
import dev.repurchase.cli.generator.OrderTraffic;
import dev.repurchase.cli.generator.ShopProfile;
import dev.repurchase.cli.testing.BatchReference;
import dev.repurchase.cli.testing.ReplayRuns;
import dev.repurchase.common.config.AbuseOptions;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.config.PrivacyOptions;
import dev.repurchase.jobs.testing.CommittedMessages;
import dev.repurchase.jobs.testing.ContractTables;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The flash-sale limits of SPEC 8.2 on a shop's autumn with two flash sales ({@link
 * FlashSaleStory}: a click farm, an office IP, a family address, late payments, cancellations,
 * refunds days later that clear flags), replayed through Kafka, the job on a MiniCluster and
 * PostgreSQL in Asia/Shanghai: {@code abuse_flag}, the {@code abuse} exclusions and every metric
 * (which leave the flagged orders out) must equal the batch SQL's, whatever the arrival order,
 * duplicates or failures; a read_committed consumer of {@code abuse-alerts} reads each flagged
 * order once, with keyed hashes only.
 */
class FlashSaleAbuseITCase {

    private static final Instant START = Instant.parse("2025-09-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-01-15T00:00:00Z");
    private static final String HASH_SECRET = "flash-sale-secret-5e1b";
    private static final int FAILURES = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final ReplayRuns runs = new ReplayRuns();
    private static OrderHistory history;
    private static String batch;

    private record Run(String schema, List<JsonNode> alerts) {}

    @BeforeAll
    static void computeTheBatch() throws Exception {
        OrderHistory shop =
                OrderTraffic.generate(ShopProfile.demo(150, START, END, 1111)).history();
        history = FlashSaleStory.within(shop, 1212);
        batch = runs.schema("abuse_batch");
        BatchReference.compute(batch, history, config(batch));
    }

    @AfterAll
    static void dropSchemas() throws Exception {
        runs.close();
    }

    private static Configuration config(String schema) {
        Configuration config = ReplayRuns.config(schema, "Asia/Shanghai");
        config.set(PrivacyOptions.HASH_SECRET, HASH_SECRET);
        config.set(AbuseOptions.CAMPAIGNS, List.of(FlashSaleStory.ELEVEN, FlashSaleStory.TWELVE));
        config.setString("reminders.suppress-before", START.toString());
        return config;
    }

    private static Run replay(Iterable<ChangeEvent> events, String schema, Configuration options)
            throws Exception {
        Configuration config = config(schema);
        config.addAll(options);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            new HistoryReplay(config, new PrintStream(OutputStream.nullOutputStream()))
                    .run(events, kafka);
            List<JsonNode> alerts = new ArrayList<>();
            for (var record :
                    CommittedMessages.readAll(
                            kafka.bootstrapServers(),
                            config.get(PipelineOptions.ABUSE_ALERTS_TOPIC))) {
                JsonNode alert = JSON.readTree(record.value());
                assertThat(record.key()).isEqualTo(alert.get("order_id").asText());
                assertThat(record.value())
                        .doesNotContain(
                                FlashSaleStory.FARM_PHONE,
                                FlashSaleStory.OFFICE_IP,
                                FlashSaleStory.FAMILY_ADDRESS);
                alerts.add(alert);
            }
            return new Run(schema, alerts);
        }
    }

    @Test
    void theFlagsExclusionsAndMetricsEqualTheBatchSql() throws Exception {
        Run run =
                replay(
                        DebeziumChangeFeed.of(history),
                        runs.schema("abuse_stream"),
                        new Configuration());

        // Every rule flags, in both sales, and the abuse exclusions are counted: a story without
        // them proves nothing.
        assertThat(rows(batch, "SELECT DISTINCT campaign_id || ' ' || rule FROM abuse_flag"))
                .contains(
                        FlashSaleStory.ELEVEN + " device",
                        FlashSaleStory.ELEVEN + " ip",
                        FlashSaleStory.ELEVEN + " address",
                        FlashSaleStory.TWELVE + " device");
        assertThat(rows(batch, "SELECT reason FROM exclusion WHERE orders > 0"))
                .contains("abuse", "bulk", "cancelled", "refunded");
        ContractTables.assertSameAbuseFlags(run.schema(), batch);
        ContractTables.assertSame(run.schema(), batch);
        assertAnnouncedOnce(run);
        assertThat(run.alerts())
                .allSatisfy(
                        alert -> {
                            assertThat(iterable(alert.fieldNames()))
                                    .containsExactly(
                                            "order_id",
                                            "customer_id",
                                            "campaign_id",
                                            "rule",
                                            "rank",
                                            "purchase_at",
                                            "flagged_at",
                                            "device_hash",
                                            "ip_hash",
                                            "address_hash");
                            assertThat(alert.get(alert.get("rule").asText() + "_hash").asText())
                                    .matches("[0-9a-f]{64}");
                        });
    }

    @Test
    void shuffledAndDuplicatedChangesGiveTheSameFlags() throws Exception {
        List<ChangeEvent> shuffled = new ArrayList<>();
        for (ChangeEvent event : DebeziumChangeFeed.of(history)) {
            shuffled.add(event);
            shuffled.add(event);
        }
        Collections.shuffle(shuffled, new Random(20261207));
        Configuration options = new Configuration();
        options.setString("ingest.orphan-line-grace", "3650 d");
        options.setString("watermark.out-of-orderness", "3650 d");

        Run run = replay(shuffled, runs.schema("abuse_shuffled"), options);

        ContractTables.assertSameAbuseFlags(run.schema(), batch);
        ContractTables.assertSame(run.schema(), batch);
        assertAnnouncedOnce(run);
    }

    @Test
    void injectedFailuresGiveTheSameFlagsEachAnnouncedOnce() throws Exception {
        Configuration options =
                ReplayRuns.injectedFailures(FAILURES, 20261207L, 100_000L, Duration.ofSeconds(1));

        Run run = replay(DebeziumChangeFeed.of(history), runs.schema("abuse_failed"), options);

        ContractTables.assertSameAbuseFlags(run.schema(), batch);
        ContractTables.assertSame(run.schema(), batch);
        assertAnnouncedOnce(run);
    }

    /**
     * Each order is announced at most once, and every order flagged in the end was announced (an
     * order flagged for a while, until an earlier order's refund cleared it, may be too).
     */
    private static void assertAnnouncedOnce(Run run) throws Exception {
        List<String> announced =
                run.alerts().stream().map(a -> a.get("order_id").asText()).toList();
        assertThat(announced).doesNotHaveDuplicates();
        assertThat(announced).containsAll(rows(run.schema(), "SELECT order_id FROM abuse_flag"));
    }

    private static Set<String> rows(String schema, String sql) throws Exception {
        return new TreeSet<>(ReplayRuns.rows(schema, sql));
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        return () -> iterator;
    }
}
