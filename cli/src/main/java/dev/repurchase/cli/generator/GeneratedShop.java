package dev.repurchase.cli.generator;

import dev.repurchase.cli.replay.CustomerRecord;
import dev.repurchase.cli.replay.OrderHistory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A generated shop as of its profile's end: the order history (orders in {@code created_at} order,
 * each as it stands at the end; lines grouped by order), the coupons issued (in {@code issued_at}
 * order, redeemed only by orders of the history) and, with {@link ShopProfile.Growth}, the rows of
 * the customers table (in {@code registered_at} order).
 */
public record GeneratedShop(
        OrderHistory history, List<CouponRow> coupons, List<CustomerRecord> customers) {

    public GeneratedShop {
        coupons = List.copyOf(coupons);
        customers = List.copyOf(customers);
    }

    public TrafficSummary summary() {
        return TrafficSummary.of(this);
    }

    /**
     * Writes {@code orders.csv}, {@code order_items.csv} and {@code coupons.csv} (and {@code
     * customers.csv} if there are customers rows) into {@code directory}, in the format {@link
     * OrderHistory#read} (and {@code replay --customers}) reads.
     */
    public void write(Path directory) throws IOException {
        try (ShopCsv csv = ShopCsv.create(directory, !customers.isEmpty())) {
            csv.append(this);
        }
    }
}
