package dev.repurchase.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.repurchase.cli.embedded.EmbeddedKafka;
import dev.repurchase.cli.generator.OrderTraffic;
import dev.repurchase.cli.generator.ShopProfile;
import dev.repurchase.common.config.AbuseOptions;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.config.PrivacyOptions;
import dev.repurchase.jobs.testing.CommittedMessages;
import dev.repurchase.jobs.testing.LogCapture;
import dev.repurchase.jobs.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Phone numbers, e-mail addresses, names, device ids, client IPs and address hashes never reach a
 * sink, a Kafka output or a log line in clear. A generated shop whose every order carries its
 * customer's phone number and e-mail address, and a device id, client IP and address hash shared by
 * a few customers (so that its campaigns, all flash sales here, flag orders: SPEC 8.2), is
 * replayed, with malformed messages that carry contacts too (names, phone numbers cut off by a
 * truncation, contacts quoted in the reason of a rejection, a customers table the job does not
 * read); the job runs with a contact hash secret and a JDBC password. Then every text value of
 * every sink table, every message (key and value) of every output topic, every log line at INFO
 * (stack traces included) and everything printed are scanned: no phone number (as a run of digits,
 * separators ignored), no e-mail address, no name, no device id, IP or address hash, no secret.
 * Masked forms (138****5678, l***@example.com) are fine.
 */
class PersonalDataITCase {

    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant END = Instant.parse("2024-07-01T00:00:00Z");
    private static final int CUSTOMERS = 400;
    private static final int MALFORMED_EVERY = 40;
    private static final List<String> NAMES = List.of("Li Lei", "Han Meimei", "王小明");
    private static final String JDBC_PASSWORD = "jdbc-pa55-7f3a91";
    private static final String HASH_SECRET = "hash-secret-2b8e4c51d0";
    private static final Pattern DIGIT_RUN = Pattern.compile("\\d[\\d ()+-]*\\d");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Set<String> phones = new TreeSet<>();
    private static final Set<String> emails = new TreeSet<>();

    /** The device ids, client IPs and address hashes of the orders (SPEC 8.2). */
    private static final Set<String> buyerIdentifiers = new TreeSet<>();

    private static final Set<String> campaigns = new TreeSet<>();
    private static String schema;
    private static int malformed;
    private static final Map<String, List<String>> outputs = new LinkedHashMap<>();
    private static List<String> logLines;
    private static String printed;

    @BeforeAll
    static void replayAShopWithContacts() throws Exception {
        OrderHistory history =
                withBuyerIdentifiers(
                        OrderTraffic.generate(ShopProfile.demo(CUSTOMERS, START, END, 20261126))
                                .history());
        for (OrderRow order : history.orders()) {
            if (order.customerPhone() != null) {
                phones.add(order.customerPhone());
            }
            if (order.customerEmail() != null) {
                emails.add(order.customerEmail().toLowerCase(Locale.ROOT));
            }
        }
        List<ChangeEvent> events = withMalformedMessages(DebeziumChangeFeed.of(history));

        schema = TestPostgres.createSchema("personal");
        Configuration config = new Configuration();
        config.set(PipelineOptions.JDBC_URL, TestPostgres.urlFor(schema));
        config.set(PipelineOptions.JDBC_PASSWORD, JDBC_PASSWORD);
        config.set(PrivacyOptions.HASH_SECRET, HASH_SECRET);
        config.set(AbuseOptions.CAMPAIGNS, List.copyOf(campaigns));
        config.set(CoreOptions.DEFAULT_PARALLELISM, 2);
        config.setString("reminders.suppress-before", "2000-01-01T00:00:00Z");

        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        try (LogCapture log = LogCapture.start(Level.INFO);
                EmbeddedKafka kafka = EmbeddedKafka.start()) {
            new HistoryReplay(config, new PrintStream(progress, true, StandardCharsets.UTF_8))
                    .run(events, kafka);
            for (String topic :
                    List.of(
                            config.get(PipelineOptions.REMINDERS_TOPIC),
                            config.get(PipelineOptions.LIFECYCLE_TOPIC),
                            config.get(PipelineOptions.ORDER_ALERTS_TOPIC),
                            config.get(PipelineOptions.ABUSE_ALERTS_TOPIC),
                            config.get(PipelineOptions.DEAD_LETTER_TOPIC))) {
                List<String> messages = new ArrayList<>();
                for (ConsumerRecord<String, String> r :
                        CommittedMessages.readAll(kafka.bootstrapServers(), topic)) {
                    messages.add(r.key() + "\t" + r.value());
                }
                outputs.put(topic, messages);
            }
            logLines = log.lines();
            printed = log.console() + progress.toString(StandardCharsets.UTF_8);
        }
    }

    @AfterAll
    static void dropSchema() throws Exception {
        TestPostgres.dropSchema(schema);
    }

    @Test
    void theScanHasSomethingToScan() throws Exception {
        assertThat(phones).hasSizeGreaterThan(CUSTOMERS / 2);
        assertThat(emails).hasSizeGreaterThan(CUSTOMERS / 2);
        assertThat(outputs.get("reminders")).isNotEmpty();
        assertThat(outputs.get("lifecycle")).isNotEmpty();
        assertThat(campaigns).isNotEmpty();
        assertThat(outputs.get("abuse-alerts")).isNotEmpty();
        assertThat(count("abuse_flag")).isPositive();
        assertThat(outputs.get("repurchase.dead-letter")).hasSize(malformed);
        assertThat(count("rejected_input")).isEqualTo(malformed);
        assertThat(count("customer_profile")).isPositive();
        assertThat(logLines).hasSizeGreaterThan(100);
        assertThat(String.join("\n", outputs.get("repurchase.dead-letter")))
                .as("masked forms are kept")
                .containsPattern("1\\d\\d\\*\\*\\*\\*\\d{4}")
                .containsPattern("[a-z]\\*\\*\\*@example");
    }

    @Test
    void noSinkTableHoldsAContact() throws Exception {
        Map<String, String> found = new LinkedHashMap<>();
        long values = scanTextColumns(value -> clearIn(value, found, "table value"));

        assertThat(values).isPositive();
        assertThat(found).isEmpty();
    }

    @Test
    void noOutputTopicHoldsAContact() {
        Map<String, String> found = new LinkedHashMap<>();
        outputs.forEach(
                (topic, messages) -> messages.forEach(m -> clearIn(m, found, "topic " + topic)));

        assertThat(found).isEmpty();
    }

    @Test
    void noLogLineHoldsAContactOrASecret() {
        Map<String, String> found = new LinkedHashMap<>();
        logLines.forEach(line -> clearIn(line, found, "log"));
        clearIn(printed, found, "printed");

        assertThat(found).isEmpty();
        for (String secret : List.of(JDBC_PASSWORD, HASH_SECRET)) {
            assertThat(logLines).noneMatch(line -> line.contains(secret));
            assertThat(printed).doesNotContain(secret);
        }
    }

    // ---------------------------------------------------------------- the input

    /**
     * Every order with a device id, client IP and address hash, each shared by a few customers, so
     * that the campaigns' limits flag orders.
     */
    private static OrderHistory withBuyerIdentifiers(OrderHistory history) {
        List<OrderRow> orders = new ArrayList<>();
        for (OrderRow o : history.orders()) {
            int buyer = Math.floorMod(String.valueOf(o.customerId()).hashCode(), CUSTOMERS / 3);
            String device = "dev-4e1f-" + Integer.toHexString(0xa000 + buyer);
            String ip = "172.20." + (buyer / 200) + "." + (buyer % 200 + 10);
            String address = "addrhash-" + Integer.toHexString(0xc0de00 + buyer / 2);
            buyerIdentifiers.addAll(List.of(device, ip, address));
            if (o.campaignId() != null) {
                campaigns.add(o.campaignId());
            }
            orders.add(
                    new OrderRow(
                            o.orderId(),
                            o.customerId(),
                            o.status(),
                            o.totalAmount(),
                            o.currency(),
                            o.channel(),
                            o.region(),
                            o.campaignId(),
                            o.couponId(),
                            o.createdAt(),
                            o.paidAt(),
                            o.shippedAt(),
                            o.deliveredAt(),
                            o.promisedDeliveryAt(),
                            o.cancelledAt(),
                            o.refundedAmount(),
                            o.customerPhone(),
                            o.customerEmail(),
                            o.updatedAt(),
                            device,
                            ip,
                            address));
        }
        return new OrderHistory(orders, history.items());
    }

    /** The feed with a malformed message carrying contacts after every few real ones. */
    private static List<ChangeEvent> withMalformedMessages(DebeziumChangeFeed feed) {
        List<ChangeEvent> events = new ArrayList<>();
        int n = 0;
        for (ChangeEvent event : feed) {
            events.add(event);
            if (++n % MALFORMED_EVERY != 0
                    || !event.topic().equals(DebeziumChangeFeed.Topics.DEFAULT.orders())
                    || !event.value().contains("\"customer_phone\":\"1")) {
                continue;
            }
            String value = malformed(event.value(), n);
            events.add(
                    new ChangeEvent(
                            event.topic(), event.orderId(), event.key(), value, event.eventTime()));
            malformed++;
        }
        return events;
    }

    private static String malformed(String value, int n) {
        String name = NAMES.get(n % NAMES.size());
        switch ((n / MALFORMED_EVERY) % 6) {
            case 0:
                // cut off in the middle of the phone number
                int phone =
                        value.indexOf("\"customer_phone\":\"") + "\"customer_phone\":\"".length();
                return value.substring(0, phone + 7);
            case 1:
                // cut off in the middle of the e-mail address
                int email =
                        value.indexOf("\"customer_email\":\"") + "\"customer_email\":\"".length();
                return value.substring(0, email + 9);
            case 2:
                // the e-mail address quoted in the reason
                return mutate(
                        value, n, m -> after(m).put("status", text(after(m), "customer_email")));
            case 3:
                // the phone number quoted in the reason, written with separators
                return mutate(
                        value,
                        n,
                        m ->
                                after(m).put(
                                                "total_amount",
                                                "call "
                                                        + dashed(
                                                                text(after(m), "customer_phone"))));
            case 4:
                // names and an address, and an operation the job does not know
                return mutate(
                        value,
                        n,
                        m -> {
                            m.put("op", "x");
                            after(m).put("customer_name", name).put("receiver_name", name);
                            after(m).put("receiver_address", "88 Nanjing Road, " + name);
                        });
            default:
                // a table the job does not read, full of contacts
                return mutate(
                        value,
                        n,
                        m -> {
                            // (not "customers": the job reads that table now, for referrals)
                            ((ObjectNode) m.get("source")).put("table", "customer_addresses");
                            ObjectNode after = after(m);
                            after.put("customer_name", name);
                            after.put(
                                    "customer_phone",
                                    "+86 " + dashed(text(after, "customer_phone")));
                        });
        }
    }

    private static String dashed(String phone) {
        return phone.substring(0, 3) + "-" + phone.substring(3, 7) + "-" + phone.substring(7);
    }

    private static String text(ObjectNode row, String field) {
        return row.get(field).asText();
    }

    private static String mutate(String value, int n, Consumer<ObjectNode> change) {
        try {
            ObjectNode message = (ObjectNode) JSON.readTree(value);
            ((ObjectNode) message.get("source")).put("lsn", 1_000_000_000_000L + n);
            change.accept(message);
            return JSON.writeValueAsString(message);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode after(ObjectNode message) {
        return (ObjectNode) message.get("after");
    }

    // ---------------------------------------------------------------- the scan

    /** Records in {@code found} any contact {@code text} holds in clear. */
    private static void clearIn(String text, Map<String, String> found, String where) {
        if (text == null) {
            return;
        }
        Matcher digits = DIGIT_RUN.matcher(text);
        while (digits.find()) {
            String run = digits.group().replaceAll("\\D", "");
            for (int i = 0; i + 11 <= run.length(); i++) {
                if (phones.contains(run.substring(i, i + 11))) {
                    found.putIfAbsent(where + ": phone " + run.substring(i, i + 11), excerpt(text));
                }
            }
        }
        Matcher email = EMAIL.matcher(text);
        while (email.find()) {
            if (emails.contains(email.group().toLowerCase(Locale.ROOT))) {
                found.putIfAbsent(where + ": e-mail " + email.group(), excerpt(text));
            }
        }
        for (String name : NAMES) {
            if (text.contains(name)) {
                found.putIfAbsent(where + ": name " + name, excerpt(text));
            }
        }
        for (String identifier : buyerIdentifiers) {
            if (text.contains(identifier)) {
                found.putIfAbsent(where + ": " + identifier, excerpt(text));
            }
        }
    }

    private static String excerpt(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    /** Feeds every text value of every table of the sink schema; returns how many. */
    private static long scanTextColumns(Consumer<String> scan) throws Exception {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        try (Connection c = TestPostgres.connect()) {
            try (PreparedStatement s =
                    c.prepareStatement(
                            "SELECT c.table_name, c.column_name FROM information_schema.columns c"
                                    + " JOIN information_schema.tables t"
                                    + " ON t.table_schema = c.table_schema"
                                    + " AND t.table_name = c.table_name"
                                    + " WHERE c.table_schema = ? AND t.table_type = 'BASE TABLE'"
                                    + " AND c.data_type IN ('character varying', 'text',"
                                    + " 'character', 'json', 'jsonb')")) {
                s.setString(1, schema);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        columns.computeIfAbsent(r.getString(1), t -> new ArrayList<>())
                                .add(r.getString(2));
                    }
                }
            }
            assertThat(columns)
                    .containsKeys(
                            "metric_period", "customer_profile", "trigger_log", "rejected_input");
            long values = 0;
            for (Map.Entry<String, List<String>> table : columns.entrySet()) {
                try (Statement s = c.createStatement();
                        ResultSet r =
                                s.executeQuery(
                                        "SELECT "
                                                + String.join(", ", table.getValue())
                                                + " FROM "
                                                + schema
                                                + "."
                                                + table.getKey())) {
                    while (r.next()) {
                        for (int i = 1; i <= table.getValue().size(); i++) {
                            String value = r.getString(i);
                            if (value != null) {
                                values++;
                                scan.accept(table.getKey() + ": " + value);
                            }
                        }
                    }
                }
            }
            return values;
        }
    }

    private static long count(String table) throws Exception {
        try (Connection c = TestPostgres.connect();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM " + schema + "." + table)) {
            r.next();
            return r.getLong(1);
        }
    }
}
