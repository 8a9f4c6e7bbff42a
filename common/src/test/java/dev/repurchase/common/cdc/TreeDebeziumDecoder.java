package dev.repurchase.common.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes Debezium JSON change events, with or without the {@code schema}/{@code payload} wrapper
 * of the JSON converter's {@code schemas.enable}. With the schema, decimals and times are
 * normalised to {@link java.math.BigDecimal} and {@link java.time.Instant} (see {@link
 * TreeDebeziumLogicalTypes}); without it values stay JSON scalars.
 *
 * <p>The position is {@code source.ts_ms} (the commit time; the event's {@code ts_ms} if absent),
 * then the PostgreSQL {@code source.lsn} or the MySQL {@code source.file}/{@code source.pos}, then
 * the MySQL {@code source.row}. Events without an {@code op} (heartbeats, schema changes,
 * transaction markers) carry no row change.
 *
 * <p>The tree decoder the pipeline used before the streaming one: kept here only as the oracle of
 * {@link DecoderDifferential}.
 */
public final class TreeDebeziumDecoder implements ChangeDecoder {

    @Override
    public List<RowChange> decode(byte[] value) throws MalformedChangeException {
        JsonNode root = TreeCdcJson.parseObject(value);
        boolean wrapped = root.has("payload");
        JsonNode payload = wrapped ? root.get("payload") : root;
        if (payload.isNull()) {
            return List.of();
        }
        if (!payload.isObject()) {
            throw new MalformedChangeException("payload is not a JSON object");
        }
        if (!payload.has("op")) {
            if (payload.has("before") || payload.has("after")) {
                throw new MalformedChangeException("row change without op");
            }
            return List.of();
        }
        String code = TreeCdcJson.textField(payload, "op");
        ChangeOp op = ChangeOp.ofDebeziumCode(code);
        JsonNode source = payload.path("source");
        String table = TreeCdcJson.textField(source, "table");
        if (table == null) {
            throw new MalformedChangeException("missing source.table");
        }
        JsonNode envelope = wrapped ? root.path("schema") : null;
        Map<String, Object> before = image(payload, envelope, "before");
        Map<String, Object> after = image(payload, envelope, "after");
        if (op == ChangeOp.DELETE ? before == null : after == null) {
            String missing = op == ChangeOp.DELETE ? "before" : "after";
            throw new MalformedChangeException("missing " + missing + " for op '" + code + "'");
        }
        return List.of(new RowChange(table, op, before, after, position(payload, source)));
    }

    /** The {@code before} or {@code after} row, normalised by its schema if there is one. */
    private static Map<String, Object> image(JsonNode payload, JsonNode envelope, String field)
            throws MalformedChangeException {
        JsonNode row = payload.get(field);
        if (TreeCdcJson.isNull(row)) {
            return null;
        }
        if (!row.isObject()) {
            throw new MalformedChangeException(field + " is not a JSON object");
        }
        if (envelope == null) {
            return TreeCdcJson.row(row);
        }
        Map<String, JsonNode> columnSchemas = columnSchemas(envelope, field);
        Map<String, Object> image = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> column : row.properties()) {
            String name = column.getKey();
            image.put(
                    name,
                    TreeDebeziumLogicalTypes.convert(
                            name, columnSchemas.get(name), column.getValue()));
        }
        return image;
    }

    /** Column name to field schema, from the envelope's struct schema of {@code field}. */
    private static Map<String, JsonNode> columnSchemas(JsonNode envelope, String field) {
        Map<String, JsonNode> columns = new HashMap<>();
        for (JsonNode struct : envelope.path("fields")) {
            if (field.equals(struct.path("field").asText())) {
                for (JsonNode column : struct.path("fields")) {
                    columns.put(column.path("field").asText(), column);
                }
            }
        }
        return columns;
    }

    private static SourcePosition position(JsonNode payload, JsonNode source)
            throws MalformedChangeException {
        long commitMillis =
                TreeCdcJson.longField(source, "ts_ms", TreeCdcJson.longField(payload, "ts_ms", 0));
        long logPosition = TreeCdcJson.longField(source, "lsn", 0);
        String binlogFile = TreeCdcJson.textField(source, "file");
        if (binlogFile != null && !binlogFile.isEmpty()) {
            logPosition = BinlogPosition.of(binlogFile, TreeCdcJson.longField(source, "pos", 0));
        }
        return new SourcePosition(
                commitMillis, logPosition, TreeCdcJson.longField(source, "row", 0));
    }
}
