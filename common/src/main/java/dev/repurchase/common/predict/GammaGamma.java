package dev.repurchase.common.predict;

import static org.apache.commons.math3.special.Gamma.logGamma;

import java.io.Serializable;

/**
 * The Gamma-Gamma spend model (Fader, Hardie and Lee 2005, "RFM and CLV"): the value of a
 * customer's purchases is Gamma(p, nu) around their mean 1/nu, and nu is Gamma(q, gamma) across
 * customers. m is the mean spend of the x repeat purchase days, in currency units.
 */
public record GammaGamma(double p, double q, double gamma) implements Serializable {

    /** The log-likelihood of the mean spend m of x repeat days (x > 0, m > 0). */
    public double logLikelihood(int x, double m) {
        return logLikelihood(x, m, Math.log(m), ofX(x));
    }

    /**
     * The part of the log-likelihood that depends on x alone: a fit over many customers computes it
     * once per x.
     */
    double ofX(int x) {
        double px = p * x;
        return logGamma(px + q)
                - logGamma(px)
                - logGamma(q)
                + q * Math.log(gamma)
                + px * Math.log(x);
    }

    /** {@link #logLikelihood(int, double)} given log m and {@link #ofX}. */
    double logLikelihood(int x, double m, double logM, double ofX) {
        double px = p * x;
        return ofX + (px - 1) * logM - (px + q) * Math.log(gamma + m * x);
    }

    /**
     * The expected value of the customer's next purchase day given x repeat days of mean m; the
     * population mean p gamma / (q - 1) when x = 0. Null if q <= 1 (the mean is infinite).
     */
    public Double expectedValue(int x, double m) {
        if (q <= 1) {
            return null;
        }
        return p * (gamma + m * x) / (p * x + q - 1);
    }
}
