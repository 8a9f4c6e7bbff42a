package dev.repurchase.common.predict;

import static org.apache.commons.math3.special.Gamma.logGamma;

import java.io.Serializable;

/**
 * The BG/NBD model (Fader, Hardie and Lee 2005, "Counting your customers the easy way"): while
 * alive a customer buys at a Gamma(r, alpha)-distributed rate per week, and after each purchase
 * drops out with a Beta(a, b)-distributed probability. x is the number of repeat purchases, t_x the
 * week of the last one and T the weeks observed, both from the first purchase.
 */
public record BgNbd(double r, double alpha, double a, double b) implements Serializable {

    /** Parses {@code "r,alpha,a,b"} ({@code predict.params}). */
    public static BgNbd parse(String params) {
        String[] parts = params.split(",");
        if (parts.length != 4) {
            throw new IllegalArgumentException(
                    "predict.params must be 'r,alpha,a,b', not '" + params + "'");
        }
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            v[i] = Double.parseDouble(parts[i].strip());
            if (!(v[i] > 0) || Double.isInfinite(v[i])) {
                throw new IllegalArgumentException(
                        "predict.params must be positive numbers, not '" + params + "'");
            }
        }
        return new BgNbd(v[0], v[1], v[2], v[3]);
    }

    /**
     * The log-likelihood of one customer, the paper's closed form (its equation 6) without the
     * hypergeometric function.
     */
    public double logLikelihood(int x, double tx, double t) {
        return logLikelihood(x, ofX(x), dropoutOfX(x), Math.log(alpha + tx), Math.log(alpha + t));
    }

    /**
     * The part of a customer's log-likelihood that depends on x alone: a fit over many customers
     * computes it once per x.
     */
    double ofX(int x) {
        return logGamma(r + x)
                - logGamma(r)
                + r * Math.log(alpha)
                + logGamma(a + b)
                + logGamma(b + x)
                - logGamma(b)
                - logGamma(a + b + x);
    }

    /**
     * log(a / (b + x - 1)), the odds of dropping out after the last of x > 0 repeats; once per x.
     */
    double dropoutOfX(int x) {
        return x == 0 ? 0 : Math.log(a) - Math.log(b + x - 1);
    }

    /**
     * {@link #logLikelihood(int, double, double)} given {@link #ofX}, {@link #dropoutOfX} and the
     * logs of alpha + t_x and alpha + T: a fit over many customers computes those once per distinct
     * x and week count.
     */
    double logLikelihood(
            int x, double ofX, double dropoutOfX, double logAlphaTx, double logAlphaT) {
        double stillAlive = -(r + x) * logAlphaT;
        if (x == 0) {
            return ofX + stillAlive;
        }
        double goneAtLast = dropoutOfX - (r + x) * logAlphaTx;
        double max = Math.max(stillAlive, goneAtLast);
        return ofX + max + Math.log(1 + Math.exp(Math.min(stillAlive, goneAtLast) - max));
    }

    /** P(alive | x, t_x, T): the probability that the customer has not dropped out by T. */
    public double pAlive(int x, double tx, double t) {
        return 1 / (1 + deadOdds(x, tx, t));
    }

    /** The purchases expected in the {@code weeks} after T (the paper's equation 10). */
    public double expectedPurchases(double weeks, int x, double tx, double t) {
        double z = weeks / (alpha + t + weeks);
        double notYet =
                Math.exp((r + x) * Math.log((alpha + t) / (alpha + t + weeks)))
                        * Hypergeometric.f21(r + x, b + x, a + b + x - 1, z);
        return (a + b + x - 1) / (a - 1) * (1 - notYet) / (1 + deadOdds(x, tx, t));
    }

    /** delta(x > 0) a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x). */
    private double deadOdds(int x, double tx, double t) {
        if (x == 0) {
            return 0;
        }
        return Math.exp(
                Math.log(a)
                        - Math.log(b + x - 1)
                        + (r + x) * (Math.log(alpha + t) - Math.log(alpha + tx)));
    }
}
