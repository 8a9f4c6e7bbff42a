package dev.repurchase.cli.replay;

import dev.repurchase.common.order.OrderStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Two flash sales of a shop in Asia/Shanghai (11.11 and 12.12, local midnight) and the shop's
 * ordinary orders around them, for SPEC 8.2: a click farm (one phone, many accounts), an office
 * behind one IP, a family at one address, buyers who order twice from their phone; orders paid
 * hours after they were placed (the purchase time moves behind orders that counted), orders never
 * paid, cancelled, partly and fully refunded days later (an early order's refund clears the next
 * one's flag), a bulk order of the farm, blank device ids, the farm's phone in a campaign that is
 * no flash sale, and the sales' buyers buying again without a campaign in December.
 */
final class FlashSaleStory {

    static final String ELEVEN = "flash-1111";
    static final String TWELVE = "flash-1212";
    static final String NOT_A_FLASH_SALE = "autumn-promo";

    /** 11.11 00:00 in Asia/Shanghai. */
    private static final Instant ELEVEN_START = Instant.parse("2025-11-10T16:00:00Z");

    /** 12.12 00:00 in Asia/Shanghai. */
    private static final Instant TWELVE_START = Instant.parse("2025-12-11T16:00:00Z");

    static final String FARM_PHONE = "android-farm-7f3a";
    static final String OFFICE_IP = "203.0.113.77";
    static final String FAMILY_ADDRESS = "addr-9c1e55";

    private final Random random;
    private final List<OrderRow> orders = new ArrayList<>();
    private final List<ItemRow> items = new ArrayList<>();
    private int next;

    private FlashSaleStory(long seed) {
        this.random = new Random(seed);
    }

    /** The story alone, its orders in no particular order. */
    static OrderHistory history(long seed) {
        FlashSaleStory story = new FlashSaleStory(seed);
        story.tell();
        return new OrderHistory(story.orders, story.items);
    }

    /** The story's orders added to {@code shop}'s. */
    static OrderHistory within(OrderHistory shop, long seed) {
        OrderHistory story = history(seed);
        List<OrderRow> orders = new ArrayList<>(shop.orders());
        orders.addAll(story.orders());
        List<ItemRow> items = new ArrayList<>(shop.items());
        items.addAll(story.items());
        return new OrderHistory(orders, items);
    }

    private void tell() {
        // The click farm: one phone, eight accounts, a few IPs, an address each.
        for (int i = 1; i <= 8; i++) {
            Instant at = ELEVEN_START.plusSeconds(20 + 37L * i);
            Fate fate = i == 1 ? Fate.REFUNDED_LATER : i == 4 ? Fate.BULK : fate();
            order(
                    "farm-" + i,
                    ELEVEN,
                    at,
                    FARM_PHONE,
                    "198.51.100." + (1 + i % 3),
                    "addr-f" + i,
                    fate);
        }
        // An office behind one IP: six colleagues, each with a phone and an address of their own.
        for (int i = 1; i <= 6; i++) {
            Instant at = ELEVEN_START.plusSeconds(300 + 50L * i);
            Fate fate = i == 2 ? Fate.CANCELLED : i == 3 ? Fate.PAID_HOURS_LATER : fate();
            order("office-" + i, ELEVEN, at, "phone-o" + i, OFFICE_IP, "addr-o" + i, fate);
        }
        // A family at one address.
        for (int i = 1; i <= 3; i++) {
            Instant at = ELEVEN_START.plusSeconds(900 + 120L * i);
            Fate fate = i == 1 ? Fate.REFUNDED_LATER : fate();
            order("family-" + i, ELEVEN, at, "phone-f" + i, "100.64.0." + i, FAMILY_ADDRESS, fate);
        }
        // Ordinary buyers; some order twice from their phone, some have no device id.
        for (int i = 1; i <= 40; i++) {
            String customer = "buyer-" + i;
            String device = i % 9 == 0 ? "  " : "phone-b" + i;
            String ip = "100.96." + (i / 200) + "." + i;
            Instant at = ELEVEN_START.plusSeconds(random.nextInt(6 * 3600));
            order(customer, ELEVEN, at, device, ip, "addr-b" + i, fate());
            if (i % 5 == 0) {
                order(customer, ELEVEN, at.plusSeconds(600), device, ip, "addr-b" + i, fate());
            }
            if (i % 3 == 0) {
                // buying again without a campaign in December
                order(
                        customer,
                        null,
                        TWELVE_START.minusSeconds(86_400L * (1 + i % 7)),
                        null,
                        null,
                        null,
                        Fate.PAID);
            }
        }
        // The farm's phone again: in another flash sale (ranks start anew) and in a campaign that
        // is no flash sale (not ranked at all).
        for (int i = 1; i <= 3; i++) {
            order(
                    "farm-" + i,
                    TWELVE,
                    TWELVE_START.plusSeconds(60L * i),
                    FARM_PHONE,
                    "198.51.100.9",
                    "addr-f" + i,
                    i == 1 ? Fate.PAID_HOURS_LATER : Fate.PAID);
            order(
                    "farm-" + (4 + i),
                    NOT_A_FLASH_SALE,
                    ELEVEN_START.minusSeconds(86_400L * i),
                    FARM_PHONE,
                    null,
                    null,
                    Fate.PAID);
        }
    }

    private enum Fate {
        PAID,
        PAID_HOURS_LATER,
        NEVER_PAID,
        CANCELLED,
        PARTLY_REFUNDED,
        REFUNDED_LATER,
        BULK
    }

    private Fate fate() {
        int r = random.nextInt(100);
        if (r < 55) {
            return Fate.PAID;
        }
        if (r < 70) {
            return Fate.PAID_HOURS_LATER;
        }
        if (r < 78) {
            return Fate.NEVER_PAID;
        }
        if (r < 86) {
            return Fate.CANCELLED;
        }
        if (r < 93) {
            return Fate.PARTLY_REFUNDED;
        }
        return Fate.REFUNDED_LATER;
    }

    private void order(
            String customer,
            String campaign,
            Instant created,
            String device,
            String ip,
            String address,
            Fate fate) {
        String orderId = String.format("fs-%04d", ++next);
        long quantity = fate == Fate.BULK ? 2_000 : 1 + random.nextInt(3);
        BigDecimal price = new BigDecimal(fate == Fate.BULK ? "1.00" : "19.90");
        BigDecimal total = price.multiply(BigDecimal.valueOf(quantity));
        OrderStatus status = OrderStatus.COMPLETED;
        Instant paid = created.plusSeconds(5 + random.nextInt(40));
        Instant shipped = null;
        Instant delivered = null;
        Instant cancelled = null;
        Instant updated = null;
        BigDecimal refunded = null;
        switch (fate) {
            case PAID_HOURS_LATER:
                paid = created.plus(Duration.ofHours(3 + random.nextInt(4)));
                break;
            case NEVER_PAID:
                status = OrderStatus.PENDING_PAYMENT;
                paid = null;
                break;
            case CANCELLED:
                status = OrderStatus.CANCELLED;
                cancelled = created.plusSeconds(600 + random.nextInt(3600));
                paid = random.nextBoolean() ? null : paid;
                break;
            case PARTLY_REFUNDED:
                status = OrderStatus.PARTIALLY_REFUNDED;
                refunded = price;
                updated = created.plus(Duration.ofDays(3));
                break;
            case REFUNDED_LATER:
                status = OrderStatus.REFUNDED;
                refunded = total;
                updated = created.plus(Duration.ofDays(6));
                break;
            default:
                break;
        }
        if (status == OrderStatus.COMPLETED
                || status == OrderStatus.PARTIALLY_REFUNDED
                || status == OrderStatus.REFUNDED) {
            shipped = paid.plus(Duration.ofHours(20));
            delivered = shipped.plus(Duration.ofDays(2));
        }
        orders.add(
                new OrderRow(
                        orderId, customer, status, total, "CNY", "app", "east", campaign, null,
                        created, paid, shipped, delivered, null, cancelled, refunded, null, null,
                        updated, device, ip, address));
        items.add(
                new ItemRow(
                        orderId,
                        1,
                        "sku-" + (fate == Fate.BULK ? "b" : "s"),
                        "snacks",
                        quantity,
                        price));
    }
}
