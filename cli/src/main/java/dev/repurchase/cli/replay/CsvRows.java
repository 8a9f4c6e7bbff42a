package dev.repurchase.cli.replay;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The rows of one history CSV file (header row first), read one at a time with typed access to
 * their columns. Every problem becomes a {@link HistoryFormatException} naming the file and line.
 */
final class CsvRows implements Closeable {

    /** ISO-8601 with 'T' or a space between date and time; an offset is optional (UTC if none). */
    private static final DateTimeFormatter TIMESTAMP =
            new DateTimeFormatterBuilder()
                    .append(DateTimeFormatter.ISO_LOCAL_DATE)
                    .optionalStart()
                    .appendLiteral('T')
                    .optionalEnd()
                    .optionalStart()
                    .appendLiteral(' ')
                    .optionalEnd()
                    .append(DateTimeFormatter.ISO_LOCAL_TIME)
                    .optionalStart()
                    .appendOffsetId()
                    .optionalEnd()
                    .toFormatter();

    private static final CSVFormat FORMAT =
            CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();

    private final Path file;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private CSVRecord current;

    private CsvRows(Path file, CSVParser parser) {
        this.file = file;
        this.parser = parser;
        this.records = parser.iterator();
    }

    /**
     * Opens the file and checks its header: every name must be one of {@code columns}, each at most
     * once, and the {@code required} ones must be there.
     */
    static CsvRows open(Path file, List<String> columns, Set<String> required) throws IOException {
        BufferedReader reader;
        try {
            reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new HistoryFormatException(file, 0, "no such file");
        }
        try {
            skipByteOrderMark(reader);
            CsvRows rows = new CsvRows(file, CSVParser.parse(reader, FORMAT));
            rows.checkHeader(columns, required);
            return rows;
        } catch (HistoryFormatException e) {
            reader.close();
            throw e;
        } catch (IOException | UncheckedIOException e) {
            reader.close();
            throw new HistoryFormatException(file, 1, "unreadable header: " + e.getMessage());
        }
    }

    /** Moves to the next row; false at the end of the file. */
    boolean next() throws HistoryFormatException {
        try {
            if (!records.hasNext()) {
                return false;
            }
            current = records.next();
        } catch (UncheckedIOException e) {
            throw error("malformed CSV: " + e.getCause().getMessage());
        }
        if (!current.isConsistent()) {
            throw error(
                    "expected "
                            + parser.getHeaderNames().size()
                            + " values as in the header, found "
                            + current.size());
        }
        return true;
    }

    /** The line the current row ends on (the header is line 1). */
    long line() {
        return parser.getCurrentLineNumber();
    }

    /** The column's text; null if the column is absent or empty. */
    String text(String column) {
        String value = current.isMapped(column) ? current.get(column) : "";
        return value.isEmpty() ? null : value;
    }

    String requiredText(String column) throws HistoryFormatException {
        String value = text(column);
        if (value == null) {
            throw error(column + " is empty");
        }
        return value;
    }

    /** An ISO-8601 timestamp, or 'YYYY-MM-DD HH:MM:SS'; UTC unless it carries an offset. */
    Instant instant(String column) throws HistoryFormatException {
        String value = text(column);
        if (value == null) {
            return null;
        }
        try {
            TemporalAccessor parsed =
                    TIMESTAMP.parseBest(value, OffsetDateTime::from, LocalDateTime::from);
            return parsed instanceof OffsetDateTime offsetDateTime
                    ? offsetDateTime.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw error(column + " '" + value + "' is not an ISO-8601 timestamp");
        }
    }

    Instant requiredInstant(String column) throws HistoryFormatException {
        Instant value = instant(column);
        if (value == null) {
            throw error(column + " is empty");
        }
        return value;
    }

    BigDecimal decimal(String column) throws HistoryFormatException {
        String value = text(column);
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw error(column + " '" + value + "' is not a decimal number");
        }
    }

    BigDecimal requiredDecimal(String column) throws HistoryFormatException {
        BigDecimal value = decimal(column);
        if (value == null) {
            throw error(column + " is empty");
        }
        return value;
    }

    /** A required whole number. */
    long integer(String column) throws HistoryFormatException {
        String value = requiredText(column);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw error(column + " '" + value + "' is not a whole number");
        }
    }

    /** A problem with the current row. */
    HistoryFormatException error(String reason) {
        return new HistoryFormatException(file, line(), reason);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    private void checkHeader(List<String> columns, Set<String> required)
            throws HistoryFormatException {
        Set<String> seen = new HashSet<>();
        for (String name : parser.getHeaderNames()) {
            if (!columns.contains(name)) {
                throw new HistoryFormatException(
                        file, 1, "unknown column '" + name + "' (columns: " + columns + ")");
            }
            if (!seen.add(name)) {
                throw new HistoryFormatException(file, 1, "column '" + name + "' appears twice");
            }
        }
        for (String name : required) {
            if (!seen.contains(name)) {
                throw new HistoryFormatException(file, 1, "missing column '" + name + "'");
            }
        }
    }

    /** Spreadsheets save UTF-8 with a byte order mark, which would become part of a column name. */
    private static void skipByteOrderMark(BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
    }
}
