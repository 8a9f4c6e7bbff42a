package dev.repurchase.jobs.ingest;

import dev.repurchase.jobs.config.AlertOptions;
import java.io.Serializable;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.IllegalConfigurationException;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The alerts options, checked (SPEC 4.2).
 *
 * @param paymentDeadline {@code alerts.payment-deadline} in ms
 * @param paymentLead {@code alerts.payment-lead} in ms, below the deadline
 * @param shipWithin {@code alerts.ship-within} in ms
 * @param types the alerts switched on
 */
public record AlertSettings(
        long paymentDeadline, long paymentLead, long shipWithin, Set<AlertType> types)
        implements Serializable {

    /** The settings of the configuration; an error naming the option if one is out of range. */
    public static AlertSettings from(ReadableConfig config) {
        long deadline = positive(config, AlertOptions.PAYMENT_DEADLINE);
        long lead = positive(config, AlertOptions.PAYMENT_LEAD);
        if (lead >= deadline) {
            throw new IllegalConfigurationException(
                    AlertOptions.PAYMENT_LEAD.key()
                            + " must be below "
                            + AlertOptions.PAYMENT_DEADLINE.key()
                            + ", got "
                            + config.get(AlertOptions.PAYMENT_LEAD)
                            + " and "
                            + config.get(AlertOptions.PAYMENT_DEADLINE));
        }
        Set<AlertType> types = EnumSet.noneOf(AlertType.class);
        types.addAll(config.get(AlertOptions.TYPES));
        return new AlertSettings(deadline, lead, positive(config, AlertOptions.SHIP_WITHIN), types);
    }

    private static long positive(ReadableConfig config, ConfigOption<Duration> option) {
        Duration value = config.get(option);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalConfigurationException(
                    option.key() + " must be a positive duration, got " + value);
        }
        return value.toMillis();
    }
}
