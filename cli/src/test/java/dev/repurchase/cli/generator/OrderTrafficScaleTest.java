package dev.repurchase.cli.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The benchmark's sizes: reports what a year of 100,000 customers amounts to. */
class OrderTrafficScaleTest {

    private static final Instant NEW_YEAR_2024 = Instant.parse("2024-01-01T00:00:00Z");

    @Test
    void aYearOfOneHundredThousandCustomersIsGenerated() {
        ShopProfile shop =
                ShopProfile.demo(
                        100_000, NEW_YEAR_2024, NEW_YEAR_2024.plus(Duration.ofDays(366)), 1);
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long heapBefore = runtime.totalMemory() - runtime.freeMemory();
        long start = System.nanoTime();

        GeneratedShop generated = OrderTraffic.generate(shop);

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.gc();
        long heap = runtime.totalMemory() - runtime.freeMemory() - heapBefore;
        TrafficSummary summary = generated.summary();
        System.out.printf(
                "100,000 customers over a year: %s%ngenerated in %.1f s, about %,d MB of heap"
                        + " (%,d bytes per order)%n",
                summary,
                took.toMillis() / 1000.0,
                heap >> 20,
                heap / Math.max(1, summary.orders()));

        assertThat(summary.customers()).isEqualTo(100_001);
        assertThat(summary.orders()).isBetween(300_000L, 1_000_000L);
        assertThat(summary.items()).isGreaterThan(summary.orders());
    }
}
