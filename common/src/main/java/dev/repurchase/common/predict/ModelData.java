package dev.repurchase.common.predict;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * The sufficient data of both fits, as counts of customers per {@link RepeatBuying#repeatKey} and
 * per {@link RepeatBuying#spendKey}, and the maximum-likelihood fits over them. The parameters are
 * searched in log space (they are positive) by Commons Math's Nelder-Mead simplex, restarted once
 * from its result, as a simplex can stall short of the optimum: from the previous fit when it lies
 * inside, else (and when that search leaves the inside) from unit parameters. An evaluation reads
 * the counts arranged by {@link RepeatCells} and {@link SpendCells}: its cost grows with the
 * distinct values, not with the customers.
 */
public final class ModelData {

    private static final int MAX_EVALUATIONS = 5_000;
    private static final double RELATIVE_TOLERANCE = 1e-10;

    /** The parameters are searched within e^-25..e^25 (1.4e-11..7.2e10). */
    private static final double LOG_BOUND = 25;

    /** A fit with parameters within e^-10..e^10 (4.5e-5..22,026) starts the next one alone. */
    private static final double INTERIOR = 10;

    private static final double[] UNIT_START = {0, 0, 0, 0};

    private int repeatSize;
    private int[] x = new int[16];
    private int[] recencyDays = new int[16];
    private long[] firstDay = new long[16];
    private double[] repeatCustomers = new double[16];

    private int spendSize;
    private int[] spendX = new int[16];
    private double[] meanSpend = new double[16];
    private double[] spendCustomers = new double[16];

    private long customers;

    /** Adds {@code customers} of the (x, t_x, first day) of a {@link RepeatBuying#repeatKey}. */
    public void addRepeat(long repeatKey, long customers) {
        if (repeatSize == x.length) {
            int n = repeatSize * 2;
            x = Arrays.copyOf(x, n);
            recencyDays = Arrays.copyOf(recencyDays, n);
            firstDay = Arrays.copyOf(firstDay, n);
            repeatCustomers = Arrays.copyOf(repeatCustomers, n);
        }
        RepeatBuying r = RepeatBuying.ofRepeatKey(repeatKey);
        x[repeatSize] = r.x();
        recencyDays[repeatSize] = r.recencyDays();
        firstDay[repeatSize] = r.firstDay();
        repeatCustomers[repeatSize] = customers;
        repeatSize++;
        this.customers += customers;
    }

    /** Adds {@code customers} of the (x, repeat spend) of a {@link RepeatBuying#spendKey}. */
    public void addSpend(long spendKey, long customers) {
        if (spendSize == spendX.length) {
            int n = spendSize * 2;
            spendX = Arrays.copyOf(spendX, n);
            meanSpend = Arrays.copyOf(meanSpend, n);
            spendCustomers = Arrays.copyOf(spendCustomers, n);
        }
        RepeatBuying r = RepeatBuying.ofSpendKey(spendKey);
        spendX[spendSize] = r.x();
        meanSpend[spendSize] = r.meanRepeatSpend();
        spendCustomers[spendSize] = customers;
        spendSize++;
    }

    public long customers() {
        return customers;
    }

    /**
     * The models as of the epoch day {@code today}: BG/NBD fitted, or {@code fixed} if given;
     * Gamma-Gamma fitted if some customer has a repeat spend, else the previous one. A fit starts
     * from the previous model's parameters, or from unit ones ({@link #maximize}). Null if there is
     * no customer.
     */
    public PredictionModel fit(long fittedAt, long today, BgNbd fixed, PredictionModel previous) {
        if (customers == 0) {
            return null;
        }
        RepeatCells repeat =
                new RepeatCells(repeatSize, x, recencyDays, firstDay, repeatCustomers, today);
        BgNbd bgNbd = fixed;
        if (bgNbd == null) {
            double[] warm =
                    previous == null
                            ? UNIT_START
                            : logs(
                                    previous.bgNbd().r(),
                                    previous.bgNbd().alpha(),
                                    previous.bgNbd().a(),
                                    previous.bgNbd().b());
            double[] p = maximize(v -> repeat.logLikelihood(toBgNbd(v)), warm, UNIT_START);
            bgNbd = toBgNbd(p);
        }
        GammaGamma gammaGamma = previous == null ? null : previous.gammaGamma();
        SpendCells spend = new SpendCells(spendSize, spendX, meanSpend, spendCustomers);
        if (!spend.isEmpty()) {
            double[] unit = {0, 0, 0};
            double[] warm =
                    gammaGamma == null || gammaGamma.q() <= 1
                            ? unit
                            : logs(gammaGamma.p(), gammaGamma.q() - 1, gammaGamma.gamma());
            double[] p = maximize(v -> spend.logLikelihood(toGammaGamma(v)), warm, unit);
            gammaGamma = toGammaGamma(p);
        }
        return new PredictionModel(
                fittedAt, customers, bgNbd, repeat.logLikelihood(bgNbd), gammaGamma);
    }

    /**
     * A search from {@code warm} (the previous fit) if it is {@linkplain #isInterior interior},
     * else from {@code unit}; and from {@code unit} too if the search from the previous fit ran out
     * of the interior, the better of the two. An early fit over few repeat buyers can run off
     * towards a boundary (r and alpha to infinity, the Poisson limit) where the likelihood is flat,
     * and a search from there would stay; a fit inside is where a refit over slightly more data
     * starts best, and one search from it suffices.
     */
    private static double[] maximize(
            ToDoubleFunction<double[]> logLikelihood, double[] warm, double[] unit) {
        if (!isInterior(warm)) {
            return search(logLikelihood, unit).getPoint();
        }
        PointValuePair best = search(logLikelihood, warm);
        if (warm != unit && !isInterior(best.getPoint())) {
            PointValuePair fromUnit = search(logLikelihood, unit);
            if (fromUnit.getValue() > best.getValue()) {
                best = fromUnit;
            }
        }
        return best.getPoint();
    }

    /**
     * True if every parameter lies within e^±{@link #INTERIOR}: away from the limits where the
     * likelihood flattens.
     */
    private static boolean isInterior(double[] logParameters) {
        for (double v : logParameters) {
            if (!(Math.abs(v) <= INTERIOR)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A simplex search, restarted once from its result; if it runs out of evaluations, the best
     * point it evaluated. A likelihood that keeps rising towards a boundary (a parameter running
     * off to infinity, where the likelihood flattens) may never meet the tolerance, and a fit must
     * not fail the job.
     */
    private static PointValuePair search(ToDoubleFunction<double[]> logLikelihood, double[] start) {
        PointValuePair[] seen = new PointValuePair[1];
        ObjectiveFunction objective =
                new ObjectiveFunction(
                        v -> {
                            double ll =
                                    outOfBounds(v)
                                            ? Double.NEGATIVE_INFINITY
                                            : logLikelihood.applyAsDouble(v);
                            ll = Double.isNaN(ll) ? Double.NEGATIVE_INFINITY : ll;
                            if (seen[0] == null || ll > seen[0].getValue()) {
                                seen[0] = new PointValuePair(v, ll);
                            }
                            return ll;
                        });
        PointValuePair best = null;
        double[] point = start;
        for (int run = 0; run < 2; run++) {
            try {
                best =
                        new SimplexOptimizer(RELATIVE_TOLERANCE, 0)
                                .optimize(
                                        new MaxEval(MAX_EVALUATIONS),
                                        objective,
                                        GoalType.MAXIMIZE,
                                        new InitialGuess(point),
                                        new NelderMeadSimplex(point.length, 0.5));
            } catch (TooManyEvaluationsException flat) {
                return seen[0];
            }
            point = best.getPoint();
        }
        return best;
    }

    /**
     * True if a parameter lies beyond e^±{@link #LOG_BOUND}. Towards a boundary the likelihood
     * flattens, and far out the log-gammas of huge arguments cancel into rounding noise (r = 4e15
     * gave a log-likelihood of +139,072 on CDNOW's first weeks), which a search would take for a
     * maximum.
     */
    private static boolean outOfBounds(double[] logParameters) {
        for (double v : logParameters) {
            if (Math.abs(v) > LOG_BOUND) {
                return true;
            }
        }
        return false;
    }

    private static double[] logs(double... values) {
        double[] logs = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            logs[i] = Math.log(values[i]);
        }
        return logs;
    }

    private static BgNbd toBgNbd(double[] v) {
        return new BgNbd(Math.exp(v[0]), Math.exp(v[1]), Math.exp(v[2]), Math.exp(v[3]));
    }

    /**
     * q > 1: the expected order value, and with it predicted_value, exists only then. Spend with a
     * tail as heavy as a log-uniform catalogue's fits q < 1 unconstrained (no finite mean), and
     * every customer's predicted value would be unknown; the fit is the most likely model with a
     * finite mean instead (CDNOW's q = 3.74 lies inside).
     */
    private static GammaGamma toGammaGamma(double[] v) {
        return new GammaGamma(Math.exp(v[0]), 1 + Math.exp(v[1]), Math.exp(v[2]));
    }
}
