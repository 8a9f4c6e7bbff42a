package dev.repurchase.common.metric;

import dev.repurchase.common.order.Money;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;

/**
 * The {@code price_band} dimension: ascending bounds b0 &lt; b1 &lt; ... &lt; bn give the labels
 * "&lt;b0", "b0-b1", ..., "bn+" (lower bound inclusive).
 */
public final class PriceBands implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long[] boundCents;
    private final String[] labels;

    public PriceBands(List<BigDecimal> bounds) {
        boundCents = new long[bounds.size()];
        labels = new String[bounds.size() + 1];
        for (int i = 0; i < bounds.size(); i++) {
            boundCents[i] = Money.toCents(bounds.get(i));
            if (i > 0 && boundCents[i] <= boundCents[i - 1]) {
                throw new IllegalArgumentException("price bands must ascend: " + bounds);
            }
        }
        if (bounds.isEmpty()) {
            throw new IllegalArgumentException("at least one price band bound is needed");
        }
        labels[0] = "<" + text(bounds.get(0));
        for (int i = 0; i + 1 < bounds.size(); i++) {
            labels[i + 1] = text(bounds.get(i)) + "-" + text(bounds.get(i + 1));
        }
        labels[bounds.size()] = text(bounds.get(bounds.size() - 1)) + "+";
    }

    public static PriceBands parse(List<String> bounds) {
        return new PriceBands(bounds.stream().map(String::trim).map(BigDecimal::new).toList());
    }

    /** The band label of a net amount in cents. */
    public String label(long netCents) {
        int band = 0;
        while (band < boundCents.length && netCents >= boundCents[band]) {
            band++;
        }
        return labels[band];
    }

    private static String text(BigDecimal bound) {
        return bound.stripTrailingZeros().toPlainString();
    }
}
