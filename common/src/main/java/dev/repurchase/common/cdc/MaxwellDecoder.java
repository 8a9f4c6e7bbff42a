package dev.repurchase.common.cdc;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.LinkedHashMap;
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
 */
public final class MaxwellDecoder implements ChangeDecoder {

    private static final long MILLIS_PER_SECOND = 1000L;

    @Override
    public List<RowChange> decode(byte[] value) throws MalformedChangeException {
        Message message = new Message();
        CdcJson.readMessage(value, message);
        if (carriesNoRow(message.type)) {
            return List.of();
        }
        ChangeOp op = op(message.type);
        if (message.table == null) {
            throw new MalformedChangeException("missing table");
        }
        if (message.data == null) {
            throw new MalformedChangeException("missing data object");
        }
        Map<String, Object> before = null;
        Map<String, Object> after = message.data;
        if (op == ChangeOp.DELETE) {
            before = message.data;
            after = null;
        } else if (op == ChangeOp.UPDATE) {
            before = new LinkedHashMap<>(message.data);
            if (message.old != null) {
                before.putAll(message.old);
            }
        }
        return List.of(new RowChange(message.table, op, before, after, message.position()));
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

    /** What the decoder reads of a message; {@code data} and {@code old} only if objects. */
    private static final class Message implements CdcJson.FieldReader {
        String type;
        String table;
        Map<String, Object> data;
        Map<String, Object> old;
        Long commitSeconds;
        String binlogPosition;
        Long xoffset;

        @Override
        public void read(String field, JsonParser parser) throws IOException {
            switch (field) {
                case "type":
                    type = CdcJson.text(parser);
                    break;
                case "table":
                    table = CdcJson.text(parser);
                    break;
                case "data":
                    data = CdcJson.plainRow(CdcJson.row(parser));
                    break;
                case "old":
                    old = CdcJson.plainRow(CdcJson.row(parser));
                    break;
                case "ts":
                    commitSeconds = CdcJson.longValue(parser);
                    break;
                case "position":
                    binlogPosition = CdcJson.text(parser);
                    break;
                case "xoffset":
                    xoffset = CdcJson.longValue(parser);
                    break;
                default:
                    break;
            }
        }

        SourcePosition position() throws MalformedChangeException {
            return new SourcePosition(
                    (commitSeconds != null ? commitSeconds : 0) * MILLIS_PER_SECOND,
                    binlogPosition == null ? 0 : BinlogPosition.parse(binlogPosition),
                    xoffset != null ? xoffset : 0);
        }
    }
}
