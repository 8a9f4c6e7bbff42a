package dev.repurchase.jobs.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;

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
}
