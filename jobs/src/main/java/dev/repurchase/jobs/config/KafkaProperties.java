package dev.repurchase.jobs.config;

import java.util.Properties;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Client properties passed through to every Kafka client of the job: each option {@code
 * kafka.properties.X} becomes the client property {@code X} (security.protocol, sasl.*, ssl.*...).
 */
public final class KafkaProperties {

    public static final String PREFIX = "kafka.properties.";

    private KafkaProperties() {}

    public static Properties passThrough(ReadableConfig config) {
        Properties properties = new Properties();
        config.toMap()
                .forEach(
                        (key, value) -> {
                            if (key.startsWith(PREFIX)) {
                                properties.setProperty(key.substring(PREFIX.length()), value);
                            }
                        });
        return properties;
    }
}
