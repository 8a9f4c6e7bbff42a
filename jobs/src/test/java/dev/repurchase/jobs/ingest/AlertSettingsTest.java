package dev.repurchase.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.IllegalConfigurationException;
import org.junit.jupiter.api.Test;

/** The alerts options of SPEC 4.2: Flink durations, checked at start with the option named. */
class AlertSettingsTest {

    private static AlertSettings of(Map<String, String> options) {
        return AlertSettings.from(Configuration.fromMap(options));
    }

    @Test
    void defaultsAre24HoursDeadline2HoursLead48HoursToShipAndEveryAlert() {
        AlertSettings settings = of(Map.of());

        assertThat(settings.paymentDeadline()).isEqualTo(Duration.ofHours(24).toMillis());
        assertThat(settings.paymentLead()).isEqualTo(Duration.ofHours(2).toMillis());
        assertThat(settings.shipWithin()).isEqualTo(Duration.ofHours(48).toMillis());
        assertThat(settings.types()).isEqualTo(EnumSet.allOf(AlertType.class));
    }

    @Test
    void durationsInFlinkSyntax() {
        AlertSettings settings =
                of(
                        Map.of(
                                "alerts.payment-deadline", "12h",
                                "alerts.payment-lead", "30 min",
                                "alerts.ship-within", "3 d"));

        assertThat(settings.paymentDeadline()).isEqualTo(Duration.ofHours(12).toMillis());
        assertThat(settings.paymentLead()).isEqualTo(Duration.ofMinutes(30).toMillis());
        assertThat(settings.shipWithin()).isEqualTo(Duration.ofDays(3).toMillis());
    }

    @Test
    void eachAlertCanBeSwitchedOff() {
        assertThat(of(Map.of("alerts.types", "SHIP_LATE;DELIVERY_LATE")).types())
                .containsExactlyInAnyOrder(AlertType.SHIP_LATE, AlertType.DELIVERY_LATE);
        assertThat(of(Map.of("alerts.types", "")).types()).isEmpty();
    }

    @Test
    void aZeroDurationIsAnErrorNamingTheOption() {
        assertThatThrownBy(() -> of(Map.of("alerts.ship-within", "0 s")))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("alerts.ship-within");
        assertThatThrownBy(() -> of(Map.of("alerts.payment-deadline", "0 ms")))
                .hasMessageContaining("alerts.payment-deadline");
    }

    @Test
    void aNegativeDurationIsAnErrorNamingTheOption() {
        assertThatThrownBy(() -> of(Map.of("alerts.payment-lead", "-1 h")))
                .hasMessageContaining("alerts.payment-lead");
    }

    @Test
    void aLeadNotBelowTheDeadlineIsAnErrorNamingBoth() {
        assertThatThrownBy(
                        () ->
                                of(
                                        Map.of(
                                                "alerts.payment-deadline", "2 h",
                                                "alerts.payment-lead", "2 h")))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("alerts.payment-lead")
                .hasMessageContaining("alerts.payment-deadline");
    }
}
