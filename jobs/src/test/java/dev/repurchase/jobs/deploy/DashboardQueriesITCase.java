package dev.repurchase.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repurchase.jobs.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every SQL query of the Grafana dashboards in {@code docker/grafana/dashboards/} (panel targets
 * and query variables) runs on the sink schema of {@code sql/} in PostgreSQL and returns rows.
 * Grafana's time macros become an always-true filter and fixed instants, the dashboards' variables
 * their default values, as Grafana would send them.
 */
class DashboardQueriesITCase {

    private static final Path REPOSITORY = ComposeStackTest.repositoryRoot();
    private static final Path DASHBOARDS = REPOSITORY.resolve("docker/grafana/dashboards");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A few rows in every sink table, as the job would leave them after some months. */
    private static final List<String> SINK_ROWS =
            List.of(
                    """
                    INSERT INTO metric_period (period_type, period_start, dimension, dimension_value,
                        customers, repeat_customers, new_customers, returning_customers, orders,
                        new_orders, returning_orders, new_customer_orders, returning_customer_orders,
                        net_amount, new_net_amount, returning_net_amount)
                    VALUES ('MONTH', DATE '2025-01-01', 'all', 'all', 10, 2, 10, 0, 12, 10, 2, 12, 0,
                            600.00, 480.00, 120.00),
                           ('MONTH', DATE '2025-02-01', 'all', 'all', 8, 3, 4, 4, 11, 4, 7, 5, 6,
                            550.50, 200.00, 350.50),
                           ('MONTH', DATE '2025-02-01', 'category', 'coffee', 5, 1, 2, 3, 6, 2, 4,
                            3, 3, 300.00, 100.00, 200.00)
                    """,
                    """
                    INSERT INTO cohort_retention (period_type, cohort_start, period_offset,
                        active_customers, second_purchase_customers)
                    VALUES ('MONTH', DATE '2025-01-01', 0, 10, 2), ('MONTH', DATE '2025-01-01', 1, 4, 3),
                           ('MONTH', DATE '2025-01-01', 3, 2, 1), ('MONTH', DATE '2025-02-01', 0, 4, 1)
                    """,
                    """
                    INSERT INTO first_repeat_cycle (period_type, cohort_start, intervals, mean_days,
                        median_days, p25_days, p75_days, p90_days)
                    VALUES ('MONTH', DATE '2025-01-01', 6, 21.50, 18, 9, 30, 41),
                           ('MONTH', DATE '2025-02-01', 0, NULL, NULL, NULL, NULL, NULL)
                    """,
                    """
                    INSERT INTO category_cycle (category, intervals, mean_days, median_days, p25_days,
                        p75_days, p90_days)
                    VALUES ('coffee', 14, 29.00, 28, 21, 35, 44), ('tea', 5, 40.20, 38, 30, 52, 60)
                    """,
                    """
                    INSERT INTO customer_profile (customer_id, first_purchase_at, last_purchase_at,
                        purchases, net_amount, lifecycle_stage, segment, p_alive,
                        expected_purchases, predicted_value)
                    VALUES ('c-00001', TIMESTAMPTZ '2025-01-03 10:00:00+00',
                            TIMESTAMPTZ '2025-02-10 12:00:00+00', 3, 180.00, 'ACTIVE', 'CORE',
                            0.83, 1.7, 98.5),
                           ('c-00002', TIMESTAMPTZ '2025-02-05 09:00:00+00',
                            TIMESTAMPTZ '2025-02-05 09:00:00+00', 1, 25.00, 'NEW', 'REGULAR',
                            1.0, 0.4, 14.2)
                    """,
                    """
                    INSERT INTO prediction_model (fitted_at, customers, r, alpha, a, b,
                        log_likelihood, spend_p, spend_q, spend_gamma)
                    VALUES (TIMESTAMPTZ '2025-02-09 16:00:00+00', 2, 0.243, 4.414, 0.793, 2.426,
                            -12.5, 6.25, 3.74, 15.44)
                    """,
                    """
                    INSERT INTO lifecycle_stage_count (lifecycle_stage, customers)
                    VALUES ('NEW', 6), ('ACTIVE', 5), ('DORMANT', 2), ('CHURNED', 1)
                    """,
                    """
                    INSERT INTO segment_stat (segment, customers, net_amount)
                    VALUES ('HIGH_VALUE', 2, 900.00), ('CORE', 4, 700.00), ('REGULAR', 6, 300.00),
                           ('AT_RISK', 1, 40.00), ('CHURNED', 1, 20.00)
                    """,
                    """
                    INSERT INTO campaign_effect (campaign_id, customers, repurchased_customers,
                        baseline_customers, baseline_repurchased_customers)
                    VALUES ('spring-sale', 20, 9, 100, 30), ('member-day', 12, 3, 100, 30)
                    """,
                    """
                    INSERT INTO exclusion (period_type, period_start, reason, orders, amount)
                    VALUES ('MONTH', DATE '2025-01-01', 'cancelled', 2, 80.00),
                           ('MONTH', DATE '2025-02-01', 'refunded', 1, 45.50),
                           ('MONTH', DATE '2025-02-01', 'bulk', 1, 12000.00)
                    """,
                    """
                    INSERT INTO trigger_log (trigger_id, type, customer_id, due_at, last_purchase_at,
                        expected_at, category, status)
                    VALUES ('t-1', 'REPLENISH_REMINDER', 'c-00001', TIMESTAMPTZ '2025-03-07 12:00:00+00',
                            TIMESTAMPTZ '2025-02-10 12:00:00+00', TIMESTAMPTZ '2025-03-12 12:00:00+00',
                            'coffee', 'SENT'),
                           ('t-2', 'DORMANT', 'c-00002', TIMESTAMPTZ '2025-04-01 08:00:00+00',
                            TIMESTAMPTZ '2025-01-01 08:00:00+00', NULL, NULL, 'SUPPRESSED')
                    """,
                    """
                    INSERT INTO order_alert (alert_id, type, order_id, customer_id, due_at, status)
                    VALUES ('a-1', 'SHIP_LATE', 'o-1', 'c-00001', TIMESTAMPTZ '2025-03-09 12:00:00+00',
                            'SENT'),
                           ('a-2', 'PAYMENT_DUE', 'o-2', 'c-00002', TIMESTAMPTZ '2025-03-09 08:00:00+00',
                            'SUPPRESSED')
                    """,
                    """
                    INSERT INTO rejected_input (source_topic, source_partition, source_offset, reason,
                        excerpt, recorded_at)
                    VALUES ('orders', 0, 42, 'not JSON', '{"op":"c",', TIMESTAMPTZ '2025-02-01 00:00:00+00')
                    """,
                    """
                    INSERT INTO referral_commission (referrer_id, order_id, level, customer_id,
                        purchase_at, net_amount, commission)
                    VALUES ('c-00001', 'o-7', 1, 'c-00007', TIMESTAMPTZ '2025-03-02 10:00:00+00',
                            120.00, 6.00),
                           ('c-00002', 'o-7', 2, 'c-00007', TIMESTAMPTZ '2025-03-02 10:00:00+00',
                            120.00, 2.40)
                    """,
                    """
                    INSERT INTO referral_stat (period_type, period_start, referrer_id,
                        referred_customers, orders, net_amount, commission)
                    VALUES ('MONTH', DATE '2025-03-01', 'c-00001', 1, 1, 120.00, 6.00),
                           ('MONTH', DATE '2025-03-01', 'c-00002', 1, 1, 120.00, 2.40)
                    """,
                    """
                    INSERT INTO abuse_flag (order_id, campaign_id, rule, rank, purchase_at)
                    VALUES ('o-7', 'flash-1111', 'device', 2, TIMESTAMPTZ '2025-11-10 16:01:00+00'),
                           ('o-9', 'flash-1111', 'ip', 4, TIMESTAMPTZ '2025-11-10 16:09:00+00')
                    """);

    /** Sink tables and views the dashboards are there to show: each must be read somewhere. */
    private static final List<String> SHOWN =
            List.of(
                    "v_repeat_rate",
                    "v_returning_share",
                    "v_returning_revenue_share",
                    "v_aov_frequency",
                    "v_cohort_rates",
                    "v_exclusion_share",
                    "metric_period",
                    "first_repeat_cycle",
                    "category_cycle",
                    "lifecycle_stage_count",
                    "segment_stat",
                    "trigger_log",
                    "order_alert",
                    "abuse_flag",
                    "exclusion",
                    "campaign_effect",
                    "customer_profile",
                    "prediction_model",
                    "referral_commission",
                    "referral_stat");

    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)|\\[\\[(\\w+)]]");

    private static String schema;

    @BeforeAll
    static void createSinkSchemaWithRows() throws Exception {
        schema = TestPostgres.createSchema("dash");
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            for (String file : List.of("sql/001_tables.sql", "sql/002_views.sql")) {
                for (String sql : statements(REPOSITORY.resolve(file))) {
                    statement.execute(sql);
                }
            }
            for (String sql : SINK_ROWS) {
                statement.execute(sql);
            }
        }
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        if (schema != null) {
            TestPostgres.dropSchema(schema);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyDashboardQueryRunsAndReturnsRows() throws IOException {
        return dashboardQueries().stream()
                .map(
                        query ->
                                DynamicTest.dynamicTest(
                                        query.name(),
                                        () ->
                                                assertThat(rowCount(query.sql()))
                                                        .as(
                                                                "rows of %s:%n%s",
                                                                query.name(), query.sql())
                                                        .isPositive()));
    }

    @Test
    void dashboardsShowEveryMetric() throws IOException {
        String allQueries =
                dashboardQueries().stream()
                        .map(query -> query.sql().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining("\n"));
        for (String relation : SHOWN) {
            assertThat(allQueries)
                    .as("a dashboard reads " + relation)
                    .containsPattern("\\b(from|join)\\s+" + relation + "\\b");
        }
    }

    // ------------------------------------------------------------------------------------------

    /** A query of a dashboard, ready to run: macros and variables replaced. */
    record DashboardQuery(String name, String sql) {}

    private static List<DashboardQuery> dashboardQueries() throws IOException {
        List<DashboardQuery> queries = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(DASHBOARDS)) {
            files = list.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
        for (Path file : files) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            String title = dashboard.path("title").asText(file.getFileName().toString());
            Map<String, String> variables = new LinkedHashMap<>();
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                variables.put(
                        variable.path("name").asText(),
                        variable.path("current").path("value").asText());
            }
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                if ("query".equals(variable.path("type").asText()) && isSql(variable)) {
                    JsonNode query = variable.path("query");
                    String sql = query.isObject() ? query.path("rawSql").asText() : query.asText();
                    queries.add(
                            new DashboardQuery(
                                    title + " / variable " + variable.path("name").asText(),
                                    runnable(sql, variables)));
                }
            }
            for (JsonNode panel : panels(dashboard)) {
                for (JsonNode target : panel.path("targets")) {
                    if (target.has("rawSql")) {
                        queries.add(
                                new DashboardQuery(
                                        title
                                                + " / "
                                                + panel.path("title").asText()
                                                + " / "
                                                + target.path("refId").asText(),
                                        runnable(target.path("rawSql").asText(), variables)));
                    }
                }
            }
        }
        assertThat(queries).as("SQL queries in %s", DASHBOARDS).isNotEmpty();
        return queries;
    }

    private static boolean isSql(JsonNode variable) {
        String type = variable.path("datasource").path("type").asText();
        return type.contains("postgres");
    }

    /** Panels of a dashboard, with those nested in collapsed rows. */
    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    /**
     * The SQL Grafana would send: {@code $__timeFilter(expr)} becomes {@code TRUE}, {@code
     * $__timeFrom()} and {@code $__timeTo()} fixed instants, variables their default values. A
     * macro or variable left over fails the test, as it would fail in Grafana.
     */
    static String runnable(String rawSql, Map<String, String> variables) {
        String sql = replaceMacro(rawSql, "$__timeFilter", "TRUE");
        sql = replaceMacro(sql, "$__timeFrom", "TIMESTAMPTZ '2000-01-01 00:00:00+00'");
        sql = replaceMacro(sql, "$__timeTo", "TIMESTAMPTZ '2100-01-01 00:00:00+00'");
        assertThat(sql).as("Grafana macros this test does not know").doesNotContain("$__");
        Matcher matcher = VARIABLE.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name =
                    Stream.of(matcher.group(1), matcher.group(2), matcher.group(3))
                            .filter(group -> group != null)
                            .findFirst()
                            .orElseThrow();
            assertThat(variables).as("variables of the dashboard").containsKey(name);
            matcher.appendReplacement(out, Matcher.quoteReplacement(variables.get(name)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Replaces {@code macro(...)} (balanced parentheses) with {@code replacement}. */
    private static String replaceMacro(String sql, String macro, String replacement) {
        StringBuilder out = new StringBuilder();
        int from = 0;
        int at;
        while ((at = sql.indexOf(macro + "(", from)) >= 0) {
            int depth = 0;
            int end = at + macro.length();
            do {
                char c = sql.charAt(end++);
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            } while (depth > 0);
            out.append(sql, from, at).append(replacement);
            from = end;
        }
        return out.append(sql.substring(from)).toString();
    }

    private static long rowCount(String sql) throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            long count = 0;
            while (rows.next()) {
                count++;
            }
            return count;
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(TestPostgres.urlFor(schema));
    }

    /** The statements of a file of sql/: each ends with ';' at the end of a line. */
    private static List<String> statements(Path file) throws IOException {
        return Arrays.stream(Files.readString(file).split(";\\s*\\n"))
                .map(
                        statement ->
                                statement
                                        .lines()
                                        .filter(line -> !line.strip().startsWith("--"))
                                        .collect(Collectors.joining("\n"))
                                        .strip())
                .filter(statement -> !statement.isEmpty())
                .toList();
    }
}
