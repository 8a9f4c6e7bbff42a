package dev.repurchase.common.cdc;

import static dev.repurchase.common.cdc.CdcSamples.json;
import static dev.repurchase.common.cdc.DecoderDifferential.assertSameDecoding;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The streaming decoders against the tree decoders they replaced ({@link DecoderDifferential}): on
 * every sample file, on every truncation of it, on every sample read as each format, and on
 * messages made to hit each branch (nested values, the schema after the payload, wrong kinds,
 * trailing tokens). The bench feed has a test of its own in the cli module.
 */
class StreamingDecoderDifferentialTest {

    @Test
    void everySampleFileDecodesAlikeInEveryFormat() throws Exception {
        List<byte[]> samples = sampleFiles();
        assertThat(samples).hasSizeGreaterThanOrEqualTo(6);
        for (byte[] sample : samples) {
            for (CdcFormat format : CdcFormat.values()) {
                assertSameDecoding(format, sample);
            }
        }
    }

    @Test
    void everyTruncationOfASampleFileFailsAlike() throws Exception {
        for (byte[] sample : sampleFiles()) {
            for (int length = 0; length < sample.length; length++) {
                assertSameDecoding(CdcFormat.DEBEZIUM, Arrays.copyOf(sample, length));
            }
        }
    }

    @Test
    void debeziumEdgeCasesDecodeAlike() {
        String schema =
                "{\"type\":\"struct\",\"fields\":[{\"type\":\"struct\",\"field\":\"after\","
                        + "\"fields\":["
                        + "{\"field\":\"amount\",\"name\":\"org.apache.kafka.connect.data.Decimal\","
                        + "\"parameters\":{\"scale\":\"2\"}},"
                        + "{\"field\":\"vsd\",\"name\":\"io.debezium.data.VariableScaleDecimal\"},"
                        + "{\"field\":\"ts\",\"name\":\"io.debezium.time.Timestamp\"},"
                        + "{\"field\":\"micro\",\"name\":\"io.debezium.time.MicroTimestamp\"},"
                        + "{\"field\":\"nano\",\"name\":\"io.debezium.time.NanoTimestamp\"},"
                        + "{\"field\":\"zoned\",\"name\":\"io.debezium.time.ZonedTimestamp\"},"
                        + "{\"field\":\"day\",\"name\":\"io.debezium.time.Date\"},"
                        + "{\"field\":\"cday\",\"name\":\"org.apache.kafka.connect.data.Date\"},"
                        + "{\"field\":\"cts\",\"name\":\"org.apache.kafka.connect.data.Timestamp\"},"
                        + "{\"field\":\"other\",\"name\":\"io.debezium.data.Json\"}]}]}";
        String source = "\"source\":{\"table\":\"orders\",\"ts_ms\":1700000000000,\"lsn\":42}";
        List<String> afters =
                List.of(
                        "{\"amount\":\"AZQ=\",\"vsd\":{\"scale\":3,\"value\":\"MDk=\"},"
                                + "\"ts\":1700000000123,\"micro\":-1700000000123456,"
                                + "\"nano\":1700000000123456789,"
                                + "\"zoned\":\"2024-03-01T02:15:30.5+08:00\",\"day\":19000,"
                                + "\"cday\":-3,\"cts\":0,\"other\":\"{\\\"a\\\":1}\"}",
                        "{\"amount\":12.50,\"vsd\":{\"value\":7.250,\"scale\":1}}",
                        "{\"amount\":1250,\"vsd\":null,\"zoned\":\"2024-03-01T02:15:30Z[UTC]\"}",
                        "{\"amount\":\"not base64!\"}",
                        "{\"amount\":\"\"}",
                        "{\"amount\":true}",
                        "{\"amount\":{\"a\":1}}",
                        "{\"vsd\":\"AQ==\"}",
                        "{\"vsd\":{\"scale\":\"2\",\"value\":[1]}}",
                        "{\"vsd\":[1,2]}",
                        "{\"ts\":1.5}",
                        "{\"ts\":\"1700000000000\"}",
                        "{\"ts\":123456789012345678901234567890}",
                        "{\"micro\":null,\"nano\":false}",
                        "{\"zoned\":\"yesterday\"}",
                        "{\"zoned\":17}",
                        "{\"day\":99999999999999999}",
                        "{\"other\":{\"nested\":[1,2.50,1e3,-0,true,null,\"x\"]},\"x\":[]}",
                        "{\"plain\":123456789012345678901234567890,\"f\":1.0E+2,\"b\":false}",
                        "{\"dup\":1,\"amount\":\"AZQ=\",\"dup\":2}");
        for (String after : afters) {
            String payload = "{\"op\":\"c\",\"after\":" + after + "," + source + "}";
            assertSameDecoding(
                    CdcFormat.DEBEZIUM,
                    json("{\"schema\":" + schema + ",\"payload\":" + payload + "}"));
            assertSameDecoding(
                    CdcFormat.DEBEZIUM,
                    json("{\"payload\":" + payload + ",\"schema\":" + schema + "}"));
            assertSameDecoding(CdcFormat.DEBEZIUM, json(payload));
        }
        Stream.of(
                        "{\"payload\":null}",
                        "{\"payload\":null,\"schema\":{}}",
                        "{\"payload\":[1]}",
                        "{\"payload\":{}}",
                        "{\"payload\":{\"after\":{}}}",
                        "{\"payload\":{\"before\":null}}",
                        "{\"schema\":null,\"payload\":{\"op\":\"c\",\"after\":{\"a\":1},"
                                + source
                                + "}}",
                        "{\"schema\":[],\"payload\":{\"op\":\"u\",\"before\":{\"a\":1},"
                                + "\"after\":{\"a\":2},"
                                + source
                                + "}}",
                        "{\"op\":\"d\",\"before\":{\"order_id\":1},\"after\":null," + source + "}",
                        "{\"op\":\"d\",\"after\":{\"order_id\":1}," + source + "}",
                        "{\"op\":\"c\",\"before\":{\"order_id\":1}," + source + "}",
                        "{\"op\":\"r\",\"after\":[1]," + source + "}",
                        "{\"op\":\"c\",\"before\":\"x\",\"after\":{}," + source + "}",
                        "{\"op\":\"x\",\"after\":{}," + source + "}",
                        "{\"op\":null,\"after\":{}," + source + "}",
                        "{\"op\":{\"c\":1},\"after\":{}," + source + "}",
                        "{\"op\":\"c\",\"after\":{}}",
                        "{\"op\":\"c\",\"after\":{},\"source\":\"orders\"}",
                        "{\"op\":\"c\",\"after\":{},\"source\":{\"table\":null}}",
                        "{\"op\":\"c\",\"after\":{},\"source\":{\"table\":7},\"ts_ms\":5}",
                        "{\"op\":\"c\",\"after\":{},\"ts_ms\":5,\"source\":{\"table\":\"t\","
                                + "\"ts_ms\":\"6\",\"file\":\"mysql-bin.000003\",\"pos\":154,"
                                + "\"row\":2}}",
                        "{\"op\":\"c\",\"after\":{},\"source\":{\"table\":\"t\","
                                + "\"ts_ms\":1.9,\"file\":\"binlog\",\"pos\":1}}",
                        "{\"op\":\"c\",\"after\":{},\"source\":{\"table\":\"t\",\"file\":\"\","
                                + "\"lsn\":99999999999999999999}}",
                        "{\"ts_ms\":1,\"source\":{\"table\":\"t\"}}",
                        "{\"op\":\"c\",\"after\":{}," + source + "} {}",
                        "{\"op\":\"c\",\"after\":{}," + source + "}  ",
                        "{\"op\":\"c\",\"after\":{}," + source + "} x",
                        "{\"op\":\"c\",\"after\":{\"a\":\"\\u00e9\\ud83d\\ude00\"}," + source + "}",
                        "[]",
                        "\"text\"",
                        "42",
                        "null",
                        "",
                        "   ",
                        "{",
                        "{\"op\":",
                        "{\"op\" \"c\"}",
                        "{'op':'c'}",
                        "{\"a\":01}",
                        "{\"a\":1}}")
                .forEach(message -> assertSameDecoding(CdcFormat.DEBEZIUM, json(message)));
        assertSameDecoding(CdcFormat.DEBEZIUM, new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1'});
        assertSameDecoding(
                CdcFormat.DEBEZIUM,
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}'});
    }

    @Test
    void canalEdgeCasesDecodeAlike() {
        String row = "{\"order_id\":\"1\",\"status\":\"PAID\",\"total_amount\":\"9.90\"}";
        Stream.of(
                        "{\"type\":\"INSERT\",\"table\":\"orders\",\"data\":["
                                + row
                                + "],"
                                + "\"es\":1700000000000,\"ts\":1700000000999,\"id\":7}",
                        "{\"type\":\"UPDATE\",\"table\":\"orders\",\"data\":["
                                + row
                                + ","
                                + row
                                + "],\"old\":[{\"status\":\"NEW\",\"extra\":null},null],"
                                + "\"ts\":5}",
                        "{\"type\":\"UPDATE\",\"table\":\"orders\",\"data\":["
                                + row
                                + "],"
                                + "\"old\":{\"status\":\"NEW\"}}",
                        "{\"type\":\"UPDATE\",\"table\":\"orders\",\"data\":["
                                + row
                                + "],"
                                + "\"old\":[]}",
                        "{\"type\":\"DELETE\",\"table\":\"orders\",\"data\":[" + row + "]}",
                        "{\"type\":\"INSERT\",\"table\":\"orders\",\"data\":[]}",
                        "{\"type\":\"INSERT\",\"table\":\"orders\",\"data\":[" + row + ",1]}",
                        "{\"type\":\"INSERT\",\"table\":\"orders\",\"data\":[[1]]}",
                        "{\"type\":\"INSERT\",\"table\":\"orders\",\"data\":{}}",
                        "{\"type\":\"INSERT\",\"table\":\"orders\"}",
                        "{\"type\":\"INSERT\",\"data\":[]}",
                        "{\"type\":\"ALTER\",\"isDdl\":true,\"sql\":\"alter table\"}",
                        "{\"type\":\"ALTER\",\"isDdl\":\"true\"}",
                        "{\"type\":\"ALTER\",\"isDdl\":1}",
                        "{\"type\":\"ALTER\",\"isDdl\":false}",
                        "{\"type\":null,\"table\":\"orders\",\"data\":[]}",
                        "{\"type\":\"INSERT\",\"table\":\"orders\",\"data\":[{\"v\":{\"a\":[1.50]},"
                                + "\"n\":12,\"f\":1.250,\"b\":true}],\"id\":1.5,\"es\":\"x\"}",
                        "[1]")
                .forEach(message -> assertSameDecoding(CdcFormat.CANAL, json(message)));
    }

    @Test
    void maxwellEdgeCasesDecodeAlike() {
        String data = "\"data\":{\"order_id\":1,\"status\":\"paid\",\"total_amount\":9.90}";
        Stream.of(
                        "{\"type\":\"insert\",\"table\":\"orders\","
                                + data
                                + ",\"ts\":1700000000,"
                                + "\"position\":\"mysql-bin.000003:1234\",\"xoffset\":2}",
                        "{\"type\":\"update\",\"table\":\"orders\","
                                + data
                                + ",\"old\":{\"status\":\"new\",\"gone\":null}}",
                        "{\"type\":\"update\",\"table\":\"orders\"," + data + ",\"old\":[1]}",
                        "{\"type\":\"delete\",\"table\":\"orders\"," + data + "}",
                        "{\"type\":\"bootstrap-insert\",\"table\":\"orders\"," + data + "}",
                        "{\"type\":\"bootstrap-start\",\"table\":\"orders\"}",
                        "{\"type\":\"bootstrap-complete\"}",
                        "{\"type\":\"table-create\"}",
                        "{\"type\":\"database-drop\"}",
                        "{\"type\":\"insert\",\"table\":\"orders\",\"data\":[1]}",
                        "{\"type\":\"insert\",\"table\":\"orders\"}",
                        "{\"type\":\"insert\"," + data + "}",
                        "{\"type\":\"upsert\",\"table\":\"orders\"," + data + "}",
                        "{\"table\":\"orders\"," + data + "}",
                        "{\"type\":\"insert\",\"table\":\"orders\","
                                + data
                                + ",\"position\":\"no-colon\"}",
                        "{\"type\":\"insert\",\"table\":\"orders\","
                                + data
                                + ",\"position\":\"binlog:x\"}",
                        "{\"type\":\"insert\",\"table\":\"orders\","
                                + data
                                + ",\"ts\":1.7,\"xoffset\":\"3\"}",
                        "{\"type\":\"insert\",\"table\":\"orders\",\"data\":{\"j\":{\"k\":[1,{}]}}}",
                        "{\"type\":\"insert\",\"table\":\"orders\"," + data + "}]")
                .forEach(message -> assertSameDecoding(CdcFormat.MAXWELL, json(message)));
    }

    /** Every file under {@code cdc/} on the test class path. */
    private static List<byte[]> sampleFiles() throws IOException, URISyntaxException {
        Path root = Path.of(CdcSamples.class.getResource("/cdc").toURI());
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .sorted()
                    .map(StreamingDecoderDifferentialTest::read)
                    .toList();
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
