package dev.repurchase.common.cdc;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

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
}
