package dev.repurchase.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decode ceiling decodes what it times (its rate is printed, never asserted). */
class DecodeCeilingTest {

    @Test
    void everyTimedMessageBecomesATypedChange() {
        byte[] message =
                LatencyRun.committedAt(
                                LatencyRun.marker(
                                        "c1", "east", Instant.parse("2026-01-05T10:00:00Z")),
                                1_767_607_200_000L)
                        .getBytes(StandardCharsets.UTF_8);

        DecodeCeiling.Figures figures =
                DecodeCeiling.measure(
                        List.of(message, message),
                        Duration.ZERO,
                        Duration.ofMillis(500),
                        Duration.ofMillis(500));

        assertThat(figures.messages()).isPositive();
        assertThat(figures.decoded()).isEqualTo(figures.messages());
        assertThat(figures.deadLetters()).isZero();
        assertThat(figures.sample()).isEqualTo(2);
        assertThat(figures.meanBytes()).isEqualTo(message.length);
        assertThat(figures.rounds()).isPositive();
        assertThat(figures.lowerQuartile())
                .isLessThanOrEqualTo(figures.eventsPerSecond())
                .isPositive();
        assertThat(figures.upperQuartile())
                .isGreaterThanOrEqualTo(figures.eventsPerSecond())
                .isLessThanOrEqualTo(figures.bestEventsPerSecond());
        assertThat(figures.spread()).isNotNegative();
    }

    @Test
    void aRateIsStableWhenTheLastRoundsAgreeWithinTheTolerance() {
        assertThat(DecodeCeiling.stable(List.of(10.0, 50.0, 100.0, 101.0, 99.0, 100.0), 4, 0.05))
                .isTrue();
        assertThat(DecodeCeiling.stable(List.of(50.0, 80.0, 100.0, 101.0), 4, 0.05)).isFalse();
        assertThat(DecodeCeiling.stable(List.of(100.0, 100.0), 4, 0.05)).isFalse();
    }
}
