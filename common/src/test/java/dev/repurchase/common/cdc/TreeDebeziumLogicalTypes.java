package dev.repurchase.common.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * Turns a column value into a Java value using the Kafka Connect schema Debezium sends with it: the
 * schema's {@code name} says how decimals and times are encoded. Names not listed here keep the
 * plain JSON scalar.
 *
 * <p>The tree decoder the pipeline used before the streaming one: kept here only as the oracle of
 * {@link DecoderDifferential}.
 */
final class TreeDebeziumLogicalTypes {

    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long SECONDS_PER_DAY = 86_400L;

    private TreeDebeziumLogicalTypes() {}

    /**
     * @param column the column name, for error reasons
     * @param fieldSchema the field's schema from the envelope ({@code {"type":..,"name":..}})
     * @param value the JSON value
     */
    static Object convert(String column, JsonNode fieldSchema, JsonNode value)
            throws MalformedChangeException {
        if (TreeCdcJson.isNull(value) || fieldSchema == null) {
            return TreeCdcJson.scalar(value);
        }
        String name = TreeCdcJson.textField(fieldSchema, "name");
        if (name == null) {
            return TreeCdcJson.scalar(value);
        }
        try {
            switch (name) {
                case "org.apache.kafka.connect.data.Decimal":
                    return decimal(value, fieldSchema.path("parameters").path("scale").asInt());
                case "io.debezium.data.VariableScaleDecimal":
                    return decimal(value.path("value"), value.path("scale").asInt());
                // Zone-less source types: the local date-time, written as if it were UTC
                // (source.timezone, as the job's decoder).
                case "io.debezium.time.Timestamp":
                case "org.apache.kafka.connect.data.Timestamp":
                    return local(Instant.ofEpochMilli(integral(value)));
                case "io.debezium.time.MicroTimestamp":
                    return local(ofSubseconds(integral(value), MICROS_PER_SECOND));
                case "io.debezium.time.NanoTimestamp":
                    return local(ofSubseconds(integral(value), NANOS_PER_SECOND));
                case "io.debezium.time.ZonedTimestamp":
                    Instant fixedLayout = IsoDateTimes.offsetDateTime(value.asText());
                    return fixedLayout != null
                            ? fixedLayout
                            : OffsetDateTime.parse(value.asText()).toInstant();
                case "io.debezium.time.Date":
                case "org.apache.kafka.connect.data.Date":
                    return Instant.ofEpochSecond(integral(value) * SECONDS_PER_DAY);
                default:
                    return TreeCdcJson.scalar(value);
            }
        } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
            throw new MalformedChangeException(
                    "column " + column + ": not a valid " + name + " value", e);
        }
    }

    private static java.time.LocalDateTime local(Instant writtenAsUtc) {
        return java.time.LocalDateTime.ofInstant(writtenAsUtc, java.time.ZoneOffset.UTC);
    }

    /**
     * Connect decimals are the unscaled two's-complement value in base64; with the JSON converter's
     * {@code decimal.format=NUMERIC} they come as plain numbers instead.
     */
    private static BigDecimal decimal(JsonNode value, int scale) {
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("expected base64 text");
        }
        byte[] unscaled = Base64.getDecoder().decode(value.textValue());
        return new BigDecimal(new BigInteger(unscaled), scale);
    }

    private static long integral(JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("expected an integer");
        }
        return value.longValue();
    }

    private static Instant ofSubseconds(long count, long perSecond) {
        return Instant.ofEpochSecond(
                Math.floorDiv(count, perSecond),
                Math.floorMod(count, perSecond) * (NANOS_PER_SECOND / perSecond));
    }
}
