package dev.repurchase.common.cdc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.io.NumberInput;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON reading shared by the decoders: token by token with Jackson's streaming parser, no tree
 * in between. A decoder reads the whole message before it judges any field, so that a message with
 * a syntax error anywhere is rejected as invalid JSON whatever its fields say.
 *
 * <p>Values read as the decoders hand them on: String, Long (integers that fit), BigDecimal (other
 * numbers, never through double), Boolean, or null; a nested object or array as a {@link Nested}
 * holding its compact JSON text, which a Debezium logical type may still read.
 */
final class CdcJson {

    private static final JsonFactory FACTORY =
            JsonFactory.builder()
                    // Parse errors become dead-letter reasons: keep row data (contacts) out.
                    .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                    .build();

    /** A nested object or array value, as compact JSON text. */
    record Nested(String json) {}

    /** Reads the fields of one JSON object; called with the parser on each field's value. */
    interface FieldReader {
        void read(String field, JsonParser parser) throws IOException;
    }

    private CdcJson() {}

    /**
     * Reads a message that must be one JSON object, handing each top-level field to {@code fields};
     * returns false if the message is valid JSON but no object.
     */
    static boolean readObject(byte[] value, FieldReader fields) throws MalformedChangeException {
        try (JsonParser parser = FACTORY.createParser(value)) {
            JsonToken first = parser.nextToken();
            boolean object = first == JsonToken.START_OBJECT;
            if (object) {
                readFields(parser, fields);
            } else {
                parser.skipChildren();
            }
            if (first != null && parser.nextToken() != null) {
                throw new MalformedChangeException(
                        "invalid JSON at byte " + parser.currentTokenLocation().getByteOffset());
            }
            return object;
        } catch (JsonEOFException e) {
            throw new MalformedChangeException("truncated JSON", e);
        } catch (JsonProcessingException e) {
            long at = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
            throw new MalformedChangeException("invalid JSON at byte " + at, e);
        } catch (IOException e) {
            throw new MalformedChangeException("unreadable message: " + e.getMessage(), e);
        }
    }

    /** The UTF-8 bytes of a text. */
    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the message as {@link #readObject}; "not a JSON object" if it is no object. */
    static void readMessage(byte[] value, FieldReader fields) throws MalformedChangeException {
        if (!readObject(value, fields)) {
            throw new MalformedChangeException("not a JSON object");
        }
    }

    /**
     * With the parser on an object's start, hands each field to {@code fields}; what a reader
     * leaves of a field's value is skipped. Ends on the object's end.
     */
    static void readFields(JsonParser parser, FieldReader fields) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            fields.read(field, parser);
            parser.skipChildren();
        }
    }

    /** The current value as described in the class comment. */
    static Object value(JsonParser parser) throws IOException {
        switch (parser.currentToken()) {
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? new BigDecimal(parser.getBigIntegerValue())
                        : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDecimalValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case START_OBJECT:
            case START_ARRAY:
                return new Nested(compact(parser));
            default:
                return null;
        }
    }

    /** A value as a row column holds it: nested values as their JSON text. */
    static Object plain(Object value) {
        return value instanceof Nested ? ((Nested) value).json() : value;
    }

    /** The current value if it is an object, as column name to {@link #value}; else null. */
    static Map<String, Object> row(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            return null;
        }
        // Room for a typical order row (about 20 columns) without a resize.
        Map<String, Object> row = new LinkedHashMap<>(32);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String column = parser.currentName();
            parser.nextToken();
            row.put(column, value(parser));
        }
        return row;
    }

    /** Replaces the {@link Nested} values of a row by their text. */
    static Map<String, Object> plainRow(Map<String, Object> row) {
        if (row != null) {
            row.replaceAll((column, value) -> plain(value));
        }
        return row;
    }

    /** The current value if it is a number (fractions truncated, as Jackson does), else null. */
    static Long longValue(JsonParser parser) throws IOException {
        switch (parser.currentToken()) {
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? parser.getBigIntegerValue().longValue()
                        : parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDecimalValue().longValue();
            default:
                return null;
        }
    }

    /**
     * The current value as text: null for JSON null; numbers and booleans as written out; empty for
     * an object or array (Jackson's {@code asText}).
     */
    static String text(JsonParser parser) throws IOException {
        Object value = value(parser);
        if (value instanceof Nested) {
            return "";
        }
        return value == null ? null : value.toString();
    }

    /** {@link #text}, with JSON null as "null" (a present field read as text). */
    static String asText(Object value) {
        if (value instanceof Nested) {
            return "";
        }
        return String.valueOf(value);
    }

    /** The current value as an int the way Jackson's {@code asInt()} reads it (0 if none). */
    static int asInt(Object value) {
        if (value instanceof Number) {
            return ((Number) value).intValue();
        }
        if (value instanceof String) {
            return NumberInput.parseAsInt((String) value, 0);
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? 1 : 0;
        }
        return 0;
    }

    /** The current value as a boolean the way Jackson's {@code asBoolean(false)} reads it. */
    static boolean asBoolean(JsonParser parser) throws IOException {
        Object value = value(parser);
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        if (value instanceof Long) {
            return (Long) value != 0;
        }
        if (value instanceof String) {
            return "true".equals(((String) value).trim());
        }
        return false;
    }

    /** The current object or array as compact JSON, numbers as exact as they were read. */
    private static String compact(JsonParser parser) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(text)) {
            int depth = 0;
            do {
                JsonToken token = parser.currentToken();
                switch (token) {
                    case START_OBJECT:
                        generator.writeStartObject();
                        depth++;
                        break;
                    case START_ARRAY:
                        generator.writeStartArray();
                        depth++;
                        break;
                    case END_OBJECT:
                        generator.writeEndObject();
                        depth--;
                        break;
                    case END_ARRAY:
                        generator.writeEndArray();
                        depth--;
                        break;
                    case FIELD_NAME:
                        generator.writeFieldName(parser.currentName());
                        break;
                    case VALUE_NUMBER_FLOAT:
                        generator.writeNumber(parser.getDecimalValue());
                        break;
                    default:
                        generator.copyCurrentEvent(parser);
                        break;
                }
            } while (depth > 0 && parser.nextToken() != null);
        }
        return text.toString();
    }
}
