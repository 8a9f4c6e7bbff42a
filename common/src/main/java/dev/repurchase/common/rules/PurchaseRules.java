package dev.repurchase.common.rules;

import dev.repurchase.common.config.RepurchaseOptions;
import dev.repurchase.common.order.Money;
import dev.repurchase.common.order.Order;
import dev.repurchase.common.order.OrderStatus;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Decides whether an order is a valid purchase, excluded (and why), or not a purchase yet (SPEC
 * section 2). The first rule that applies gives the reason.
 */
public final class PurchaseRules implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The verdict on one order. */
    public enum Verdict {
        /** Payment not captured yet: neither a purchase nor an exclusion. */
        PENDING,
        VALID,
        EXCLUDED
    }

    private final long maxOrderCents;
    private final long bulkMaxQuantity;
    private final long bulkMaxCents;
    private final Set<String> excludedCustomers;

    public PurchaseRules(
            BigDecimal maxOrderAmount,
            long bulkMaxQuantity,
            BigDecimal bulkMaxAmount,
            Set<String> excludedCustomers) {
        this.maxOrderCents = Money.toCents(maxOrderAmount);
        this.bulkMaxQuantity = bulkMaxQuantity;
        this.bulkMaxCents = Money.toCents(bulkMaxAmount);
        this.excludedCustomers = Set.copyOf(excludedCustomers);
    }

    public static PurchaseRules from(ReadableConfig config) {
        return new PurchaseRules(
                new BigDecimal(config.get(RepurchaseOptions.MAX_ORDER_AMOUNT)),
                config.get(RepurchaseOptions.BULK_MAX_QUANTITY),
                new BigDecimal(config.get(RepurchaseOptions.BULK_MAX_AMOUNT)),
                Set.copyOf(
                        config.getOptional(RepurchaseOptions.EXCLUDED_CUSTOMERS)
                                .orElse(java.util.List.of())));
    }

    /** PENDING, VALID, or EXCLUDED with {@link #exclusion}. */
    public Verdict verdict(Order order, long totalQuantity) {
        if (order.status == OrderStatus.PENDING_PAYMENT) {
            return Verdict.PENDING;
        }
        return exclusion(order, totalQuantity).isPresent() ? Verdict.EXCLUDED : Verdict.VALID;
    }

    /** True if lines of this total quantity make any order bulk, whatever its row. */
    public boolean bulkByQuantity(long totalQuantity) {
        return totalQuantity > bulkMaxQuantity;
    }

    /**
     * The reason an order that is not pending is excluded, or empty if it is a valid purchase.
     *
     * @param totalQuantity the sum of the quantities of the order's lines
     */
    public Optional<ExclusionReason> exclusion(Order order, long totalQuantity) {
        if (order.status == OrderStatus.CANCELLED) {
            return Optional.of(ExclusionReason.CANCELLED);
        }
        if (order.status == OrderStatus.REFUNDED
                || (order.totalCents > 0 && order.refundedCents >= order.totalCents)) {
            return Optional.of(ExclusionReason.REFUNDED);
        }
        long net = order.netCents();
        if (net <= 0
                || net > maxOrderCents
                || order.customerId == null
                || order.customerId.isEmpty()
                || excludedCustomers.contains(order.customerId)) {
            return Optional.of(ExclusionReason.ABNORMAL);
        }
        if (totalQuantity > bulkMaxQuantity || net > bulkMaxCents) {
            return Optional.of(ExclusionReason.BULK);
        }
        return Optional.empty();
    }
}
