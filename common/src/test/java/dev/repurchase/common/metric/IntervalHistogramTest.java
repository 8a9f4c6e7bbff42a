package dev.repurchase.common.metric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.metric.IntervalHistogram.IntervalStats;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class IntervalHistogramTest {

    private static long[] histogramOf(int... days) {
        long[] h = new long[0];
        for (int d : days) {
            h = IntervalHistogram.add(h, d, 1);
        }
        return h;
    }

    @Test
    void statsAreRanksOnWholeDays() {
        IntervalStats stats = IntervalHistogram.stats(histogramOf(10, 9, 8, 7, 6, 5, 4, 3, 2, 1));

        assertThat(stats.intervals()).isEqualTo(10);
        assertThat(stats.meanDays()).isEqualByComparingTo("5.50");
        // lower median: the ceil(10/2) = 5th smallest; p25: ceil(2.5) = 3rd; p75: 8th; p90: 9th
        assertThat(stats.medianDays()).isEqualTo(5);
        assertThat(stats.p25Days()).isEqualTo(3);
        assertThat(stats.p75Days()).isEqualTo(8);
        assertThat(stats.p90Days()).isEqualTo(9);
    }

    @Test
    void lowerMedianOfAnEvenCount() {
        assertThat(IntervalHistogram.stats(histogramOf(1, 100)).medianDays()).isEqualTo(1);
    }

    @Test
    void meanIsRoundedHalfUp() {
        // 9 / 8 = 1.125
        assertThat(IntervalHistogram.stats(histogramOf(1, 1, 1, 1, 1, 1, 1, 2)).meanDays())
                .isEqualTo(new BigDecimal("1.13"));
    }

    @Test
    void removingEveryIntervalEmptiesTheHistogram() {
        long[] h = IntervalHistogram.add(histogramOf(3, 5), 3, -1);
        assertThat(h).containsExactly(5, 1);
        assertThat(IntervalHistogram.stats(IntervalHistogram.add(h, 5, -1))).isNull();
    }

    @Test
    void bucketsStaySorted() {
        assertThat(histogramOf(30, 1, 7, 7)).containsExactly(1, 1, 7, 2, 30, 1);
    }
}
