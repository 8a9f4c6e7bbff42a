package dev.repurchase.jobs.abuse;

import dev.repurchase.common.config.AbuseOptions;
import dev.repurchase.common.order.Order;
import dev.repurchase.common.rules.ExclusionReason;
import dev.repurchase.jobs.config.PrivacyOptions;
import dev.repurchase.jobs.ingest.OrderOutcome;
import java.io.Serializable;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The flash sales of {@code abuse.campaigns} (SPEC 8.2), as the order versions see them: which
 * orders go through the abuse ranking, and what it is told of them.
 */
public final class FlashSales implements Serializable {

    private static final long serialVersionUID = 1L;

    /** No flash sales: every order goes straight to the customers. */
    public static final FlashSales NONE = new FlashSales(Set.of());

    private static final String BULK = ExclusionReason.BULK.label();

    private final Set<String> campaigns;

    public FlashSales(Set<String> campaigns) {
        this.campaigns = Set.copyOf(campaigns);
    }

    /**
     * @throws IllegalArgumentException if there are flash sales but no hash secret: the devices,
     *     IPs and addresses are never held in clear
     */
    public static FlashSales from(ReadableConfig config) {
        List<String> campaigns = config.get(AbuseOptions.CAMPAIGNS);
        if (!campaigns.isEmpty() && PrivacyOptions.contactHasher(config).isEmpty()) {
            throw new IllegalArgumentException(
                    AbuseOptions.CAMPAIGNS.key()
                            + " needs "
                            + PrivacyOptions.HASH_SECRET.key()
                            + ": devices, IPs and addresses are kept only as keyed hashes");
        }
        return new FlashSales(Set.copyOf(campaigns));
    }

    /** The flash sale of the order, or null if its campaign is none. */
    public String of(Order order) {
        return order == null || order.campaignId == null || !campaigns.contains(order.campaignId)
                ? null
                : order.campaignId;
    }

    /**
     * What the ranking of {@code flashSale} is told of an order (a null order row, deleted or not
     * arrived, tells it the order is gone).
     *
     * @param outcome what the order means without the abuse limits, or null
     */
    public FlashSaleOrder order(
            String flashSale, String orderId, Order order, OrderOutcome outcome) {
        FlashSaleOrder o = new FlashSaleOrder();
        o.campaignId = flashSale;
        o.orderId = orderId;
        o.outcome = outcome;
        if (order != null) {
            o.customerId = order.customerId;
            o.purchaseAt = order.purchaseTime();
            o.totalCents = order.totalCents;
            o.deviceHash = order.deviceHash;
            o.ipHash = order.ipHash;
            o.addressHash = order.addressHash;
        }
        // Captured and neither cancelled, refunded nor abnormal: a purchase, or bulk (abuse
        // comes before bulk among the reasons).
        o.ranked =
                order != null
                        && outcome != null
                        && flashSale.equals(order.campaignId)
                        && (outcome.purchase != null || BULK.equals(outcome.exclusionReason));
        return o;
    }
}
