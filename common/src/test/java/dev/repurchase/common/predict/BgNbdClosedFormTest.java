package dev.repurchase.common.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

/**
 * With the published parameters fixed, P(alive) and the expected purchases of every customer of the
 * CDNOW summary equal the paper's closed forms (its equations 10 and 11 and the appendix), computed
 * here on their own: powers instead of logs, and 2F1 summed from Pochhammer symbols taken from
 * log-gammas instead of the term ratio.
 */
class BgNbdClosedFormTest {

    private static final double WEEKS = 90 / 7.0;

    @Test
    void pAliveAndExpectedPurchasesAreThePapersClosedForms() throws Exception {
        BgNbd model = CdnowSample.PUBLISHED;
        for (CdnowSample.Summary c : CdnowSample.summary()) {
            assertThat(model.pAlive(c.x(), c.tx(), c.t()))
                    .as("P(alive) of %s", c.customerId())
                    .isCloseTo(pAlive(c.x(), c.tx(), c.t()), within(1e-6));
            assertThat(model.expectedPurchases(WEEKS, c.x(), c.tx(), c.t()))
                    .as("expected purchases of %s", c.customerId())
                    .isCloseTo(expected(WEEKS, c.x(), c.tx(), c.t()), within(1e-6));
        }
    }

    @Test
    void aCustomerWithoutRepeatPurchaseIsAlive() {
        assertThat(CdnowSample.PUBLISHED.pAlive(0, 0, 38.86)).isEqualTo(1.0);
    }

    private static double pAlive(int x, double tx, double t) {
        double r = 0.243;
        double alpha = 4.414;
        double a = 0.793;
        double b = 2.426;
        double odds = x == 0 ? 0 : a / (b + x - 1) * Math.pow((alpha + t) / (alpha + tx), r + x);
        return 1 / (1 + odds);
    }

    private static double expected(double weeks, int x, double tx, double t) {
        double r = 0.243;
        double alpha = 4.414;
        double a = 0.793;
        double b = 2.426;
        double hyp = f21(r + x, b + x, a + b + x - 1, weeks / (alpha + t + weeks));
        double odds = x == 0 ? 0 : a / (b + x - 1) * Math.pow((alpha + t) / (alpha + tx), r + x);
        return (a + b + x - 1)
                / (a - 1)
                * (1 - Math.pow((alpha + t) / (alpha + t + weeks), r + x) * hyp)
                / (1 + odds);
    }

    /** sum over k of (a)_k (b)_k / ((c)_k k!) z^k, each term on its own from log-gammas. */
    private static double f21(double a, double b, double c, double z) {
        double sum = 0;
        for (int k = 0; k < 2000; k++) {
            double logTerm =
                    Gamma.logGamma(a + k)
                            - Gamma.logGamma(a)
                            + Gamma.logGamma(b + k)
                            - Gamma.logGamma(b)
                            - Gamma.logGamma(c + k)
                            + Gamma.logGamma(c)
                            - Gamma.logGamma(k + 1.0)
                            + k * Math.log(z);
            double term = Math.exp(logTerm);
            sum += term;
            if (k > 10 && term < 1e-17 * sum) {
                return sum;
            }
        }
        throw new AssertionError("2F1 did not converge");
    }
}
