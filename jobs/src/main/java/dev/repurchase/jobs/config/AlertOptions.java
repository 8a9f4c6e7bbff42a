package dev.repurchase.jobs.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import dev.repurchase.jobs.ingest.AlertType;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/** Options of the order-operation alerts for the shop's staff (SPEC 4.2). */
public final class AlertOptions {

    private AlertOptions() {}

    public static final ConfigOption<Duration> PAYMENT_DEADLINE =
            key("alerts.payment-deadline")
                    .durationType()
                    .defaultValue(Duration.ofHours(24))
                    .withDescription(
                            "How long after its creation an order may stay unpaid. Positive.");

    public static final ConfigOption<Duration> PAYMENT_LEAD =
            key("alerts.payment-lead")
                    .durationType()
                    .defaultValue(Duration.ofHours(2))
                    .withDescription(
                            "How long before the payment deadline PAYMENT_DUE is due. Positive and"
                                    + " below alerts.payment-deadline.");

    public static final ConfigOption<Duration> SHIP_WITHIN =
            key("alerts.ship-within")
                    .durationType()
                    .defaultValue(Duration.ofHours(48))
                    .withDescription(
                            "How long after its payment an order may wait for shipping before"
                                    + " SHIP_LATE is due. Positive.");

    public static final ConfigOption<List<AlertType>> TYPES =
            key("alerts.types")
                    .enumType(AlertType.class)
                    .asList()
                    .defaultValues(AlertType.values())
                    .withDescription(
                            "The alerts to plan (semicolon-separated); leave one out to switch it"
                                    + " off, an empty value switches all off.");
}
