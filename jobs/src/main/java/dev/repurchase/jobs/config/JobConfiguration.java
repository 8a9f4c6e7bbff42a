package dev.repurchase.jobs.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Builds the job's options from three layers, each over the one before: the Flink configuration
 * (the cluster's {@code config.yaml}, {@code flink run -Dkey=value}, the Kubernetes operator's
 * {@code flinkConfiguration}), an optional YAML file ({@code --config}), then {@code key=value}
 * overrides ({@code --set}). The file is YAML: nested maps are flattened to dotted keys ({@code
 * kafka: {topic: {orders: x}}} is {@code kafka.topic.orders: x}), a list becomes Flink's {@code
 * a;b} form, and scalars keep their text as written, unquoted. An unknown option in any layer stops
 * the job here, naming the key and the closest known one ({@link OptionKeys}).
 */
public final class JobConfiguration {

    private static final YAMLFactory YAML = new YAMLFactory();

    private JobConfiguration() {}

    /** The options of a run without a Flink configuration around it (tests, tools). */
    public static Configuration load(Path file, List<String> overrides) throws IOException {
        return load(new Configuration(), file, overrides);
    }

    /**
     * @param flink the Flink configuration as the job's client sees it: only the job's keys are
     *     taken, Flink's own stay Flink's
     * @param file the options file, or null
     * @param overrides {@code key=value} entries, which win
     * @throws IllegalArgumentException on an unknown option or a malformed entry
     */
    public static Configuration load(ReadableConfig flink, Path file, List<String> overrides)
            throws IOException {
        OptionKeys keys = OptionKeys.ofJob();
        Map<String, String> fromFlink = new LinkedHashMap<>();
        flink.toMap()
                .forEach(
                        (key, value) -> {
                            if (keys.isJobKey(key)) {
                                fromFlink.put(key, value);
                            }
                        });
        keys.requireKnown(fromFlink.keySet(), "the Flink configuration (config.yaml, -D)");
        fromFlink.keySet().removeIf(key -> !keys.isForJob(key));
        Map<String, String> values = new LinkedHashMap<>(fromFlink);
        if (file != null) {
            Map<String, String> fromFile = readYaml(file);
            keys.requireKnown(fromFile.keySet(), String.valueOf(file));
            values.putAll(fromFile);
        }
        for (String override : overrides) {
            String[] entry = keyValue(override);
            keys.requireKnown(List.of(entry[0]), "--set " + override);
            values.put(entry[0], entry[1]);
        }
        return Configuration.fromMap(values);
    }

    /** The options of a YAML file, by dotted key, in file order. */
    static Map<String, String> readYaml(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        try (JsonParser parser = YAML.createParser(file.toFile())) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return values;
            }
            if (first != JsonToken.START_OBJECT) {
                throw malformed(file, parser, "expected a map of options, got " + first);
            }
            readMap(parser, "", values, file);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    file
                            + ":"
                            + e.getLocation().getLineNr()
                            + ": not YAML: "
                            + e.getOriginalMessage(),
                    e);
        }
        return values;
    }

    private static void readMap(
            JsonParser parser, String prefix, Map<String, String> values, Path file)
            throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = prefix + parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.START_OBJECT) {
                readMap(parser, key + ".", values, file);
            } else if (value == JsonToken.START_ARRAY) {
                values.put(key, readList(parser, key, file));
            } else if (value == JsonToken.VALUE_NULL) {
                throw malformed(file, parser, "option '" + key + "' has no value");
            } else {
                values.put(key, parser.getText());
            }
        }
    }

    /** A list of scalars as Flink writes list options: {@code a;b;c}. */
    private static String readList(JsonParser parser, String key, Path file) throws IOException {
        List<String> elements = new ArrayList<>();
        for (JsonToken element = parser.nextToken();
                element != JsonToken.END_ARRAY;
                element = parser.nextToken()) {
            if (!element.isScalarValue() || element == JsonToken.VALUE_NULL) {
                throw malformed(file, parser, "option '" + key + "': expected a list of values");
            }
            elements.add(parser.getText());
        }
        return String.join(";", elements);
    }

    private static IllegalArgumentException malformed(Path file, JsonParser parser, String what) {
        return new IllegalArgumentException(
                file + ":" + parser.currentLocation().getLineNr() + ": " + what);
    }

    private static String[] keyValue(String entry) {
        int equals = entry.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("--set: expected 'key=value', got '" + entry + "'");
        }
        return new String[] {
            entry.substring(0, equals).strip(), entry.substring(equals + 1).strip()
        };
    }
}
