package dev.repurchase.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.repurchase.common.config.LifecycleOptions;
import dev.repurchase.common.config.PredictionOptions;
import dev.repurchase.common.config.RepurchaseOptions;
import dev.repurchase.common.order.OrderStatus;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.testing.TestPostgres;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.math3.special.Gamma;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC 9 through the real pipeline: the CDNOW sample ({@code data/cdnow}) replayed up to
 * 1997-09-30. The fit published last (at the end of the replay) reproduces the published parameters
 * within 1 %; with those parameters fixed, every customer's P(alive) and expected purchases of the
 * next 90 days equal the paper's closed forms, computed here from the transactions on their own,
 * within 1e-6.
 *
 * <p>CDNOW counts its 8 zero-dollar transactions as purchases, SPEC 2 excludes zero-value orders:
 * they are replayed at one cent, so the purchase days are the sample's.
 */
class CdnowPredictionITCase {

    private static final Path CDNOW = Path.of("../data/cdnow/CDNOW_sample.txt");
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final LocalDate END = LocalDate.of(1997, 9, 30);

    private static final double R = 0.243;
    private static final double ALPHA = 4.414;
    private static final double A = 0.793;
    private static final double B = 2.426;

    private String schema;

    @AfterEach
    void dropSchema() throws Exception {
        TestPostgres.dropSchema(schema);
    }

    @Test
    void theLastFitReproducesThePublishedParameters() throws Exception {
        replay(null);

        try (Connection c = connection();
                Statement s = c.createStatement();
                ResultSet r =
                        s.executeQuery(
                                "SELECT fitted_at, customers, r, alpha, a, b FROM prediction_model"
                                        + " ORDER BY fitted_at DESC LIMIT 1")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getObject(1, java.time.OffsetDateTime.class).toInstant())
                    .isEqualTo(endOfReplay());
            assertThat(r.getLong(2)).isEqualTo(2357);
            assertThat(r.getDouble(3)).isCloseTo(R, within(0.01 * R));
            assertThat(r.getDouble(4)).isCloseTo(ALPHA, within(0.01 * ALPHA));
            assertThat(r.getDouble(5)).isCloseTo(A, within(0.01 * A));
            assertThat(r.getDouble(6)).isCloseTo(B, within(0.01 * B));
        }
    }

    @Test
    void withFixedParametersEveryProfileHoldsTheClosedForms() throws Exception {
        replay(R + "," + ALPHA + "," + A + "," + B);

        Map<String, double[]> expected = closedForms();
        Map<String, double[]> profiles = new HashMap<>();
        try (Connection c = connection();
                Statement s = c.createStatement();
                ResultSet r =
                        s.executeQuery(
                                "SELECT customer_id, p_alive, expected_purchases"
                                        + " FROM customer_profile")) {
            while (r.next()) {
                profiles.put(r.getString(1), new double[] {r.getDouble(2), r.getDouble(3)});
            }
        }
        assertThat(profiles).hasSize(2357).containsOnlyKeys(expected.keySet());
        expected.forEach(
                (customer, values) -> {
                    assertThat(profiles.get(customer)[0])
                            .as("p_alive of %s", customer)
                            .isCloseTo(values[0], within(1e-6));
                    assertThat(profiles.get(customer)[1])
                            .as("expected_purchases of %s", customer)
                            .isCloseTo(values[1], within(1e-6));
                });
    }

    private void replay(String params) throws Exception {
        schema = TestPostgres.createSchema("cdnow");
        Configuration config = new Configuration();
        config.set(PipelineOptions.JDBC_URL, TestPostgres.urlFor(schema));
        config.set(CoreOptions.DEFAULT_PARALLELISM, 2);
        config.set(RepurchaseOptions.TIMEZONE, ZONE.getId());
        config.set(LifecycleOptions.EVENT_TIME_END, endOfReplay().toString());
        if (params != null) {
            config.set(PredictionOptions.PARAMS, params);
        }
        new HistoryReplay(config, new PrintStream(OutputStream.nullOutputStream()))
                .run(DebeziumChangeFeed.of(new OrderHistory(orders(), List.of())));
    }

    /** The last instant of 30 September 1997, local time: today is that date. */
    private static Instant endOfReplay() {
        return END.plusDays(1).atStartOfDay(ZONE).toInstant().minusSeconds(1);
    }

    private static List<OrderRow> orders() throws IOException {
        List<OrderRow> orders = new ArrayList<>();
        for (String[] t : transactions()) {
            Instant at = date(t).atTime(12, 0).atZone(ZONE).toInstant();
            BigDecimal dollars = new BigDecimal(t[4]);
            orders.add(
                    new OrderRow(
                            "o" + orders.size(),
                            "c" + Integer.parseInt(t[1]),
                            OrderStatus.COMPLETED,
                            dollars.signum() == 0 ? new BigDecimal("0.01") : dollars,
                            "USD",
                            "web",
                            "us",
                            null,
                            null,
                            at,
                            at,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            at,
                            null,
                            null,
                            null));
        }
        return orders;
    }

    /** The sample's transactions up to the end: original id, customer id, date, CDs, dollars. */
    private static List<String[]> transactions() throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(CDNOW, StandardCharsets.US_ASCII)) {
            if (!line.isBlank()) {
                String[] t = line.trim().split("\\s+");
                if (!date(t).isAfter(END)) {
                    rows.add(t);
                }
            }
        }
        return rows;
    }

    private static LocalDate date(String[] transaction) {
        return LocalDate.parse(transaction[2], DateTimeFormatter.BASIC_ISO_DATE);
    }

    /** Per customer: P(alive) and the expected purchases of 90 days, from the purchase days. */
    private static Map<String, double[]> closedForms() throws IOException {
        Map<String, TreeSet<LocalDate>> days = new HashMap<>();
        for (String[] t : transactions()) {
            days.computeIfAbsent("c" + Integer.parseInt(t[1]), c -> new TreeSet<>()).add(date(t));
        }
        Map<String, double[]> forms = new HashMap<>();
        days.forEach(
                (customer, d) -> {
                    int x = d.size() - 1;
                    double tx = ChronoUnit.DAYS.between(d.first(), d.last()) / 7.0;
                    double t = ChronoUnit.DAYS.between(d.first(), END) / 7.0;
                    double odds =
                            x == 0
                                    ? 0
                                    : A / (B + x - 1) * Math.pow((ALPHA + t) / (ALPHA + tx), R + x);
                    double weeks = 90 / 7.0;
                    double hyp = f21(R + x, B + x, A + B + x - 1, weeks / (ALPHA + t + weeks));
                    double purchases =
                            (A + B + x - 1)
                                    / (A - 1)
                                    * (1 - Math.pow((ALPHA + t) / (ALPHA + t + weeks), R + x) * hyp)
                                    / (1 + odds);
                    forms.put(customer, new double[] {1 / (1 + odds), purchases});
                });
        return forms;
    }

    /** 2F1 as the sum of its terms, each from log-gammas of the Pochhammer symbols. */
    private static double f21(double a, double b, double c, double z) {
        double sum = 0;
        for (int k = 0; k < 2000; k++) {
            double term =
                    Math.exp(
                            Gamma.logGamma(a + k)
                                    - Gamma.logGamma(a)
                                    + Gamma.logGamma(b + k)
                                    - Gamma.logGamma(b)
                                    - Gamma.logGamma(c + k)
                                    + Gamma.logGamma(c)
                                    - Gamma.logGamma(k + 1.0)
                                    + k * Math.log(z));
            sum += term;
            if (k > 10 && term < 1e-17 * sum) {
                return sum;
            }
        }
        throw new AssertionError("2F1 did not converge");
    }

    private Connection connection() throws Exception {
        Connection c = TestPostgres.connect();
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
        }
        return c;
    }
}
