package dev.repurchase.cli.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Function;

/**
 * What the feeds of the tables beside the orders ({@link CouponFeed}, {@link CustomerFeed}) share:
 * a table's row versions in commit-time order (of two at one instant, by row id; the versions of a
 * row at one instant keep their order) rendered as Debezium messages, one transaction per change,
 * all changes of a row on its partition; and the reading of the table's CSV.
 *
 * @param <R> a row of the table
 * @param <V> a change of a row
 */
final class RowVersions<R, V extends RowVersions.Version<R>> implements Iterable<ChangeEvent> {

    /**
     * One change of a row: committed at {@code at}, replacing {@code before} (null for an insert)
     * by {@code after} (null for a delete).
     */
    interface Version<R> {
        Instant at();

        R before();

        R after();

        /** The row the change is of: its after image, or the before image of a delete. */
        default R row() {
            return after() != null ? after() : before();
        }

        /** Rejects a change without images. */
        static void requireImage(Object before, Object after) {
            if (before == null && after == null) {
                throw new IllegalArgumentException("a version needs a before or an after image");
            }
        }
    }

    /**
     * How the rows of a table are named and rendered.
     *
     * @param name the table name in the messages' source
     * @param columns the column names, in the order of {@code values}
     * @param id a row's id (its first column), the partitioning key of its changes
     * @param key the message key of an id (Debezium's JSON of the primary key)
     * @param values a row's column values
     */
    record Table<R>(
            String name,
            List<String> columns,
            Function<R, String> id,
            Function<String, String> key,
            Function<R, List<Object>> values) {}

    /** Reads one row of a CSV; an {@link IllegalArgumentException} is a problem of the row. */
    interface RowReader<R> {
        R read(CsvRows rows) throws HistoryFormatException;
    }

    private final Table<R> table;
    private final String topic;
    private final List<V> versions;

    RowVersions(Table<R> table, String topic, List<V> versions) {
        this.table = table;
        this.topic = topic;
        List<V> sorted = new ArrayList<>(versions);
        sorted.sort(
                Comparator.comparing((V v) -> v.at())
                        .thenComparing(v -> table.id().apply(v.row())));
        this.versions = List.copyOf(sorted);
    }

    /**
     * The rows of a CSV of the table: a header row of {@code table.columns()}, the {@code required}
     * ones present, each row's id once.
     *
     * @throws HistoryFormatException naming the file, the line and the reason of the first problem
     */
    static <R> List<R> read(Path csv, Table<R> table, Set<String> required, RowReader<R> reader)
            throws IOException {
        List<R> rows = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try (CsvRows lines = CsvRows.open(csv, table.columns(), required)) {
            while (lines.next()) {
                R row;
                try {
                    row = reader.read(lines);
                } catch (IllegalArgumentException e) {
                    throw lines.error(e.getMessage());
                }
                String id = table.id().apply(row);
                if (!ids.add(id)) {
                    throw lines.error(table.columns().get(0) + " '" + id + "' appears twice");
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** These versions and {@code more}, all in commit order. */
    RowVersions<R, V> with(List<V> more) {
        List<V> all = new ArrayList<>(versions);
        all.addAll(more);
        return new RowVersions<>(table, topic, all);
    }

    /** The versions in commit order. */
    List<V> versions() {
        return versions;
    }

    /** The messages in commit order; each iteration renders them afresh, identically. */
    @Override
    public Iterator<ChangeEvent> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < versions.size();
            }

            @Override
            public ChangeEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                V v = versions.get(next++);
                String id = table.id().apply(v.row());
                // One transaction per change; the log position grows with every message.
                return new ChangeEvent(
                        topic,
                        id,
                        table.key().apply(id),
                        DebeziumEnvelope.change(
                                table.name(),
                                image(v.before()),
                                image(v.after()),
                                v.at(),
                                next,
                                next),
                        v.at());
            }
        };
    }

    private ObjectNode image(R row) {
        return row == null
                ? null
                : DebeziumEnvelope.image(table.columns(), table.values().apply(row));
    }
}
