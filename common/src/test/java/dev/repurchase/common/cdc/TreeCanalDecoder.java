package dev.repurchase.common.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decodes Canal's flat JSON messages ({@code flatMessage=true}): one message carries the rows of
 * one binlog event in {@code data}, with the changed columns' old values of an UPDATE in {@code
 * old}, index by index. Canal sends every value as a string (or null); the typed mapping parses
 * them.
 *
 * <p>The position is {@code es} (binlog event time; {@code ts} if absent), then the message {@code
 * id} where the setup provides a monotonically increasing one (else 0, as the flat message carries
 * no binlog offset), then the row's index in {@code data}. DDL messages carry no row change.
 *
 * <p>The tree decoder the pipeline used before the streaming one: kept here only as the oracle of
 * {@link DecoderDifferential}.
 */
public final class TreeCanalDecoder implements ChangeDecoder {

    @Override
    public List<RowChange> decode(byte[] value) throws MalformedChangeException {
        JsonNode message = TreeCdcJson.parseObject(value);
        if (message.path("isDdl").asBoolean(false)) {
            return List.of();
        }
        ChangeOp op = op(TreeCdcJson.textField(message, "type"));
        String table = TreeCdcJson.textField(message, "table");
        if (table == null) {
            throw new MalformedChangeException("missing table");
        }
        JsonNode data = message.get("data");
        if (data == null || !data.isArray()) {
            throw new MalformedChangeException("missing data array");
        }
        long commitMillis =
                TreeCdcJson.longField(message, "es", TreeCdcJson.longField(message, "ts", 0));
        long messageId = TreeCdcJson.longField(message, "id", 0);
        JsonNode old = message.path("old");

        List<RowChange> changes = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            JsonNode row = data.get(i);
            if (!row.isObject()) {
                throw new MalformedChangeException("data[" + i + "] is not a JSON object");
            }
            Map<String, Object> image = TreeCdcJson.row(row);
            Map<String, Object> before = null;
            Map<String, Object> after = image;
            if (op == ChangeOp.DELETE) {
                before = image;
                after = null;
            } else if (op == ChangeOp.UPDATE) {
                before = TreeCdcJson.row(row);
                if (old.path(i).isObject()) {
                    before.putAll(TreeCdcJson.row(old.get(i)));
                }
            }
            SourcePosition position = new SourcePosition(commitMillis, messageId, i);
            changes.add(new RowChange(table, op, before, after, position));
        }
        return changes;
    }

    private static ChangeOp op(String type) throws MalformedChangeException {
        if (type != null) {
            switch (type) {
                case "INSERT":
                    return ChangeOp.CREATE;
                case "UPDATE":
                    return ChangeOp.UPDATE;
                case "DELETE":
                    return ChangeOp.DELETE;
                default:
                    break;
            }
        }
        throw new MalformedChangeException("unknown type '" + type + "'");
    }
}
