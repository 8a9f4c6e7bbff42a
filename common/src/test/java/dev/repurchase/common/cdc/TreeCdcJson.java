package dev.repurchase.common.cdc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON reading shared by the tree decoders: one configured mapper and the tree-to-value rules.
 * Test scope: the oracle of {@link DecoderDifferential}.
 */
final class TreeCdcJson {

    private static final JsonMapper MAPPER =
            JsonMapper.builder()
                    // Amounts must not go through double.
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    // Parse errors become dead-letter reasons: keep row data (contacts) out.
                    .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                    .build();

    private TreeCdcJson() {}

    /** Parses a message that must be one JSON object. */
    static JsonNode parseObject(byte[] value) throws MalformedChangeException {
        JsonNode root;
        try {
            root = MAPPER.readTree(value);
        } catch (JsonEOFException e) {
            throw new MalformedChangeException("truncated JSON", e);
        } catch (JsonProcessingException e) {
            long at = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
            throw new MalformedChangeException("invalid JSON at byte " + at, e);
        } catch (IOException e) {
            throw new MalformedChangeException("unreadable message: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedChangeException("not a JSON object");
        }
        return root;
    }

    /** True if the node is absent or JSON null. */
    static boolean isNull(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /**
     * A JSON scalar as a Java value: String, Long (integers that fit), BigDecimal (other numbers),
     * Boolean, or null. Nested objects and arrays are kept as their JSON text.
     */
    static Object scalar(JsonNode node) {
        if (isNull(node)) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        return node.toString();
    }

    /** A row object as column name to {@link #scalar} value, in message order. */
    static Map<String, Object> row(JsonNode object) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> column : object.properties()) {
            row.put(column.getKey(), scalar(column.getValue()));
        }
        return row;
    }

    /** A long field of an object, or {@code fallback} if absent or not a number. */
    static long longField(JsonNode object, String field, long fallback) {
        JsonNode node = object.get(field);
        return node != null && node.isNumber() ? node.longValue() : fallback;
    }

    /** A text field of an object, or null if absent or JSON null. */
    static String textField(JsonNode object, String field) {
        JsonNode node = object.get(field);
        return isNull(node) ? null : node.asText();
    }
}
