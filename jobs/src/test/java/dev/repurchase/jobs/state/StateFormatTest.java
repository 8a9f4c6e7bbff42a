package dev.repurchase.jobs.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.StringValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The encodings of state version 5: a time relative to a related one, in whole seconds when it is
 * one, and an identifier that is a decimal number as that number. Every value reads back as
 * written; the sizes are those of a variable-length number of the difference (seven bits a byte,
 * the lowest two bits of the code saying whole seconds and sign).
 */
class StateFormatTest {

    private static final long T0 = 1_740_824_130_000L; // 2025-03-01T10:15:30Z

    @ParameterizedTest(name = "{0} ms after T0: {1} bytes")
    @CsvSource({
        "0, 1",
        "1000, 1",
        "-1000, 1",
        "60000, 2",
        // A day in seconds (86,400: 17 bits, and two bits of code): three bytes.
        "86400000, 3",
        "-86400000, 3",
        // A day and a millisecond, in milliseconds (27 bits, and two): five bytes.
        "86400001, 5",
        "1, 1",
        "-1, 1",
        "31536000000, 4"
    })
    void aTimeIsItsDifferenceToItsOrigin(long difference, int bytes) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        StateFormat.writeTime(out, T0, T0 + difference);

        assertThat(out.length()).isEqualTo(bytes);
        assertThat(StateFormat.readTime(in(out), T0)).isEqualTo(T0 + difference);
    }

    @ParameterizedTest
    @ValueSource(longs = {Long.MIN_VALUE, Long.MAX_VALUE})
    void anUnboundedTimeTakesOneByte(long time) throws IOException {
        for (long origin : new long[] {T0, Long.MIN_VALUE, Long.MAX_VALUE}) {
            DataOutputSerializer out = new DataOutputSerializer(16);
            StateFormat.writeTime(out, origin, time);

            assertThat(out.length()).isEqualTo(1);
            assertThat(StateFormat.readTime(in(out), origin)).isEqualTo(time);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {Long.MIN_VALUE + 1, Long.MAX_VALUE - 1, 0, -1, -T0, T0, 1L << 61})
    void anyTimeReadsBackFromAnyOrigin(long time) throws IOException {
        for (long origin :
                new long[] {T0, -T0, 0, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1}) {
            DataOutputSerializer out = new DataOutputSerializer(16);
            StateFormat.writeTime(out, origin, time);

            assertThat(StateFormat.readTime(in(out), origin))
                    .as("%d from %d", time, origin)
                    .isEqualTo(time);
        }
    }

    @ParameterizedTest(name = "\"{0}\": {1} bytes")
    @CsvSource({
        // Numbers: a code byte and the variable-length number.
        "0, 2",
        "536365, 4",
        "2025010312304500123, 10",
        "9223372036854775807, 10",
        // Text: a length byte and the UTF-8 bytes.
        "9223372036854775808, 20",
        "0536365, 8",
        "C536379, 8",
        "o-1, 4",
        "-12, 4",
        "'', 1",
        "订单-1, 9"
    })
    void anIdReadsBackAsWritten(String id, int bytes) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(32);
        StateFormat.writeId(out, id);

        assertThat(out.length()).isEqualTo(bytes);
        assertThat(StateFormat.readId(in(out))).isEqualTo(id);
    }

    @Test
    void aNullIdTakesOneByte() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(4);
        StateFormat.writeId(out, null);

        assertThat(out.length()).isEqualTo(1);
        assertThat(StateFormat.readId(in(out))).isNull();
    }

    private static DataInputDeserializer in(DataOutputSerializer out) {
        return new DataInputDeserializer(out.getCopyOfBuffer());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "ORD-000123",
                "Käse",
                "\u00ff\u0080x",
                "上海 静安",
                "a\uD83D\uDE00b",
                "\u0000\u007f\u07ff\u0800\uffff"
            })
    void aStringReadsAsFlinkWroteIt(String text) throws IOException {
        assertReadsAsFlinkWroteIt(text);
        assertReadsAsFlinkWroteIt(text.repeat(700));
    }

    @Test
    void nullReadsAsFlinkWroteIt() throws IOException {
        assertReadsAsFlinkWroteIt(null);
    }

    private static void assertReadsAsFlinkWroteIt(String text) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        StringValue.writeString(text, out);
        out.writeByte(42);
        DataInputDeserializer in = in(out);

        assertThat(StateFormat.readString(in)).isEqualTo(text);
        assertThat(in.readByte()).as("the byte after the string").isEqualTo((byte) 42);
    }
}
