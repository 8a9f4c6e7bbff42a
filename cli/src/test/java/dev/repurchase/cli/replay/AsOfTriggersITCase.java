package dev.repurchase.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.cli.embedded.EmbeddedKafka;
import dev.repurchase.common.config.RepurchaseOptions;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.testing.TestPostgres;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC 4.1, "as of the due time", on a real history with refunds days to weeks after delivery,
 * payments hours after the order, cancellations, unpaid orders and duplicated change events ({@link
 * RefundedOnlineRetail}): the {@code trigger_log} of a replay is the same at parallelism 1 and 2,
 * whatever order the refunds are read in, and equals the triggers the history calls for, worked out
 * independently of the job ({@link AsOfTriggers}). The same history killed and resumed is {@code
 * ProcessRestartITCase}'s, with injected failures {@code FailureRecoveryITCase}'s.
 */
class AsOfTriggersITCase {

    private static final Path ONLINE_RETAIL = Path.of("../data/online_retail/online_retail.csv.gz");
    private static final Instant FROM = Instant.parse("2010-12-01T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2011-06-01T00:00:00Z");
    private static final int DEFAULT_CYCLE = 30;
    private static final int LEAD = 5;
    private static final int GRACE = 10;
    private static final int DORMANT = 90;
    private static final int CHURN = 180;

    private static final List<String> schemas = new ArrayList<>();
    private static Set<String> expected;
    private static Set<String> atParallelismOne;
    private static Set<String> atParallelismTwo;

    @BeforeAll
    static void replayAtParallelismOneAndTwo() throws Exception {
        OrderHistory history = RefundedOnlineRetail.read(ONLINE_RETAIL, FROM, UNTIL);
        List<ChangeEvent> events = RefundedOnlineRetail.withDuplicates(history);
        Instant end = DebeziumChangeFeed.of(history).latestEventTime();
        expected = new AsOfTriggers(DEFAULT_CYCLE, LEAD, GRACE, DORMANT, CHURN).of(history, end);
        atParallelismOne = triggerLog(events, 1);
        atParallelismTwo = triggerLog(events, 2);
    }

    @AfterAll
    static void dropSchemas() throws Exception {
        for (String schema : schemas) {
            TestPostgres.dropSchema(schema);
        }
    }

    @Test
    void theHistoryCallsForTriggersOfEveryKindAndEveryRule() {
        assertThat(expected)
                .anyMatch(t -> t.startsWith("REPLENISH_REMINDER"))
                .anyMatch(t -> t.startsWith("OVERDUE_FOLLOW_UP"))
                .anyMatch(t -> t.startsWith("DORMANT"))
                .anyMatch(t -> t.startsWith("CHURNED"))
                .anyMatch(t -> t.startsWith(AsOfTriggers.FIRST))
                .anyMatch(t -> t.startsWith(AsOfTriggers.QUIET))
                .anyMatch(t -> t.startsWith(AsOfTriggers.SPENT))
                .anyMatch(t -> t.startsWith(AsOfTriggers.THIRD));
    }

    @Test
    void theTriggerLogIsTheSameAtParallelismOneAndTwo() {
        assertThat(atParallelismTwo).isEqualTo(atParallelismOne);
    }

    @Test
    void theTriggerLogHoldsExactlyTheTriggersTheHistoryCallsFor() {
        assertThat(difference(expected, atParallelismTwo)).as("called for, not logged").isEmpty();
        assertThat(difference(atParallelismTwo, expected)).as("logged, not called for").isEmpty();
    }

    private static List<String> difference(Set<String> a, Set<String> b) {
        return a.stream().filter(x -> !b.contains(x)).limit(20).toList();
    }

    /** The trigger_log of a replay at {@code parallelism}, as {@link AsOfTriggers} writes one. */
    private static Set<String> triggerLog(List<ChangeEvent> events, int parallelism)
            throws Exception {
        String schema = TestPostgres.createSchema("as_of_p" + parallelism);
        schemas.add(schema);
        Configuration config = new Configuration();
        config.set(PipelineOptions.JDBC_URL, TestPostgres.urlFor(schema));
        config.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        config.set(RepurchaseOptions.TIMEZONE, "Asia/Shanghai");
        config.setString("rules.bulk-max-quantity", String.valueOf(Long.MAX_VALUE));
        config.setString("rules.bulk-max-amount", "1000000000");
        config.setString("rules.max-order-amount", "1000000000");
        config.setString("reminders.min-samples", String.valueOf(Integer.MAX_VALUE));
        config.setString("reminders.suppress-before", "2011-03-01T00:00:00Z");
        config.setString("cycles.default", String.valueOf(DEFAULT_CYCLE));
        config.setString("reminders.lead-days", String.valueOf(LEAD));
        config.setString("reminders.grace-days", String.valueOf(GRACE));
        config.setString("lifecycle.dormant-days", String.valueOf(DORMANT));
        config.setString("lifecycle.churn-days", String.valueOf(CHURN));
        for (String rule : AsOfTriggers.RULES) {
            String[] kv = rule.split("=", 2);
            config.setString(kv[0], kv[1]);
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            new HistoryReplay(config, new PrintStream(OutputStream.nullOutputStream()))
                    .run(events, kafka);
        }
        Set<String> log = new TreeSet<>();
        try (Connection c = TestPostgres.connect();
                Statement s = c.createStatement();
                ResultSet r =
                        s.executeQuery(
                                "SELECT type, customer_id, due_at, last_purchase_at, expected_at"
                                        + " FROM "
                                        + schema
                                        + ".trigger_log")) {
            while (r.next()) {
                Timestamp expectedAt = r.getTimestamp(5);
                log.add(
                        AsOfTriggers.line(
                                r.getString(1),
                                r.getString(2),
                                r.getTimestamp(3).getTime(),
                                r.getTimestamp(4).getTime(),
                                expectedAt == null ? null : expectedAt.getTime()));
            }
        }
        return log;
    }
}
