package dev.repurchase.jobs.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

/** Options of how the CDC input is taken in: what happens to input that cannot be used. */
public final class IngestOptions {

    private IngestOptions() {}

    public static final ConfigOption<Duration> ORPHAN_LINE_GRACE =
            key("ingest.orphan-line-grace")
                    .durationType()
                    .defaultValue(Duration.ofDays(7))
                    .withDescription(
                            "How long (event time, after its latest change) an order line waits"
                                    + " for its order. Then it is reported as a dead letter"
                                    + " (reason 'order line without its order') and dropped from"
                                    + " state; an order arriving later counts without it.");

    public static final ConfigOption<String> SOURCE_TIMEZONE =
            key("source.timezone")
                    .stringType()
                    .defaultValue("UTC")
                    .withDescription(
                            "Time zone of the source's date-times that carry none (MySQL DATETIME,"
                                    + " PostgreSQL timestamp without time zone, Canal and Maxwell"
                                    + " date-time strings), e.g. Asia/Shanghai. Values with an"
                                    + " offset or zone (MySQL TIMESTAMP, timestamptz) are"
                                    + " instants already and ignore it.");

    /** The zone of {@link #SOURCE_TIMEZONE}. */
    public static ZoneId sourceZone(ReadableConfig config) {
        String zone = config.get(SOURCE_TIMEZONE);
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    SOURCE_TIMEZONE.key() + ": not a time zone: '" + zone + "'", e);
        }
    }
}
