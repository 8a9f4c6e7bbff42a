package dev.repurchase.common.order;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Amounts travel as whole cents in a {@code long}: the sink tables hold DECIMAL with 2 places, and
 * sums of longs are exact and cheap. Inputs with more places are rounded half-up once, on decode.
 */
public final class Money {

    private Money() {}

    public static long toCents(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).unscaledValue().longValueExact();
    }

    public static BigDecimal fromCents(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }
}
