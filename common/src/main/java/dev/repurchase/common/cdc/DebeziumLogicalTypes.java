package dev.repurchase.common.cdc;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * Turns a column value into a Java value using the Kafka Connect schema Debezium sends with it: the
 * schema's {@code name} says how decimals and times are encoded. Names not listed here keep the
 * plain JSON scalar.
 */
final class DebeziumLogicalTypes {

    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long SECONDS_PER_DAY = 86_400L;

    private DebeziumLogicalTypes() {}

    /**
     * @param column the column name, for error reasons
     * @param schema the column's schema from the envelope; null if it has none
     * @param value the value as {@link CdcJson#value} read it
     */
    static Object convert(String column, DebeziumDecoder.ColumnSchema schema, Object value)
            throws MalformedChangeException {
        if (value == null || schema == null || schema.name() == null) {
            return CdcJson.plain(value);
        }
        String name = schema.name();
        try {
            switch (name) {
                case "org.apache.kafka.connect.data.Decimal":
                    return decimal(value, schema.scale());
                case "io.debezium.data.VariableScaleDecimal":
                    return variableScaleDecimal(value);
                // Zone-less source types (MySQL DATETIME, PostgreSQL timestamp without time
                // zone): the local date-time, written as if it were UTC. Read in source.timezone.
                case "io.debezium.time.Timestamp":
                    return local(Instant.ofEpochMilli(integral(value)));
                case "io.debezium.time.MicroTimestamp":
                    return local(ofSubseconds(integral(value), MICROS_PER_SECOND));
                case "io.debezium.time.NanoTimestamp":
                    return local(ofSubseconds(integral(value), NANOS_PER_SECOND));
                case "org.apache.kafka.connect.data.Timestamp": // time.precision.mode=connect
                    return local(Instant.ofEpochMilli(integral(value)));
                case "io.debezium.time.ZonedTimestamp":
                    String text = CdcJson.asText(value);
                    Instant fixedLayout = IsoDateTimes.offsetDateTime(text);
                    return fixedLayout != null
                            ? fixedLayout
                            : OffsetDateTime.parse(text).toInstant();
                case "io.debezium.time.Date":
                case "org.apache.kafka.connect.data.Date":
                    return Instant.ofEpochSecond(integral(value) * SECONDS_PER_DAY);
                default:
                    return CdcJson.plain(value);
            }
        } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
            throw new MalformedChangeException(
                    "column " + column + ": not a valid " + name + " value", e);
        }
    }

    private static LocalDateTime local(Instant writtenAsUtc) {
        return LocalDateTime.ofInstant(writtenAsUtc, ZoneOffset.UTC);
    }

    /**
     * Connect decimals are the unscaled two's-complement value in base64; with the JSON converter's
     * {@code decimal.format=NUMERIC} they come as plain numbers instead.
     */
    private static BigDecimal decimal(Object value, int scale) {
        if (value instanceof Long) {
            return BigDecimal.valueOf((Long) value);
        }
        if (value instanceof BigDecimal) {
            return (BigDecimal) value;
        }
        if (!(value instanceof String)) {
            throw new IllegalArgumentException("expected base64 text");
        }
        byte[] unscaled = Base64.getDecoder().decode((String) value);
        return new BigDecimal(new BigInteger(unscaled), scale);
    }

    /**
     * A struct of {@code scale} and {@code value} (the unscaled value, as for {@link #decimal}).
     */
    private static BigDecimal variableScaleDecimal(Object value) {
        Object[] unscaled = {null};
        int[] scale = {0};
        if (value instanceof CdcJson.Nested) {
            try {
                CdcJson.readObject(
                        CdcJson.utf8(((CdcJson.Nested) value).json()),
                        (field, parser) -> readStructField(field, parser, unscaled, scale));
            } catch (MalformedChangeException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        return decimal(unscaled[0], scale[0]);
    }

    private static void readStructField(
            String field, JsonParser parser, Object[] unscaled, int[] scale) throws IOException {
        if (field.equals("value")) {
            unscaled[0] = CdcJson.value(parser);
        } else if (field.equals("scale")) {
            scale[0] = CdcJson.asInt(CdcJson.value(parser));
        }
    }

    private static long integral(Object value) {
        if (!(value instanceof Long)) {
            throw new IllegalArgumentException("expected an integer");
        }
        return (Long) value;
    }

    private static Instant ofSubseconds(long count, long perSecond) {
        return Instant.ofEpochSecond(
                Math.floorDiv(count, perSecond),
                Math.floorMod(count, perSecond) * (NANOS_PER_SECOND / perSecond));
    }
}
