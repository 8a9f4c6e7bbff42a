package dev.repurchase.jobs.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.IllegalConfigurationException;
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

    public static final ConfigOption<Integer> SETTLE_DAYS =
            key("ingest.settle-days")
                    .intType()
                    .defaultValue(120)
                    .withDescription(
                            "Days of event time after an order's last change when it settles: the"
                                    + " job forgets it but for what a later change of its row"
                                    + " needs to apply exactly (outcome, total quantity,"
                                    + " categories). A later refund, chargeback or status"
                                    + " change still applies exactly; a later change of its"
                                    + " lines is reported as a dead letter (reason"
                                    + " 'settled-order-lines') and changes nothing. Later"
                                    + " means committed that long after the order's previous"
                                    + " change, whenever it is read. At least 1.");

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

    /** How long after its last change an order settles ({@link #SETTLE_DAYS}), validated. */
    public static Duration settleAfter(ReadableConfig config) {
        int days = config.get(SETTLE_DAYS);
        if (days < 1) {
            throw new IllegalConfigurationException(
                    SETTLE_DAYS.key()
                            + ": must be at least 1 (days of event time after an order's last"
                            + " change), not "
                            + days);
        }
        return Duration.ofDays(days);
    }

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
