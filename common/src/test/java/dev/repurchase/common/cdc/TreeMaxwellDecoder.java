package dev.repurchase.common.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Decodes Maxwell's JSON messages: one row per message in {@code data}, with the changed columns'
 * old values of an update in {@code old}. Bootstrap rows ({@code bootstrap-insert}) are snapshot
 * reads; bootstrap markers and DDL ({@code table-*}, {@code database-*}) carry no row change.
 *
 * <p>The position is {@code ts} (commit time in seconds), then {@code position} ({@code
 * file:offset}, present with {@code output_binlog_position}), then {@code xoffset} (the row's index
 * in its transaction, present with {@code output_xoffset}).
 *
 * <p>The tree decoder the pipeline used before the streaming one: kept here only as the oracle of
 * {@link DecoderDifferential}.
 */
public final class TreeMaxwellDecoder implements ChangeDecoder {

    private static final long MILLIS_PER_SECOND = 1000L;

    @Override
    public List<RowChange> decode(byte[] value) throws MalformedChangeException {
        JsonNode message = TreeCdcJson.parseObject(value);
        String type = TreeCdcJson.textField(message, "type");
        if (carriesNoRow(type)) {
            return List.of();
        }
        ChangeOp op = op(type);
        String table = TreeCdcJson.textField(message, "table");
        if (table == null) {
            throw new MalformedChangeException("missing table");
        }
        JsonNode data = message.get("data");
        if (data == null || !data.isObject()) {
            throw new MalformedChangeException("missing data object");
        }
        Map<String, Object> image = TreeCdcJson.row(data);
        Map<String, Object> before = null;
        Map<String, Object> after = image;
        if (op == ChangeOp.DELETE) {
            before = image;
            after = null;
        } else if (op == ChangeOp.UPDATE) {
            before = TreeCdcJson.row(data);
            if (message.path("old").isObject()) {
                before.putAll(TreeCdcJson.row(message.get("old")));
            }
        }
        return List.of(new RowChange(table, op, before, after, position(message)));
    }

    private static boolean carriesNoRow(String type) {
        return type != null
                && (type.equals("bootstrap-start")
                        || type.equals("bootstrap-complete")
                        || type.startsWith("table-")
                        || type.startsWith("database-"));
    }

    private static ChangeOp op(String type) throws MalformedChangeException {
        if (type != null) {
            switch (type) {
                case "insert":
                    return ChangeOp.CREATE;
                case "update":
                    return ChangeOp.UPDATE;
                case "delete":
                    return ChangeOp.DELETE;
                case "bootstrap-insert":
                    return ChangeOp.READ;
                default:
                    break;
            }
        }
        throw new MalformedChangeException("unknown type '" + type + "'");
    }

    private static SourcePosition position(JsonNode message) throws MalformedChangeException {
        String binlog = TreeCdcJson.textField(message, "position");
        return new SourcePosition(
                TreeCdcJson.longField(message, "ts", 0) * MILLIS_PER_SECOND,
                binlog == null ? 0 : BinlogPosition.parse(binlog),
                TreeCdcJson.longField(message, "xoffset", 0));
    }
}
