package dev.repurchase.jobs.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.customer.CategoryIntervals;
import dev.repurchase.common.lifecycle.CategoryCycle;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC 4.1: the learned cycle of coffee counts an interval only once its first purchase is the
 * horizon (30 days here) behind event time; a young shop has none.
 */
class LearnedCyclesTest {

    private static final Instant JAN_01 = Instant.parse("2025-01-01T10:00:00Z");
    private static final int HORIZON = 30;

    private KeyedOneInputStreamOperatorTestHarness<String, CategoryIntervals.Change, CategoryCycle>
            harness;

    private void start(Instant end) throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new LearnedCycles(HORIZON, end.toEpochMilli()),
                        change -> change.interval().category(),
                        Types.STRING);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private static Instant day(int n) {
        return JAN_01.plus(Duration.ofDays(n));
    }

    private void interval(Instant start, int days, int delta) throws Exception {
        harness.processElement(
                new StreamRecord<>(
                        new CategoryIntervals.Change(
                                new CategoryIntervals.Interval(
                                        "coffee", start.toEpochMilli(), days),
                                delta)));
    }

    private void timeIs(Instant now) throws Exception {
        harness.processWatermark(new Watermark(now.toEpochMilli()));
    }

    /** The cycles emitted, as "intervals/median". */
    private List<String> emitted() {
        return harness.extractOutputValues().stream()
                .map(c -> c.intervals + "/" + c.medianDays)
                .toList();
    }

    @Test
    void anIntervalCountsOnceItsStartIsTheHorizonBehindEventTime() throws Exception {
        start(day(1000));
        interval(JAN_01, 6, 1);
        interval(day(2), 25, 1);

        timeIs(day(HORIZON).minusMillis(1));
        assertThat(emitted()).as("nothing has matured").isEmpty();

        timeIs(day(HORIZON));
        assertThat(emitted()).containsExactly("1/6");

        timeIs(day(HORIZON + 2));
        assertThat(emitted()).containsExactly("1/6", "2/6");
    }

    @Test
    void aRefundTakesAnIntervalBackWhereverItIs() throws Exception {
        start(day(1000));
        interval(JAN_01, 6, 1);
        interval(day(1), 20, 1);
        interval(JAN_01, 6, -1); // refunded while maturing: never counts

        timeIs(day(HORIZON + 1));
        assertThat(emitted()).containsExactly("1/20");

        interval(day(1), 20, -1); // refunded once matured
        assertThat(emitted()).containsExactly("1/20", "0/0");
    }

    @Test
    void anIntervalThatAlreadyMaturedCountsAtOnce() throws Exception {
        start(day(1000));
        timeIs(day(100));

        interval(JAN_01, 12, 1);

        assertThat(emitted()).containsExactly("1/12");
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void nothingMaturesAfterTheEndOfEventTime() throws Exception {
        start(day(HORIZON - 1));
        interval(JAN_01, 6, 1);

        timeIs(Instant.parse("2100-01-01T00:00:00Z"));

        assertThat(emitted()).isEmpty();
    }
}
