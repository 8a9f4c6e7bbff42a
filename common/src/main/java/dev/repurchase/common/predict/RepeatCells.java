package dev.repurchase.common.predict;

import java.util.Arrays;

/**
 * The BG/NBD sufficient data as of one day: customers per (x, t_x, T) cell, grouped by x, with t_x
 * and T as indices into the distinct day counts. An evaluation of the log-likelihood computes the
 * terms of x once per distinct x and log(alpha + t) once per distinct day count, so what it costs
 * per cell is one exp and one log (none for x = 0).
 */
final class RepeatCells {

    private final XGroups groups;

    /** Per cell in the order of {@link #groups}: indices into {@link #days}, and customers. */
    private final int[] recencyDay;

    private final int[] ageDay;
    private final double[] customers;

    /** The distinct day counts of t_x and T, ascending. */
    private final int[] days;

    /** log(alpha + day / 7) per distinct day count, of the evaluation under way. */
    private final double[] logAlphaPlus;

    /**
     * The first {@code size} cells, with T counted to the epoch day {@code today} (never < t_x).
     */
    RepeatCells(
            int size,
            int[] x,
            int[] recencyDays,
            long[] firstDay,
            double[] repeatCustomers,
            long today) {
        groups = XGroups.of(size, x);
        int[] age = new int[size];
        int[] allDays = new int[2 * size];
        for (int i = 0; i < size; i++) {
            age[i] = (int) Math.max(today - firstDay[i], recencyDays[i]);
            allDays[2 * i] = recencyDays[i];
            allDays[2 * i + 1] = age[i];
        }
        days = Arrays.stream(allDays).sorted().distinct().toArray();
        logAlphaPlus = new double[days.length];
        recencyDay = new int[size];
        ageDay = new int[size];
        customers = new double[size];
        for (int j = 0; j < size; j++) {
            int i = groups.order()[j];
            recencyDay[j] = Arrays.binarySearch(days, recencyDays[i]);
            ageDay[j] = Arrays.binarySearch(days, age[i]);
            customers[j] = repeatCustomers[i];
        }
    }

    /** The log-likelihood of all customers under {@code model}. */
    double logLikelihood(BgNbd model) {
        for (int k = 0; k < days.length; k++) {
            logAlphaPlus[k] = Math.log(model.alpha() + days[k] / 7.0);
        }
        int[] xs = groups.xs();
        int[] ends = groups.ends();
        double sum = 0;
        for (int g = 0, j = 0; g < xs.length; g++) {
            int x = xs[g];
            double ofX = model.ofX(x);
            double dropout = model.dropoutOfX(x);
            for (; j < ends[g]; j++) {
                sum +=
                        customers[j]
                                * model.logLikelihood(
                                        x,
                                        ofX,
                                        dropout,
                                        logAlphaPlus[recencyDay[j]],
                                        logAlphaPlus[ageDay[j]]);
            }
        }
        return sum;
    }
}
