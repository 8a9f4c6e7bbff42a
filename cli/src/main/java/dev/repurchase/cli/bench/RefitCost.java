package dev.repurchase.cli.bench;

import dev.repurchase.common.predict.BgNbd;
import dev.repurchase.common.predict.ModelData;
import dev.repurchase.common.predict.Prediction;
import dev.repurchase.common.predict.PredictionModel;
import dev.repurchase.common.predict.RepeatBuying;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * The cost of a prediction refit (SPEC 9) at a number of customers, outside the job: a population
 * drawn from the BG/NBD model itself (CDNOW's published parameters, first purchases spread over a
 * year, one year observed) and its sufficient data as the prediction fit keeps it; the CPU and wall
 * time of a fit from unit parameters (the first), of one from the previous fit (every later one),
 * and of the predictions of every customer under the new model (the math of the customer operator's
 * recompute, without its state reads and profile rows). The state the prediction adds is the fit's
 * counts (an 8-byte key and an 8-byte count each) shared by all customers: the customer operator
 * keeps nothing more per customer.
 */
final class RefitCost {

    /** The population's parameters: CDNOW's, per week. */
    static final BgNbd TRUTH = new BgNbd(0.243, 4.414, 0.793, 2.426);

    private static final int YEAR = 365;
    private static final int HORIZON_DAYS = 90;

    /** Seconds of the measuring thread's CPU and of the wall clock. */
    record Cost(double cpuSeconds, double wallSeconds) {}

    record Figures(
            int customers,
            int repeatKeys,
            int spendKeys,
            Cost firstFit,
            Cost refit,
            Cost predictions,
            BgNbd fitted) {

        /** Raw bytes of the fit's counts per customer (RocksDB adds its per-entry overhead). */
        double bytesPerCustomer() {
            return (repeatKeys + spendKeys) * 16.0 / customers;
        }
    }

    private RefitCost() {}

    static Figures measure(int customers, long seed) {
        RandomGenerator random = new Well19937c(seed);
        GammaDistribution rates = new GammaDistribution(random, TRUTH.r(), 1 / TRUTH.alpha());
        BetaDistribution dropouts = new BetaDistribution(random, TRUTH.a(), TRUTH.b());
        List<RepeatBuying> population = new ArrayList<>(customers);
        Map<Long, Long> repeat = new HashMap<>();
        Map<Long, Long> spend = new HashMap<>();
        for (int c = 0; c < customers; c++) {
            RepeatBuying buying =
                    customer(random, rates.sample() / 7, dropouts.sample(), random.nextInt(YEAR));
            population.add(buying);
            repeat.merge(buying.repeatKey(), 1L, Long::sum);
            if (buying.hasRepeatSpend()) {
                spend.merge(buying.spendKey(), 1L, Long::sum);
            }
        }
        ModelData data = new ModelData();
        repeat.forEach(data::addRepeat);
        spend.forEach(data::addSpend);

        PredictionModel[] fits = new PredictionModel[2];
        Cost first = time(() -> fits[0] = data.fit(0, YEAR, null, null));
        Cost refit = time(() -> fits[1] = data.fit(0, YEAR, null, fits[0]));
        Cost predictions =
                time(
                        () -> {
                            double sum = 0;
                            for (RepeatBuying buying : population) {
                                sum += Prediction.of(buying, fits[1], YEAR, HORIZON_DAYS).pAlive();
                            }
                            return sum;
                        });
        return new Figures(
                customers, repeat.size(), spend.size(), first, refit, predictions, fits[0].bgNbd());
    }

    private static Cost time(Supplier<?> work) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        work.get();
        return new Cost(
                (threads.getCurrentThreadCpuTime() - cpu) / 1e9, (System.nanoTime() - wall) / 1e9);
    }

    /**
     * One customer from day {@code firstDay} to the end of the year: purchases at {@code perDay}
     * (Poisson), each repeat purchase followed by dropping out with probability {@code dropout}.
     */
    private static RepeatBuying customer(
            RandomGenerator random, double perDay, double dropout, int firstDay) {
        TreeSet<Integer> days = new TreeSet<>();
        days.add(firstDay);
        long repeatCents = 0;
        double t = firstDay;
        while (true) {
            t += -Math.log(1 - random.nextDouble()) / perDay;
            if (t >= YEAR) {
                break;
            }
            if (days.add((int) t)) {
                repeatCents += 1_000 + random.nextInt(9_000);
            }
            if (random.nextDouble() < dropout) {
                break;
            }
        }
        return new RepeatBuying(days.size() - 1, days.last() - firstDay, firstDay, repeatCents);
    }
}
