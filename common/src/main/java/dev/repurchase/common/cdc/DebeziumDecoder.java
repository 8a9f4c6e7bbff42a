package dev.repurchase.common.cdc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes Debezium JSON change events, with or without the {@code schema}/{@code payload} wrapper
 * of the JSON converter's {@code schemas.enable}. With the schema, decimals and times are
 * normalised to {@link java.math.BigDecimal}, {@link java.time.Instant} (types with a zone) and
 * {@link java.time.LocalDateTime} (zone-less ones, read in {@code source.timezone} by the mapping;
 * see {@link DebeziumLogicalTypes}); without it values stay JSON scalars. The schema may come
 * before or after the payload: values are converted once the whole message is read.
 *
 * <p>The position is {@code source.ts_ms} (the commit time; the event's {@code ts_ms} if absent),
 * then the PostgreSQL {@code source.lsn} or the MySQL {@code source.file}/{@code source.pos}, then
 * the MySQL {@code source.row}. Events without an {@code op} (heartbeats, schema changes,
 * transaction markers) carry no row change.
 */
public final class DebeziumDecoder implements ChangeDecoder {

    private static final String BEFORE = "before";
    private static final String AFTER = "after";

    @Override
    public List<RowChange> decode(byte[] value) throws MalformedChangeException {
        Message message = new Message();
        CdcJson.readMessage(value, message);
        Payload payload = message.wrapped ? message.payload : message.root;
        if (payload == null) {
            return List.of();
        }
        if (!payload.isObject) {
            throw new MalformedChangeException("payload is not a JSON object");
        }
        if (!payload.hasOp) {
            if (payload.before.present || payload.after.present) {
                throw new MalformedChangeException("row change without op");
            }
            return List.of();
        }
        ChangeOp op = ChangeOp.ofDebeziumCode(payload.op);
        if (payload.table == null) {
            throw new MalformedChangeException("missing source.table");
        }
        Map<String, Map<String, ColumnSchema>> schemas = message.wrapped ? message.schemas : null;
        Map<String, Object> before = payload.before.image(BEFORE, schemas);
        Map<String, Object> after = payload.after.image(AFTER, schemas);
        if (op == ChangeOp.DELETE ? before == null : after == null) {
            String missing = op == ChangeOp.DELETE ? BEFORE : AFTER;
            throw new MalformedChangeException(
                    "missing " + missing + " for op '" + payload.op + "'");
        }
        return List.of(new RowChange(payload.table, op, before, after, payload.position()));
    }

    /** The message's top level: the wrapper's schema and payload, or the payload's own fields. */
    private static final class Message implements CdcJson.FieldReader {
        final Payload root = new Payload();
        boolean wrapped;
        Payload payload;
        Map<String, Map<String, ColumnSchema>> schemas = Map.of();

        @Override
        public void read(String field, JsonParser parser) throws IOException {
            switch (field) {
                case "payload":
                    wrapped = true;
                    payload = null;
                    if (parser.currentToken() != JsonToken.VALUE_NULL) {
                        payload = new Payload();
                        payload.isObject = parser.currentToken() == JsonToken.START_OBJECT;
                        if (payload.isObject) {
                            CdcJson.readFields(parser, payload);
                        }
                    }
                    break;
                case "schema":
                    schemas = schemas(parser);
                    break;
                default:
                    root.read(field, parser);
            }
        }
    }

    /** What the decoder reads of a payload. */
    private static final class Payload implements CdcJson.FieldReader {
        boolean isObject = true;
        boolean hasOp;
        String op;
        final Image before = new Image();
        final Image after = new Image();
        String table;
        Long commitMillis;
        Long eventMillis;
        Long lsn;
        String file;
        Long pos;
        Long row;

        @Override
        public void read(String field, JsonParser parser) throws IOException {
            switch (field) {
                case "op":
                    hasOp = true;
                    op = CdcJson.text(parser);
                    break;
                case BEFORE:
                    before.read(parser);
                    break;
                case AFTER:
                    after.read(parser);
                    break;
                case "ts_ms":
                    eventMillis = CdcJson.longValue(parser);
                    break;
                case "source":
                    readSource(parser);
                    break;
                default:
                    break;
            }
        }

        private void readSource(JsonParser parser) throws IOException {
            table = null;
            commitMillis = null;
            lsn = null;
            file = null;
            pos = null;
            row = null;
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                return;
            }
            CdcJson.readFields(
                    parser,
                    (field, value) -> {
                        switch (field) {
                            case "table":
                                table = CdcJson.text(value);
                                break;
                            case "ts_ms":
                                commitMillis = CdcJson.longValue(value);
                                break;
                            case "lsn":
                                lsn = CdcJson.longValue(value);
                                break;
                            case "file":
                                file = CdcJson.text(value);
                                break;
                            case "pos":
                                pos = CdcJson.longValue(value);
                                break;
                            case "row":
                                row = CdcJson.longValue(value);
                                break;
                            default:
                                break;
                        }
                    });
        }

        SourcePosition position() throws MalformedChangeException {
            long commit =
                    commitMillis != null ? commitMillis : eventMillis != null ? eventMillis : 0;
            long logPosition = lsn != null ? lsn : 0;
            if (file != null && !file.isEmpty()) {
                logPosition = BinlogPosition.of(file, pos != null ? pos : 0);
            }
            return new SourcePosition(commit, logPosition, row != null ? row : 0);
        }
    }

    /** A {@code before} or {@code after} field: absent, null, not an object, or a row. */
    private static final class Image {
        boolean present;
        boolean notObject;
        Map<String, Object> row;

        void read(JsonParser parser) throws IOException {
            present = true;
            row = CdcJson.row(parser);
            notObject = row == null && parser.currentToken() != JsonToken.VALUE_NULL;
        }

        /** The row, its values converted by the columns' schemas if the message is wrapped. */
        Map<String, Object> image(String field, Map<String, Map<String, ColumnSchema>> schemas)
                throws MalformedChangeException {
            if (notObject) {
                throw new MalformedChangeException(field + " is not a JSON object");
            }
            if (row == null || schemas == null) {
                return CdcJson.plainRow(row);
            }
            Map<String, ColumnSchema> columns = schemas.getOrDefault(field, Map.of());
            for (Map.Entry<String, Object> column : row.entrySet()) {
                String name = column.getKey();
                column.setValue(
                        DebeziumLogicalTypes.convert(name, columns.get(name), column.getValue()));
            }
            return row;
        }
    }

    /** What a column's schema says about its encoding: its logical type and decimal scale. */
    record ColumnSchema(String name, int scale) {}

    /**
     * The envelope's column schemas: struct field ({@code before}, {@code after}) to column name to
     * schema.
     */
    private static Map<String, Map<String, ColumnSchema>> schemas(JsonParser parser)
            throws IOException {
        Map<String, Map<String, ColumnSchema>> schemas = new HashMap<>();
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            return schemas;
        }
        CdcJson.readFields(
                parser,
                (field, fields) -> {
                    if (field.equals("fields") && fields.currentToken() == JsonToken.START_ARRAY) {
                        while (fields.nextToken() != JsonToken.END_ARRAY) {
                            readStruct(fields, schemas);
                        }
                    }
                });
        return schemas;
    }

    /** One struct of the envelope: its field name and its columns' schemas. */
    private static void readStruct(
            JsonParser parser, Map<String, Map<String, ColumnSchema>> schemas) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        String[] name = {""};
        Map<String, ColumnSchema> columns = new HashMap<>();
        CdcJson.readFields(
                parser,
                (field, value) -> {
                    if (field.equals("field")) {
                        name[0] = CdcJson.asText(CdcJson.value(value));
                    } else if (field.equals("fields")
                            && value.currentToken() == JsonToken.START_ARRAY) {
                        columns.clear();
                        while (value.nextToken() != JsonToken.END_ARRAY) {
                            readColumn(value, columns);
                        }
                    }
                });
        if (name[0].equals(BEFORE) || name[0].equals(AFTER)) {
            schemas.computeIfAbsent(name[0], f -> new HashMap<>()).putAll(columns);
        }
    }

    private static void readColumn(JsonParser parser, Map<String, ColumnSchema> columns)
            throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        String[] column = {""};
        String[] logicalType = {null};
        int[] scale = {0};
        CdcJson.readFields(
                parser,
                (field, value) -> {
                    switch (field) {
                        case "field":
                            column[0] = CdcJson.asText(CdcJson.value(value));
                            break;
                        case "name":
                            logicalType[0] = CdcJson.text(value);
                            break;
                        case "parameters":
                            scale[0] = 0;
                            if (value.currentToken() == JsonToken.START_OBJECT) {
                                CdcJson.readFields(
                                        value,
                                        (parameter, scaleValue) -> {
                                            if (parameter.equals("scale")) {
                                                scale[0] = CdcJson.asInt(CdcJson.value(scaleValue));
                                            }
                                        });
                            }
                            break;
                        default:
                            break;
                    }
                });
        columns.put(column[0], new ColumnSchema(logicalType[0], scale[0]));
    }
}
