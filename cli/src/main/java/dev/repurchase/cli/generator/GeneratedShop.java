package dev.repurchase.cli.generator;

import dev.repurchase.cli.replay.OrderHistory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A generated shop as of its profile's end: the order history (orders in {@code created_at} order,
 * each as it stands at the end; lines grouped by order) and the coupons issued (in {@code
 * issued_at} order, redeemed only by orders of the history).
 */
public record GeneratedShop(OrderHistory history, List<CouponRow> coupons) {

    public GeneratedShop {
        coupons = List.copyOf(coupons);
    }

    public TrafficSummary summary() {
        return TrafficSummary.of(this);
    }

    /**
     * Writes {@code orders.csv}, {@code order_items.csv} and {@code coupons.csv} into {@code
     * directory}, in the format {@link OrderHistory#read} reads.
     */
    public void write(Path directory) throws IOException {
        try (ShopCsv csv = ShopCsv.create(directory)) {
            csv.append(this);
        }
    }
}
