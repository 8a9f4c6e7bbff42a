package dev.repurchase.common.predict;

/**
 * The Gamma-Gamma sufficient data: customers per (x, mean repeat spend m) cell, grouped by x, with
 * log m computed once. An evaluation of the log-likelihood computes the log-gammas of x once per
 * distinct x, so what it costs per cell is one log.
 */
final class SpendCells {

    private final XGroups groups;

    /** Per cell in the order of {@link #groups}. */
    private final double[] meanSpend;

    private final double[] logMeanSpend;
    private final double[] customers;

    /** The first {@code size} cells. */
    SpendCells(int size, int[] x, double[] mean, double[] spendCustomers) {
        groups = XGroups.of(size, x);
        meanSpend = new double[size];
        logMeanSpend = new double[size];
        customers = new double[size];
        for (int j = 0; j < size; j++) {
            int i = groups.order()[j];
            meanSpend[j] = mean[i];
            logMeanSpend[j] = Math.log(mean[i]);
            customers[j] = spendCustomers[i];
        }
    }

    boolean isEmpty() {
        return groups.xs().length == 0;
    }

    /** The log-likelihood of all customers under {@code model}. */
    double logLikelihood(GammaGamma model) {
        int[] xs = groups.xs();
        int[] ends = groups.ends();
        double sum = 0;
        for (int g = 0, j = 0; g < xs.length; g++) {
            int x = xs[g];
            double ofX = model.ofX(x);
            for (; j < ends[g]; j++) {
                sum += customers[j] * model.logLikelihood(x, meanSpend[j], logMeanSpend[j], ofX);
            }
        }
        return sum;
    }
}
