package dev.repurchase.common.metric;

import dev.repurchase.common.order.Purchase;
import java.time.Instant;
import java.util.Arrays;

/** Builds purchases for tests: {@code purchase("A", "2025-01-05T10:00:00Z", 1000, "coffee")}. */
final class Purchases {

    private Purchases() {}

    static Purchase purchase(String orderId, String at, long netCents, String... categories) {
        Purchase p = new Purchase();
        p.orderId = orderId;
        p.purchasedAt = Instant.parse(at).toEpochMilli();
        p.netCents = netCents;
        p.categories = categories.clone();
        Arrays.sort(p.categories);
        p.primaryCategory = categories.length == 0 ? null : categories[0];
        p.channel = "app";
        p.region = "north";
        return p;
    }
}
