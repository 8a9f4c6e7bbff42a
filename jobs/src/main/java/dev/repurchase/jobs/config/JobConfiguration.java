package dev.repurchase.jobs.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * Builds the job configuration from an optional file of {@code key: value} (or {@code key=value})
 * lines, then {@code key=value} overrides from the command line, which win.
 */
public final class JobConfiguration {

    private JobConfiguration() {}

    public static Configuration load(Path file, List<String> overrides) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        if (file != null) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                put(values, line, file + ":" + (i + 1));
            }
        }
        for (String override : overrides) {
            put(values, override, "--set " + override);
        }
        return Configuration.fromMap(values);
    }

    private static void put(Map<String, String> values, String entry, String where) {
        int colon = entry.indexOf(':');
        int equals = entry.indexOf('=');
        int split = equals < 0 ? colon : colon < 0 ? equals : Math.min(colon, equals);
        if (split <= 0) {
            throw new IllegalArgumentException(
                    where + ": expected 'key=value' or 'key: value', got '" + entry + "'");
        }
        values.put(entry.substring(0, split).strip(), entry.substring(split + 1).strip());
    }
}
