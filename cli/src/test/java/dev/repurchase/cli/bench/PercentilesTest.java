package dev.repurchase.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOfAHundredValues() {
        Percentiles p = Percentiles.of(LongStream.rangeClosed(1, 100).map(i -> 101 - i).toArray());

        assertThat(p.count()).isEqualTo(100);
        assertThat(p.p50()).isEqualTo(50);
        assertThat(p.p90()).isEqualTo(90);
        assertThat(p.p99()).isEqualTo(99);
        assertThat(p.max()).isEqualTo(100);
    }

    @Test
    void aSmallSampleHasItsLargestValueAsP99() {
        assertThat(Percentiles.of(new long[] {7, 3, 5}).p99()).isEqualTo(7);
        assertThat(Percentiles.of(new long[] {7, 3, 5}).p50()).isEqualTo(5);
    }

    @Test
    void noSamplesSaySo() {
        assertThat(Percentiles.of(new long[0])).isEqualTo(Percentiles.NONE);
        assertThat(Percentiles.NONE.toString()).isEqualTo("no samples");
    }
}
