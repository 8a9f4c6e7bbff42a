package dev.repurchase.cli.debezium;

import dev.repurchase.cli.debezium.ShopOrder.Line;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A year of a small coffee-and-tea shop, generated from a seed: a few dozen customers with one to
 * six orders each, mostly of their favourite category, over several channels, regions and
 * campaigns; some orders cancelled, refunded in full or in part, or still waiting for payment; a
 * free sample (zero value) and a wholesale order, so every exclusion reason occurs.
 */
final class ShopHistory {

    static final int CUSTOMERS = 36;

    static final OffsetDateTime YEAR_START =
            OffsetDateTime.of(2025, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final int SECONDS_OF_YEAR = 365 * 24 * 3600;

    private record Product(String sku, String category, String price) {}

    private static final List<Product> PRODUCTS =
            List.of(
                    new Product("beans-ethiopia-250g", "coffee", "89.00"),
                    new Product("beans-colombia-250g", "coffee", "75.50"),
                    new Product("drip-bags-10", "coffee", "39.90"),
                    new Product("oolong-100g", "tea", "45.00"),
                    new Product("green-tea-100g", "tea", "38.00"),
                    new Product("butter-cookies", "snacks", "12.90"),
                    new Product("mixed-nuts", "snacks", "25.00"),
                    new Product("mug-white", "mugs", "29.90"),
                    new Product("paper-filters-100", "filters", "9.90"));

    private static final List<String> CHANNELS = List.of("app", "web", "mini-program", "store");
    private static final List<String> REGIONS = List.of("north", "south", "east", "west");

    private ShopHistory() {}

    static List<ShopOrder> generate(long seed) {
        Random random = new Random(seed);
        List<ShopOrder> orders = new ArrayList<>();
        int orderNo = 1000;
        for (int c = 1; c <= CUSTOMERS; c++) {
            String customer = String.format("c-%03d", c);
            Product favourite = PRODUCTS.get(random.nextInt(PRODUCTS.size()));
            String region = REGIONS.get(random.nextInt(REGIONS.size()));
            String campaign = random.nextInt(4) == 0 ? "spring-sale" : null;
            int count = 1 + random.nextInt(3) + (random.nextBoolean() ? random.nextInt(4) : 0);
            for (int i = 0; i < count; i++) {
                OffsetDateTime createdAt = YEAR_START.plusSeconds(random.nextInt(SECONDS_OF_YEAR));
                String channel = CHANNELS.get(random.nextInt(CHANNELS.size()));
                List<Line> lines = lines(random, favourite);
                orders.add(
                        withStatus(
                                random,
                                "o-" + ++orderNo,
                                customer,
                                createdAt,
                                channel,
                                region,
                                i == 0 ? campaign : null,
                                lines));
            }
        }
        OffsetDateTime sampleDay = OffsetDateTime.of(2025, 7, 1, 9, 30, 0, 0, ZoneOffset.UTC);
        orders.add(
                ShopOrder.paid(
                        "o-free-sample",
                        "c-001",
                        "COMPLETED",
                        sampleDay,
                        "store",
                        "north",
                        null,
                        List.of(new Line("drip-bags-10", "coffee", 1, new BigDecimal("0.00")))));
        orders.add(
                ShopOrder.paid(
                        "o-wholesale",
                        "c-002",
                        "COMPLETED",
                        sampleDay.plusDays(10),
                        "web",
                        "east",
                        null,
                        List.of(
                                new Line(
                                        "butter-cookies",
                                        "snacks",
                                        1500,
                                        new BigDecimal("12.90")))));
        return orders;
    }

    /** One to three lines, the first of the customer's favourite product. */
    private static List<Line> lines(Random random, Product favourite) {
        List<Line> lines = new ArrayList<>();
        lines.add(line(random, favourite));
        int more = random.nextInt(3);
        for (int i = 0; i < more; i++) {
            Product other = PRODUCTS.get(random.nextInt(PRODUCTS.size()));
            if (lines.stream().noneMatch(l -> l.sku().equals(other.sku()))) {
                lines.add(line(random, other));
            }
        }
        return lines;
    }

    private static Line line(Random random, Product product) {
        return new Line(
                product.sku(),
                product.category(),
                1 + random.nextInt(3),
                new BigDecimal(product.price()));
    }

    private static ShopOrder withStatus(
            Random random,
            String orderId,
            String customer,
            OffsetDateTime createdAt,
            String channel,
            String region,
            String campaign,
            List<Line> lines) {
        int dice = random.nextInt(100);
        if (dice < 4) {
            return ShopOrder.pending(orderId, customer, createdAt, channel, region, lines);
        }
        ShopOrder pendingOrder =
                ShopOrder.pending(orderId, customer, createdAt, channel, region, lines);
        if (dice < 11) {
            return pendingOrder.cancelled();
        }
        String status =
                dice < 18 ? "PAID" : dice < 26 ? "SHIPPED" : dice < 42 ? "DELIVERED" : "COMPLETED";
        ShopOrder order =
                ShopOrder.paid(
                        orderId, customer, status, createdAt, channel, region, campaign, lines);
        if (dice >= 42 && dice < 47) {
            return order.refunded("REFUNDED", order.totalAmount());
        }
        if (dice >= 47 && dice < 51) {
            return order.refunded("PARTIALLY_REFUNDED", lines.get(0).unitPrice());
        }
        return order;
    }
}
