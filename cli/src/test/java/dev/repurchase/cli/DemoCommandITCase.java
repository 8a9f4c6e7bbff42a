package dev.repurchase.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repurchase.cli.demo.LiveDemo;
import dev.repurchase.cli.generator.LiveTraffic;
import dev.repurchase.cli.generator.ShopProfile;
import dev.repurchase.cli.replay.OrderRow;
import dev.repurchase.common.lifecycle.TriggerType;
import dev.repurchase.jobs.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code repurchase demo} as a newcomer runs it, in-process and for a short while: a simulated shop
 * at 30 days per second through the in-process broker into the job on a MiniCluster with the Web
 * UI, into a fresh PostgreSQL schema. The tables fill, triggers are sent and reach the reminders
 * topic, the top referrers and the flash sale's flagged orders show, and no phone number, e-mail
 * address, device id, IP or address hash of the simulated customers reaches a table.
 */
class DemoCommandITCase {

    private static final int CUSTOMERS = 200;
    private static final long SEED = 7;
    private static final LocalDate START = LocalDate.parse("2025-01-01");
    private static final int DAYS = 730;
    private static final double SPEED = 30;

    private static final Pattern WEB_UI = Pattern.compile("Flink Web UI: (http://\\S+)");
    private static final Pattern REMINDERS_ON_KAFKA =
            Pattern.compile("messages on Kafka \\(read_committed\\): reminders ([\\d,]+)");
    private static final Pattern PREDICTED = Pattern.compile("P\\(alive\\) known for ([\\d,]+)");
    private static final Pattern ORDER_ALERTS_ON_KAFKA =
            Pattern.compile("messages on Kafka \\(read_committed\\): .*order-alerts ([\\d,]+)");
    private static final Pattern ABUSE_ALERTS_ON_KAFKA =
            Pattern.compile("messages on Kafka \\(read_committed\\): .*abuse-alerts ([\\d,]+)");
    private static final Pattern TOP_REFERRER_WHILE_RUNNING =
            Pattern.compile("\\| top referrers (\\S+) (\\d+\\.\\d{2})");
    private static final Pattern FLAGGED_WHILE_RUNNING =
            Pattern.compile("\\| flagged orders flash-sale (device|ip|address) ([\\d,]+)");
    private static final Pattern REFERRER_SUMMARY =
            Pattern.compile("(?m)^referrer (\\S+) .* owed (\\d+\\.\\d{2})$");
    private static final Pattern FLAG_SUMMARY =
            Pattern.compile("(?m)^abuse flag (\\S+ \\S+) +([\\d,]+) orders$");

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final StringWriter err = new StringWriter();
    private String schema;

    @BeforeEach
    void createSchema() throws SQLException {
        schema = TestPostgres.createSchema("demo");
    }

    @AfterEach
    void dropSchema() throws SQLException {
        TestPostgres.dropSchema(schema);
    }

    @Test
    void demoRunsTheJobLiveIntoTablesAndTriggerTopicsWithoutContactData() throws Exception {
        CommandLine cli = RepurchaseCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        DemoCommand demo = cli.getSubcommands().get("demo").getCommand();
        demo.out = new PrintStream(output, true, StandardCharsets.UTF_8);

        CompletableFuture<Integer> exit =
                CompletableFuture.supplyAsync(
                        () ->
                                cli.execute(
                                        "demo",
                                        "--duration",
                                        "20s",
                                        "--speed",
                                        String.valueOf(SPEED),
                                        "--customers",
                                        String.valueOf(CUSTOMERS),
                                        "--seed",
                                        String.valueOf(SEED),
                                        "--start",
                                        START.toString(),
                                        "--days",
                                        String.valueOf(DAYS),
                                        "--web-port",
                                        "0",
                                        "--jdbc-url",
                                        TestPostgres.urlFor(schema)));

        String webUi = awaitWebUi(exit);
        assertThat(httpGet(webUi + "/overview")).contains("\"flink-version\":\"1.20");
        assertThat(exit.get(3, TimeUnit.MINUTES)).as(err + "\n" + text()).isZero();

        String text = text();
        assertThat(text).contains("customers with 2+ purchases").contains("query the tables:");
        assertThat(count("SELECT count(*) FROM metric_period")).isPositive();
        assertThat(count("SELECT count(*) FROM customer_profile WHERE purchases > 0")).isPositive();
        assertThat(count("SELECT count(*) FROM trigger_log WHERE status = 'SENT'")).isPositive();
        // The shop's unpaid orders lapse, its warehouse falls behind, its couriers come late.
        for (String type : List.of("PAYMENT_DUE", "SHIP_LATE", "DELIVERY_LATE")) {
            assertThat(
                            count(
                                    "SELECT count(*) FROM order_alert WHERE status = 'SENT'"
                                            + " AND type = '"
                                            + type
                                            + "'"))
                    .as(type)
                    .isPositive();
        }
        assertThat(text)
                .contains("order alerts sent PAYMENT_DUE")
                .contains("order alert SHIP_LATE");
        Matcher alerts = ORDER_ALERTS_ON_KAFKA.matcher(text);
        assertThat(alerts.find()).as(text).isTrue();
        assertThat(Long.parseLong(alerts.group(1).replace(",", ""))).isPositive();

        assertReferralsAndFlashSaleShow(text);

        Matcher reminders = REMINDERS_ON_KAFKA.matcher(text);
        assertThat(reminders.find()).as(text).isTrue();
        assertThat(Long.parseLong(reminders.group(1).replace(",", ""))).isPositive();
        List<JsonNode> excerpt = excerpt(text);
        assertThat(excerpt).isNotEmpty();
        assertThat(excerpt)
                .allSatisfy(
                        message -> {
                            assertThat(message.path("trigger_id").asText()).isNotBlank();
                            assertThat(message.path("customer_id").asText()).isNotBlank();
                            assertThat(TriggerType.isReminder(message.path("type").asText()))
                                    .as("a reminder or a shop rule: %s", message)
                                    .isTrue();
                        });

        // SPEC 9 live: a fit every 7 simulated days (a quarter of a second here); the progress
        // lines show predictions while the demo runs, and at the end every customer with a
        // purchase has a probability, expected purchases and a value.
        String running = text.substring(0, text.indexOf("passed: stopping"));
        Matcher predicted = PREDICTED.matcher(running);
        List<Long> predictedWhileRunning = new ArrayList<>();
        while (predicted.find()) {
            predictedWhileRunning.add(Long.parseLong(predicted.group(1).replace(",", "")));
        }
        assertThat(predictedWhileRunning).as(running).anyMatch(known -> known > 0);
        assertThat(count("SELECT count(*) FROM prediction_model")).isGreaterThan(1);
        assertThat(
                        count(
                                "SELECT count(*) FROM customer_profile WHERE purchases > 0 AND"
                                        + " (p_alive IS NULL OR p_alive < 0 OR p_alive > 1"
                                        + " OR expected_purchases IS NULL OR expected_purchases < 0"
                                        + " OR predicted_value IS NULL OR predicted_value < 0)"))
                .as(
                        "profiles without a prediction in range, of %d with purchases (p_alive"
                                + " null %d, expected_purchases null %d)",
                        count("SELECT count(*) FROM customer_profile WHERE purchases > 0"),
                        count(
                                "SELECT count(*) FROM customer_profile WHERE purchases > 0"
                                        + " AND p_alive IS NULL"),
                        count(
                                "SELECT count(*) FROM customer_profile WHERE purchases > 0"
                                        + " AND expected_purchases IS NULL"),
                        count(
                                "SELECT count(*) FROM customer_profile WHERE purchases > 0"
                                        + " AND predicted_value IS NULL"))
                .isZero();
        assertThat(text).contains("prediction: last fit at").contains("purchase days expected");

        Set<String> personal = generatedPersonalData();
        assertThat(personal).hasSizeGreaterThan(4 * CUSTOMERS);
        assertThat(textValuesContaining(personal)).isEmpty();
        for (String contact : personal) {
            assertThat(text).as("the demo's output").doesNotContain(contact);
        }
    }

    /**
     * SPEC 8 in the demo: while it runs, the progress lines name the top referrers and count the
     * flash sale's flagged orders; the summary lists the referrers owed the most and the flags per
     * campaign and rule, as the tables hold them once the job stopped.
     */
    private void assertReferralsAndFlashSaleShow(String text) throws SQLException {
        String running = text.substring(0, text.indexOf("passed: stopping"));
        assertThat(TOP_REFERRER_WHILE_RUNNING.matcher(running).find()).as(running).isTrue();
        assertThat(FLAGGED_WHILE_RUNNING.matcher(running).find()).as(running).isTrue();

        Matcher referrers = REFERRER_SUMMARY.matcher(text);
        Map<String, String> owed = new LinkedHashMap<>();
        while (referrers.find()) {
            owed.put(referrers.group(1), referrers.group(2));
        }
        assertThat(owed).as(text).isNotEmpty();
        for (Map.Entry<String, String> referrer : owed.entrySet()) {
            assertThat(
                            text(
                                    "SELECT CAST(sum(commission) AS VARCHAR) FROM"
                                            + " referral_commission WHERE referrer_id = '"
                                            + referrer.getKey()
                                            + "'"))
                    .isEqualTo(referrer.getValue());
        }
        // The first listed is owed the most.
        assertThat(new java.math.BigDecimal(owed.values().iterator().next()))
                .isEqualByComparingTo(
                        text(
                                "SELECT CAST(max(owed) AS VARCHAR) FROM (SELECT sum(commission)"
                                        + " AS owed FROM referral_commission GROUP BY referrer_id)"
                                        + " o"));

        Matcher flags = FLAG_SUMMARY.matcher(text);
        Map<String, Long> flagged = new LinkedHashMap<>();
        while (flags.find()) {
            flagged.put(flags.group(1), Long.parseLong(flags.group(2).replace(",", "")));
        }
        Map<String, Long> inTable = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(TestPostgres.urlFor(schema));
                Statement s = c.createStatement();
                ResultSet r =
                        s.executeQuery(
                                "SELECT campaign_id || ' ' || rule, count(*) FROM abuse_flag"
                                        + " GROUP BY campaign_id, rule")) {
            while (r.next()) {
                inTable.put(r.getString(1), r.getLong(2));
            }
        }
        assertThat(flagged).as(text).containsKey("flash-sale device").isEqualTo(inTable);
        Matcher alerts = ABUSE_ALERTS_ON_KAFKA.matcher(text);
        assertThat(alerts.find()).as(text).isTrue();
        assertThat(Long.parseLong(alerts.group(1).replace(",", "")))
                .isGreaterThanOrEqualTo(inTable.values().stream().mapToLong(Long::longValue).sum());
    }

    /**
     * Every phone number, e-mail address, device id, IP and address hash the simulated shop puts
     * into its orders.
     */
    private static Set<String> generatedPersonalData() {
        ShopProfile shop =
                new LiveDemo.Settings(
                                CUSTOMERS, SEED, START, DAYS, SPEED, null, 0, Duration.ofSeconds(3))
                        .shop();
        LiveTraffic live = new LiveTraffic(shop);
        Set<String> personal = new HashSet<>();
        for (OrderRow order :
                live.advanceTo(shop.end().plus(Duration.ofDays(365))).rows().orders()) {
            for (String value :
                    java.util.Arrays.asList(
                            order.customerPhone(),
                            order.customerEmail(),
                            order.deviceId(),
                            order.clientIp(),
                            order.addressHash())) {
                if (value != null) {
                    personal.add(value);
                }
            }
        }
        assertThat(live.exhausted()).isTrue();
        return personal;
    }

    /** The text values of every table of the schema that contain one of {@code needles}. */
    private Map<String, String> textValuesContaining(Set<String> needles) throws SQLException {
        Map<String, String> found = new LinkedHashMap<>();
        Map<String, List<String>> columns = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(TestPostgres.urlFor(schema))) {
            try (PreparedStatement s =
                    c.prepareStatement(
                            "SELECT c.table_name, c.column_name FROM information_schema.columns c"
                                    + " JOIN information_schema.tables t"
                                    + " ON t.table_schema = c.table_schema"
                                    + " AND t.table_name = c.table_name"
                                    + " WHERE c.table_schema = ? AND t.table_type = 'BASE TABLE'"
                                    + " AND c.data_type IN ('character varying', 'text',"
                                    + " 'character', 'json', 'jsonb')"
                                    + " ORDER BY c.table_name, c.ordinal_position")) {
                s.setString(1, schema);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        columns.computeIfAbsent(r.getString(1), t -> new ArrayList<>())
                                .add(r.getString(2));
                    }
                }
            }
            assertThat(columns).containsKeys("metric_period", "customer_profile", "trigger_log");
            long values = 0;
            for (Map.Entry<String, List<String>> table : columns.entrySet()) {
                String select =
                        "SELECT " + String.join(", ", table.getValue()) + " FROM " + table.getKey();
                try (Statement s = c.createStatement();
                        ResultSet r = s.executeQuery(select)) {
                    while (r.next()) {
                        for (int i = 1; i <= table.getValue().size(); i++) {
                            String value = r.getString(i);
                            if (value == null) {
                                continue;
                            }
                            values++;
                            for (String needle : needles) {
                                if (value.contains(needle)) {
                                    found.put(
                                            table.getKey() + "." + table.getValue().get(i - 1),
                                            value);
                                }
                            }
                        }
                    }
                }
            }
            assertThat(values).isPositive();
        }
        return found;
    }

    private String awaitWebUi(CompletableFuture<Integer> exit) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            Matcher matcher = WEB_UI.matcher(text());
            if (matcher.find()) {
                return matcher.group(1);
            }
            if (exit.isDone()) {
                throw new AssertionError("the demo ended early: " + err + "\n" + text());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no Web UI address printed: " + text());
    }

    private static String httpGet(String url) throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(url))
                                        .timeout(Duration.ofSeconds(10))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static List<JsonNode> excerpt(String text) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> messages = new ArrayList<>();
        for (String line : text.lines().toList()) {
            if (line.startsWith("  {\"trigger_id\"")) {
                messages.add(json.readTree(line.strip()));
            }
        }
        return messages;
    }

    private long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestPostgres.urlFor(schema));
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private String text(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestPostgres.urlFor(schema));
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    private String text() {
        return output.toString(StandardCharsets.UTF_8);
    }
}
