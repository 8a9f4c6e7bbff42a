package dev.repurchase.cli.bench;

import dev.repurchase.cli.replay.ItemRow;
import dev.repurchase.cli.replay.OrderHistory;
import dev.repurchase.cli.replay.OrderRow;
import dev.repurchase.jobs.sink.SchemaInstaller;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * The status quo: the batch SQL of {@code sql/} ({@code 099_batch_inputs.sql}, {@code
 * 001_tables.sql}, {@code 100_batch_metrics.sql}) on PostgreSQL over the same orders, as the tests'
 * batch reference runs it: load the final {@code orders} and {@code order_items} rows with COPY,
 * then compute every table in one go.
 */
final class BatchBaseline {

    record Figures(
            int orders,
            int items,
            Duration load,
            Duration compute,
            double machineCores,
            double foreignCores,
            long metricRows) {

        double computeMicrosPerOrder() {
            return compute.toNanos() / 1e3 / orders;
        }
    }

    private BatchBaseline() {}

    static Figures run(BenchDatabase database, OrderHistory history) throws Exception {
        String schema = database.createSchema();
        Path dir = Files.createTempDirectory("bench-batch-");
        try (Connection c = database.connect(schema)) {
            SchemaInstaller.runScript(c, "sql/099_batch_inputs.sql");
            SchemaInstaller.install(c);
            Path orders = dir.resolve("orders.csv");
            Path items = dir.resolve("order_items.csv");
            writeCsv(orders, history.orders().stream().map(OrderRow::values).toList());
            writeCsv(items, history.items().stream().map(ItemRow::values).toList());

            long loadStart = System.nanoTime();
            copy(c, "orders", OrderRow.COLUMNS, orders);
            copy(c, "order_items", ItemRow.COLUMNS, items);
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE orders");
                s.execute("ANALYZE order_items");
            }
            Duration load = Duration.ofNanos(System.nanoTime() - loadStart);

            Machine.CpuTime cpuStart = Machine.CpuTime.now();
            SchemaInstaller.runScript(c, "sql/100_batch_metrics.sql");
            Machine.CpuTime cpuEnd = Machine.CpuTime.now();
            long rows;
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT count(*) FROM metric_period")) {
                r.next();
                rows = r.getLong(1);
            }
            return new Figures(
                    history.orders().size(),
                    history.items().size(),
                    load,
                    Duration.ofNanos(cpuEnd.wallNanos() - cpuStart.wallNanos()),
                    cpuEnd.machineCoresSince(cpuStart, Runtime.getRuntime().availableProcessors()),
                    cpuEnd.foreignCoresSince(cpuStart, Runtime.getRuntime().availableProcessors()),
                    rows);
        } finally {
            database.dropSchema(schema);
            org.apache.flink.util.FileUtils.deleteDirectoryQuietly(dir.toFile());
        }
    }

    private static void writeCsv(Path file, List<List<Object>> rows) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            for (List<Object> row : rows) {
                line.setLength(0);
                for (int i = 0; i < row.size(); i++) {
                    if (i > 0) {
                        line.append(',');
                    }
                    Object v = row.get(i);
                    if (v != null) {
                        String text =
                                v instanceof java.math.BigDecimal d
                                        ? d.toPlainString()
                                        : v.toString();
                        line.append('"').append(text.replace("\"", "\"\"")).append('"');
                    }
                }
                w.write(line.append('\n').toString());
            }
        }
    }

    private static void copy(Connection c, String table, List<String> columns, Path csv)
            throws Exception {
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            c.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn(
                            "COPY "
                                    + table
                                    + " ("
                                    + String.join(", ", columns)
                                    + ") FROM STDIN (FORMAT csv)",
                            in);
        }
    }
}
