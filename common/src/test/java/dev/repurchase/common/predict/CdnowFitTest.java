package dev.repurchase.common.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.period.BusinessCalendar;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * SPEC 9 on the CDNOW sample: the purchases up to 1997-09-30 give exactly the x, t_x and T of the
 * published summary, and the maximum-likelihood fits over them reproduce the published parameters
 * (BG/NBD and Gamma-Gamma) within 1 %.
 */
class CdnowFitTest {

    /** A zone east of UTC: the local date of a purchase at local noon is its CDNOW date. */
    private static final String ZONE = "Asia/Shanghai";

    private static final long TODAY = CdnowSample.CALIBRATION_END.toEpochDay();

    @Test
    void customerInputsAreThoseOfTheSummary() throws Exception {
        Map<String, RepeatBuying> inputs = inputs();
        List<CdnowSample.Summary> summary = CdnowSample.summary();
        assertThat(inputs).hasSize(summary.size());
        for (CdnowSample.Summary row : summary) {
            RepeatBuying r = inputs.get(row.customerId());
            assertThat(r.x()).as("x of %s", row.customerId()).isEqualTo(row.x());
            assertThat(twoDecimals(r.recencyWeeks()))
                    .as("t_x of %s", row.customerId())
                    .isEqualTo(row.tx());
            assertThat(twoDecimals(r.ageWeeks(TODAY)))
                    .as("T of %s", row.customerId())
                    .isEqualTo(row.t());
        }
    }

    @Test
    void fitReproducesThePublishedParameters() throws Exception {
        Map<Long, Long> counts = new TreeMap<>();
        for (RepeatBuying r : inputs().values()) {
            counts.merge(r.repeatKey(), 1L, Long::sum);
        }
        ModelData data = new ModelData();
        counts.forEach(data::addRepeat);

        PredictionModel model = data.fit(0, TODAY, null, null);

        BgNbd published = CdnowSample.PUBLISHED;
        assertThat(model.customers()).isEqualTo(2357);
        assertThat(model.bgNbd().r()).isCloseTo(published.r(), within(0.01 * published.r()));
        assertThat(model.bgNbd().alpha())
                .isCloseTo(published.alpha(), within(0.01 * published.alpha()));
        assertThat(model.bgNbd().a()).isCloseTo(published.a(), within(0.01 * published.a()));
        assertThat(model.bgNbd().b()).isCloseTo(published.b(), within(0.01 * published.b()));
        // The paper reports the maximum log-likelihood of the sample: -9582.4.
        assertThat(model.logLikelihood()).isCloseTo(-9582.4, within(0.1));
    }

    @Test
    void refitAfterADegenerateEarlyFitLandsOnTheOptimum() throws Exception {
        ModelData data = new ModelData();
        Map<Long, Long> counts = new HashMap<>();
        for (RepeatBuying r : inputs().values()) {
            counts.merge(r.repeatKey(), 1L, Long::sum);
        }
        counts.forEach(data::addRepeat);
        PredictionModel elsewhere = new PredictionModel(0, 1, new BgNbd(2, 20, 3, 10), 0, null);

        BgNbd refit = data.fit(0, TODAY, null, elsewhere).bgNbd();

        BgNbd published = CdnowSample.PUBLISHED;
        assertThat(refit.r()).isCloseTo(published.r(), within(0.01 * published.r()));
        assertThat(refit.alpha()).isCloseTo(published.alpha(), within(0.01 * published.alpha()));
        assertThat(refit.a()).isCloseTo(published.a(), within(0.01 * published.a()));
        assertThat(refit.b()).isCloseTo(published.b(), within(0.01 * published.b()));
    }

    @Test
    void refitAfterAFitRunOffToHugeParametersLandsOnTheOptimum() throws Exception {
        ModelData data = new ModelData();
        Map<Long, Long> counts = new HashMap<>();
        for (RepeatBuying r : inputs().values()) {
            counts.merge(r.repeatKey(), 1L, Long::sum);
        }
        counts.forEach(data::addRepeat);
        // Where a search over the first weeks of the replay once ended: the log-gammas of such
        // arguments are rounding noise, and their log-likelihood came out positive.
        PredictionModel runOff =
                new PredictionModel(0, 1437, new BgNbd(4.2e15, 1.0e16, 6410, 8.1e15), 0, null);

        PredictionModel refit = data.fit(0, TODAY, null, runOff);

        BgNbd published = CdnowSample.PUBLISHED;
        assertThat(refit.bgNbd().r()).isCloseTo(published.r(), within(0.01 * published.r()));
        assertThat(refit.bgNbd().b()).isCloseTo(published.b(), within(0.01 * published.b()));
        assertThat(refit.logLikelihood()).isCloseTo(-9582.4, within(0.1));
    }

    @Test
    void spendFitReproducesThePublishedGammaGammaParameters() throws Exception {
        ModelData data = new ModelData();
        Map<Long, Long> repeat = new HashMap<>();
        Map<Long, Long> spend = new HashMap<>();
        for (RepeatBuying r : inputs().values()) {
            repeat.merge(r.repeatKey(), 1L, Long::sum);
            if (r.hasRepeatSpend()) {
                spend.merge(r.spendKey(), 1L, Long::sum);
            }
        }
        repeat.forEach(data::addRepeat);
        spend.forEach(data::addSpend);

        GammaGamma fitted = data.fit(0, TODAY, null, null).gammaGamma();

        // Fader and Hardie (2013), "The Gamma-Gamma Model of Monetary Value", on the mean spend of
        // the repeat purchases of the same customers: p = 6.25, q = 3.74, gamma = 15.44.
        assertThat(fitted.p()).isCloseTo(6.25, within(0.01 * 6.25));
        assertThat(fitted.q()).isCloseTo(3.74, within(0.01 * 3.74));
        assertThat(fitted.gamma()).isCloseTo(15.44, within(0.01 * 15.44));
    }

    /** Each customer's purchases up to the end of calibration, at local noon of their date. */
    private static Map<String, RepeatBuying> inputs() throws Exception {
        ZoneId zone = ZoneId.of(ZONE);
        Map<String, List<Purchase>> byCustomer = new HashMap<>();
        int n = 0;
        for (CdnowSample.Transaction t : CdnowSample.transactions()) {
            if (t.date().isAfter(CdnowSample.CALIBRATION_END)) {
                continue;
            }
            Purchase p = new Purchase();
            p.orderId = "o" + n++;
            p.purchasedAt = t.date().atTime(12, 0).atZone(zone).toInstant().toEpochMilli();
            p.netCents = new BigDecimal(t.dollars()).movePointRight(2).longValueExact();
            byCustomer.computeIfAbsent(t.customerId(), c -> new ArrayList<>()).add(p);
        }
        BusinessCalendar calendar = new BusinessCalendar(ZONE);
        Map<String, RepeatBuying> inputs = new HashMap<>();
        byCustomer.forEach((c, purchases) -> inputs.put(c, RepeatBuying.of(purchases, calendar)));
        return inputs;
    }

    private static double twoDecimals(double weeks) {
        return BigDecimal.valueOf(weeks).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }
}
