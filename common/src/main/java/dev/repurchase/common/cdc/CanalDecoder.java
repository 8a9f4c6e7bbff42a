package dev.repurchase.common.cdc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 */
public final class CanalDecoder implements ChangeDecoder {

    @Override
    public List<RowChange> decode(byte[] value) throws MalformedChangeException {
        Message message = new Message();
        CdcJson.readMessage(value, message);
        if (message.ddl) {
            return List.of();
        }
        ChangeOp op = op(message.type);
        if (message.table == null) {
            throw new MalformedChangeException("missing table");
        }
        if (message.data == null) {
            throw new MalformedChangeException("missing data array");
        }
        long commitMillis =
                message.eventMillis != null
                        ? message.eventMillis
                        : message.messageMillis != null ? message.messageMillis : 0;
        long messageId = message.id != null ? message.id : 0;

        List<RowChange> changes = new ArrayList<>(message.data.size());
        for (int i = 0; i < message.data.size(); i++) {
            Map<String, Object> image = message.data.get(i);
            if (image == null) {
                throw new MalformedChangeException("data[" + i + "] is not a JSON object");
            }
            Map<String, Object> before = null;
            Map<String, Object> after = image;
            if (op == ChangeOp.DELETE) {
                before = image;
                after = null;
            } else if (op == ChangeOp.UPDATE) {
                before = new LinkedHashMap<>(image);
                if (i < message.old.size() && message.old.get(i) != null) {
                    before.putAll(message.old.get(i));
                }
            }
            SourcePosition position = new SourcePosition(commitMillis, messageId, i);
            changes.add(new RowChange(message.table, op, before, after, position));
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

    /** What the decoder reads of a message; rows that are no JSON object are null. */
    private static final class Message implements CdcJson.FieldReader {
        boolean ddl;
        String type;
        String table;
        List<Map<String, Object>> data;
        List<Map<String, Object>> old = List.of();
        Long eventMillis;
        Long messageMillis;
        Long id;

        @Override
        public void read(String field, JsonParser parser) throws IOException {
            switch (field) {
                case "isDdl":
                    ddl = CdcJson.asBoolean(parser);
                    break;
                case "type":
                    type = CdcJson.text(parser);
                    break;
                case "table":
                    table = CdcJson.text(parser);
                    break;
                case "data":
                    data = rows(parser);
                    break;
                case "old":
                    old = rows(parser);
                    if (old == null) {
                        old = List.of();
                    }
                    break;
                case "es":
                    eventMillis = CdcJson.longValue(parser);
                    break;
                case "ts":
                    messageMillis = CdcJson.longValue(parser);
                    break;
                case "id":
                    id = CdcJson.longValue(parser);
                    break;
                default:
                    break;
            }
        }

        /** An array of rows, or null if the value is no array. */
        private static List<Map<String, Object>> rows(JsonParser parser) throws IOException {
            if (parser.currentToken() != JsonToken.START_ARRAY) {
                return null;
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                rows.add(CdcJson.plainRow(CdcJson.row(parser)));
                parser.skipChildren();
            }
            return rows;
        }
    }
}
