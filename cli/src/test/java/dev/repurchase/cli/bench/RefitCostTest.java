package dev.repurchase.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The bench's refit population: drawn from BG/NBD with known parameters, the fit over it recovers
 * them (within what 20,000 customers and whole days allow), and its sufficient data is smaller than
 * the customers.
 */
class RefitCostTest {

    @Test
    void theFitRecoversThePopulationsParameters() {
        RefitCost.Figures f = RefitCost.measure(20_000, 16);

        assertThat(f.fitted().r())
                .isCloseTo(RefitCost.TRUTH.r(), within(0.15 * RefitCost.TRUTH.r()));
        assertThat(f.fitted().alpha())
                .isCloseTo(RefitCost.TRUTH.alpha(), within(0.15 * RefitCost.TRUTH.alpha()));
        assertThat(f.fitted().a())
                .isCloseTo(RefitCost.TRUTH.a(), within(0.25 * RefitCost.TRUTH.a()));
        assertThat(f.fitted().b())
                .isCloseTo(RefitCost.TRUTH.b(), within(0.25 * RefitCost.TRUTH.b()));
        assertThat(f.repeatKeys()).isLessThan(f.customers());
    }
}
