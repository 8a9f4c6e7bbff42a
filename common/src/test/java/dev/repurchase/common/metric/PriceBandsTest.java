package dev.repurchase.common.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PriceBandsTest {

    private final PriceBands bands = PriceBands.parse(List.of("0", "50", "100", "200", "500"));

    @Test
    void lowerBoundIsInclusive() {
        assertThat(bands.label(4999)).isEqualTo("0-50");
        assertThat(bands.label(5000)).isEqualTo("50-100");
        assertThat(bands.label(50000)).isEqualTo("500+");
        assertThat(bands.label(-1)).isEqualTo("<0");
    }

    @Test
    void boundsArePrintedWithoutTrailingZeros() {
        assertThat(PriceBands.parse(List.of("12.50", "20")).label(1300)).isEqualTo("12.5-20");
    }

    @Test
    void boundsMustAscend() {
        assertThatThrownBy(() -> PriceBands.parse(List.of("50", "10")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
