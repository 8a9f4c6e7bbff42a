package dev.repurchase.jobs.state;

import static dev.repurchase.jobs.state.StateFormat.readCount;
import static dev.repurchase.jobs.state.StateFormat.writeCount;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The strings of one state value, each written once: a customer's categories, channel, region and
 * coupon recur from purchase to purchase, and a repeat takes one byte. One table per value written
 * or read, in the same order. A string is 0 for null, 1..n for the n-th string of the value so far,
 * or n + 1 + k followed by a new string's k UTF-8 bytes.
 */
final class StringTable {

    private final List<String> strings = new ArrayList<>(4);

    void write(DataOutputView out, String s) throws IOException {
        if (s == null) {
            writeCount(out, 0);
            return;
        }
        int seen = strings.indexOf(s);
        if (seen >= 0) {
            writeCount(out, seen + 1);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeCount(out, strings.size() + 1L + utf8.length);
        out.write(utf8);
        strings.add(s);
    }

    String read(DataInputView in) throws IOException {
        int code = readCount(in);
        if (code == 0) {
            return null;
        }
        if (code <= strings.size()) {
            return strings.get(code - 1);
        }
        byte[] utf8 = new byte[code - strings.size() - 1];
        in.readFully(utf8);
        String s = new String(utf8, StandardCharsets.UTF_8);
        strings.add(s);
        return s;
    }
}
