package dev.repurchase.jobs.ingest;

import dev.repurchase.jobs.config.CdcSourceOptions;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ReadableConfig;

/** Where the changes come from ({@code source.type}). */
public enum SourceType {
    KAFKA("kafka"),
    MYSQL_CDC("mysql-cdc"),
    POSTGRES_CDC("postgres-cdc");

    private final String label;

    SourceType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static SourceType of(ReadableConfig config) {
        String label = config.get(CdcSourceOptions.SOURCE_TYPE);
        return Arrays.stream(values())
                .filter(type -> type.label.equals(label))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "unknown "
                                                + CdcSourceOptions.SOURCE_TYPE.key()
                                                + " '"
                                                + label
                                                + "': use one of "
                                                + Arrays.stream(values())
                                                        .map(SourceType::label)
                                                        .collect(Collectors.joining(", "))));
    }
}
