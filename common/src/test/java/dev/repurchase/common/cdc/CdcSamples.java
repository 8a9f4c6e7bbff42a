package dev.repurchase.common.cdc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Sample CDC messages: the files under {@code cdc/} on the test class path, or inline JSON. */
public final class CdcSamples {

    private CdcSamples() {}

    /** The bytes of a sample file, e.g. {@code debezium/postgres-orders-insert.json}. */
    public static byte[] file(String name) {
        try (InputStream in = CdcSamples.class.getResourceAsStream("/cdc/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample cdc/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The UTF-8 bytes of an inline message. */
    public static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
