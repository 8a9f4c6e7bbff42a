package dev.repurchase.common.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** 2F1 against its elementary cases, and what happens where its series cannot be summed. */
class HypergeometricTest {

    @Test
    void logarithmCase() {
        for (double z : new double[] {0, 0.1, 0.5, 0.9, 0.99}) {
            double expected = z == 0 ? 1 : -Math.log(1 - z) / z;
            assertThat(Hypergeometric.f21(1, 1, 2, z)).isCloseTo(expected, within(1e-12));
        }
    }

    @Test
    void binomialCase() {
        // 2F1(a, b; b; z) = (1 - z)^-a
        assertThat(Hypergeometric.f21(2.7, 3.1, 3.1, 0.8))
                .isCloseTo(Math.pow(0.2, -2.7), within(1e-9));
    }

    @Test
    void outsideTheSeriesIsRefused() {
        assertThatThrownBy(() -> Hypergeometric.f21(1, 1, 2, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSeriesTooSlowLeavesTheExpectationUnknown() {
        // alpha near 0 and a new customer: z = t / (alpha + t) next to 1.
        PredictionModel model = new PredictionModel(0, 1, new BgNbd(0.5, 1e-12, 0.8, 2.5), 0, null);
        Prediction p = Prediction.of(new RepeatBuying(0, 0, 100, 0), model, 100, 90);

        assertThat(p.pAlive()).isEqualTo(1.0);
        assertThat(p.expectedPurchases()).isNull();
        assertThat(p.predictedValue()).isNull();
    }
}
