package dev.repurchase.common.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Runs a message through the pipeline's streaming decoder of a format and through the tree decoder
 * it replaced ({@link TreeDebeziumDecoder}, {@link TreeCanalDecoder}, {@link TreeMaxwellDecoder}):
 * both must give the same row changes (values of the same Java type and scale) or the same
 * dead-letter reason.
 */
public final class DecoderDifferential {

    private static final Map<CdcFormat, ChangeDecoder> ORACLES =
            Map.of(
                    CdcFormat.DEBEZIUM, new TreeDebeziumDecoder(),
                    CdcFormat.CANAL, new TreeCanalDecoder(),
                    CdcFormat.MAXWELL, new TreeMaxwellDecoder());

    private DecoderDifferential() {}

    /** Asserts that both decoders of {@code format} decode {@code message} alike. */
    public static void assertSameDecoding(CdcFormat format, byte[] message) {
        Object streamed = outcome(format.decoder(), message);
        Object tree = outcome(ORACLES.get(format), message);
        assertThat(streamed)
                .as("%s decoding of %s", format, new String(message, StandardCharsets.UTF_8))
                .isEqualTo(tree);
    }

    /**
     * The row changes, each with its values' Java types (equal BigDecimals of another scale or a
     * Long for a BigDecimal would be a different value downstream); or the reason of the failure.
     */
    private static Object outcome(ChangeDecoder decoder, byte[] message) {
        try {
            List<RowChange> changes = decoder.decode(message);
            return changes.stream().map(DecoderDifferential::typed).toList();
        } catch (MalformedChangeException | RuntimeException e) {
            return "failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static String typed(RowChange change) {
        return change.table()
                + " "
                + change.op()
                + " at "
                + change.position()
                + " before "
                + typed(change.before())
                + " after "
                + typed(change.after());
    }

    private static String typed(Map<String, Object> image) {
        if (image == null) {
            return "none";
        }
        StringBuilder text = new StringBuilder("{");
        image.forEach(
                (column, value) ->
                        text.append(column)
                                .append('=')
                                .append(value == null ? "null" : value.getClass().getSimpleName())
                                .append(':')
                                .append(value)
                                .append(", "));
        return text.append('}').toString();
    }
}
