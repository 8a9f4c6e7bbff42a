package dev.repurchase.jobs.predict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.period.BusinessCalendar;
import dev.repurchase.common.predict.BgNbd;
import dev.repurchase.common.predict.PredictionModel;
import dev.repurchase.common.predict.PredictionSettings;
import dev.repurchase.common.predict.RepeatBuying;
import dev.repurchase.common.predict.RepeatBuyingChange;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fit's schedule and data (SPEC 9): every 7 days of event time at the start of a local day
 * (Asia/Shanghai, UTC+8), the first one 7 days after the first change, and once at the end of a
 * replay; the customers counted are those whose summaries entered and did not leave.
 */
class PredictionFitTest {

    private static final String ZONE = "Asia/Shanghai";

    /** A change read on Monday 3 March 2025, 10:00 local time. */
    private static final long MAR_03 = Instant.parse("2025-03-03T02:00:00Z").toEpochMilli();

    /** Monday 10 March 2025, 00:00 local time (16:00 UTC the day before). */
    private static final long MAR_10 = Instant.parse("2025-03-09T16:00:00Z").toEpochMilli();

    private static final long MAR_17 = Instant.parse("2025-03-16T16:00:00Z").toEpochMilli();
    private static final long MAR_24 = Instant.parse("2025-03-23T16:00:00Z").toEpochMilli();

    private static final long END = Instant.parse("2025-04-09T12:00:00Z").toEpochMilli();

    private static final long FIRST_DAY = LocalDate.of(2025, 1, 6).toEpochDay();

    private KeyedOneInputStreamOperatorTestHarness<String, RepeatBuyingChange, PredictionModel>
            harness;

    private void start(BgNbd fixed) throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new PredictionFit(
                                new PredictionSettings(
                                        new BusinessCalendar(ZONE), 7, fixed, 90, END)),
                        change -> PredictionFit.ALL,
                        Types.STRING);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void fitsEverySevenLocalDaysAndAtTheEndOfTheReplay() throws Exception {
        start(null);
        population(MAR_03);

        harness.processWatermark(new Watermark(MAR_10 - 1));
        assertThat(models()).isEmpty();
        harness.processWatermark(new Watermark(MAR_10));
        assertThat(models()).extracting(PredictionModel::fittedAt).containsExactly(MAR_10);

        harness.processWatermark(new Watermark(MAR_17));
        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        // The fit of 24 March was due when event time jumped from 17 March past the fits of 31
        // March and 7 April to its end: only the latest of those, at the end of the replay, runs.
        assertThat(models())
                .extracting(PredictionModel::fittedAt)
                .containsExactly(MAR_10, MAR_17, MAR_24, END);
    }

    @Test
    void aCustomerWhoseSummaryLeftIsNotCounted() throws Exception {
        start(null);
        population(MAR_03);
        RepeatBuying before = new RepeatBuying(1, 20, FIRST_DAY, 5_000);
        RepeatBuying after = new RepeatBuying(2, 40, FIRST_DAY, 9_000);
        change(before, 1, MAR_03);
        change(before, -1, MAR_03 + 1);
        change(after, 1, MAR_03 + 1);
        change(after, -1, MAR_03 + 2); // all purchases refunded

        harness.processWatermark(new Watermark(MAR_10));

        assertThat(models())
                .singleElement()
                .satisfies(m -> assertThat(m.customers()).isEqualTo(population()));
    }

    @Test
    void fixedParametersArePublishedAsGiven() throws Exception {
        BgNbd fixed = new BgNbd(0.243, 4.414, 0.793, 2.426);
        start(fixed);
        population(MAR_03);

        harness.processWatermark(new Watermark(MAR_10));

        PredictionModel model = models().get(0);
        assertThat(model.bgNbd()).isEqualTo(fixed);
        // Gamma-Gamma is fitted all the same: customers with a repeat spend exist.
        assertThat(model.gammaGamma()).isNotNull();
        double expected = 0;
        for (RepeatBuying c : customers()) {
            double t = (LocalDate.of(2025, 3, 10).toEpochDay() - c.firstDay()) / 7.0;
            expected += fixed.logLikelihood(c.x(), c.recencyDays() / 7.0, t);
        }
        assertThat(model.logLikelihood())
                .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
    }

    /**
     * SPEC 9: after a replay the predictions hold the values as of its end, whatever failures
     * happened. After a restore the fits before the end saw other customers (what had been read by
     * their event time), and the state's maps iterate in another order: the last fit is the same
     * all the same, bit for bit.
     */
    @Test
    void theFitAtTheEndOfAReplayDependsOnTheFinalCountsAlone() throws Exception {
        start(null);
        population(MAR_03);
        harness.processWatermark(new Watermark(MAR_17));
        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        List<PredictionModel> whole = models();
        harness.close();

        start(null);
        List<RepeatBuying> reversed = new ArrayList<>(customers());
        Collections.reverse(reversed);
        for (RepeatBuying c : reversed.subList(2, reversed.size())) {
            change(c, 1, MAR_03);
        }
        harness.processWatermark(new Watermark(MAR_10));
        for (RepeatBuying c : reversed.subList(0, 2)) {
            change(c, 1, MAR_10 + 1);
        }
        harness.processWatermark(new Watermark(MAR_17));
        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        List<PredictionModel> restored = models();

        assertThat(restored.get(0)).as("the first fits").isNotEqualTo(whole.get(0));
        assertThat(restored.get(restored.size() - 1).fittedAt()).isEqualTo(END);
        assertThat(restored.get(restored.size() - 1)).isEqualTo(whole.get(whole.size() - 1));
    }

    /** A population in which the likelihood has an interior maximum. */
    private static List<RepeatBuying> customers() {
        return List.of(
                new RepeatBuying(0, 0, FIRST_DAY, 0),
                new RepeatBuying(0, 0, FIRST_DAY + 3, 0),
                new RepeatBuying(0, 0, FIRST_DAY + 10, 0),
                new RepeatBuying(1, 10, FIRST_DAY, 4_000),
                new RepeatBuying(1, 40, FIRST_DAY + 1, 2_500),
                new RepeatBuying(2, 30, FIRST_DAY, 7_000),
                new RepeatBuying(3, 50, FIRST_DAY + 2, 12_000),
                new RepeatBuying(4, 55, FIRST_DAY, 20_000),
                new RepeatBuying(0, 0, FIRST_DAY + 20, 0),
                new RepeatBuying(1, 5, FIRST_DAY + 5, 1_000));
    }

    private static long population() {
        return customers().size();
    }

    private void population(long at) throws Exception {
        for (RepeatBuying c : customers()) {
            change(c, 1, at);
        }
    }

    private void change(RepeatBuying buying, int sign, long at) throws Exception {
        harness.processElement(new StreamRecord<>(new RepeatBuyingChange(buying, sign), at));
    }

    private List<PredictionModel> models() {
        return harness.extractOutputValues();
    }
}
