package dev.repurchase.common.cdc;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How the mappers read one canonical table's columns from a source's row images: each canonical
 * column's source name resolved once, not per row (a mapping key qualified by the table, {@code
 * coupons.issued_at}, wins over a plain one, {@code issued_at}; an unmapped column keeps its name);
 * blank text as absent; date-times without offset in the source's zone; a time before 1970 or from
 * {@value #MAX_YEAR} on malformed. Serializable, so the mappers Flink functions hold can keep one.
 */
public final class SourceColumns implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Times from the start of this year on are malformed. */
    public static final int MAX_YEAR = 2100;

    private static final long MAX_MILLIS =
            LocalDate.of(MAX_YEAR, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();

    private final HashMap<String, String> sources = new HashMap<>();
    private final ZoneId sourceZone;

    /**
     * @param table the canonical table, the qualifier of its mapping keys
     * @param columns its canonical columns
     * @param mapping canonical mapping keys (plain or qualified) to source column names
     * @param sourceZone the zone of the source's date-times without offset
     */
    public SourceColumns(
            String table, Set<String> columns, Map<String, String> mapping, ZoneId sourceZone) {
        for (String column : columns) {
            String source = mapping.get(table + '.' + column);
            sources.put(column, source != null ? source : mapping.getOrDefault(column, column));
        }
        this.sourceZone = sourceZone;
    }

    /** The raw value of a canonical column in {@code image}; null if absent. */
    public Object value(Map<String, Object> image, String column) {
        return image.get(sources.get(column));
    }

    /** An optional text column: numbers become their decimal text; blank reads as absent. */
    public String text(Map<String, Object> image, String column) {
        String text = ColumnValues.text(value(image, column));
        return text == null || text.isBlank() ? null : text;
    }

    /** An optional time column in epoch milliseconds, checked by {@link #checkTime}. */
    public Long millis(Map<String, Object> image, String column) throws MalformedChangeException {
        Long millis = ColumnValues.epochMillis(column, value(image, column), sourceZone);
        if (millis != null) {
            checkTime("column " + column, millis);
        }
        return millis;
    }

    /** Checks the change's commit time, if it has a position. */
    public static void checkCommitTime(RowChange change) throws MalformedChangeException {
        if (change.position() != null) {
            checkTime("commit time", change.position().commitMillis);
        }
    }

    /** A time before 1970 or from {@link #MAX_YEAR} on is malformed. */
    public static void checkTime(String what, long epochMillis) throws MalformedChangeException {
        if (epochMillis < 0 || epochMillis >= MAX_MILLIS) {
            throw new MalformedChangeException(
                    what + ": out of range: " + Instant.ofEpochMilli(epochMillis));
        }
    }

    /**
     * Collects a source's names for one canonical table, for the mapper {@code M} of that table:
     * the source table's name, its column names, the zone of its date-times without offset. An
     * unknown canonical column fails at once, not on every row.
     */
    public static final class Builder<M> {
        private final String canonicalTable;
        private final Set<String> canonicalColumns;
        private final Predicate<String> concerns;
        private final Function<Builder<M>, M> mapper;
        private final Map<String, String> mapping = new HashMap<>();
        private String table;
        private ZoneId sourceZone = ZoneOffset.UTC;

        /**
         * @param canonicalTable the table's canonical name, its default source name
         * @param canonicalColumns its canonical columns
         * @param concerns the mapping keys (plain or qualified column names) the table takes
         * @param mapper makes the mapper of what was collected
         */
        public Builder(
                String canonicalTable,
                Set<String> canonicalColumns,
                Predicate<String> concerns,
                Function<Builder<M>, M> mapper) {
            this.canonicalTable = canonicalTable;
            this.canonicalColumns = canonicalColumns;
            this.concerns = concerns;
            this.mapper = mapper;
            this.table = canonicalTable;
        }

        /** The zone of the source's date-times without offset (UTC unless set). */
        public Builder<M> sourceZone(ZoneId zone) {
            this.sourceZone = zone;
            return this;
        }

        /** The source table holding the rows. */
        public Builder<M> table(String table) {
            this.table = table;
            return this;
        }

        /** True if the mapping key {@code canonical} names a column of this table. */
        public boolean concerns(String canonical) {
            return concerns.test(canonical);
        }

        /**
         * @param canonical a column of the table as a mapping key the table takes ({@link
         *     #concerns})
         * @param source the source table's column name
         * @throws IllegalArgumentException if {@code canonical} names no column of the table
         */
        public Builder<M> column(String canonical, String source) {
            if (!concerns(canonical)) {
                throw new IllegalArgumentException(
                        "unknown canonical column of " + canonicalTable + " '" + canonical + "'");
            }
            mapping.put(canonical, source);
            return this;
        }

        public M build() {
            return mapper.apply(this);
        }

        /** The source table's name. */
        public String table() {
            return table;
        }

        /** The columns as collected. */
        public SourceColumns columns() {
            return new SourceColumns(canonicalTable, canonicalColumns, mapping, sourceZone);
        }
    }
}
