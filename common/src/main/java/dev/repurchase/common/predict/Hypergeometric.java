package dev.repurchase.common.predict;

/**
 * Gauss's hypergeometric function 2F1(a, b; c; z) by its power series, for 0 <= z < 1 (BG/NBD's
 * conditional expectation has z = t / (alpha + T + t)). Neither Commons Math nor the JDK has it.
 */
final class Hypergeometric {

    private static final int MAX_TERMS = 100_000;
    private static final double EPSILON = 1e-15;

    private Hypergeometric() {}

    static double f21(double a, double b, double c, double z) {
        if (!(z >= 0 && z < 1)) {
            throw new IllegalArgumentException("2F1 by its series needs 0 <= z < 1, not " + z);
        }
        double term = 1;
        double sum = 1;
        for (int k = 0; k < MAX_TERMS; k++) {
            term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
            sum += term;
            if (Math.abs(term) <= EPSILON * Math.abs(sum)) {
                return sum;
            }
        }
        throw new ArithmeticException(
                "2F1(" + a + ", " + b + "; " + c + "; " + z + ") did not converge");
    }
}
