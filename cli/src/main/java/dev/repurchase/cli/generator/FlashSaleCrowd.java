package dev.repurchase.cli.generator;

import dev.repurchase.cli.generator.CustomerSimulator.Traits;
import dev.repurchase.cli.replay.CustomerRecord;
import dev.repurchase.cli.replay.ItemRow;
import dev.repurchase.cli.replay.OrderRow;
import dev.repurchase.common.order.OrderStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The crowd of a {@link ShopProfile.FlashSale}: new accounts only (numbered after the test
 * account), each registered before the sale and ordering the sale's SKU at half price within its
 * hour. The click farm's accounts share one phone and a few IPs; the office's colleagues one IP;
 * the deal seekers have their own phone and IP, every seventh shares an address with another, every
 * fifth orders a second time from the same phone. Days later the farm's first order and the first
 * colleague's are refunded, which clears the flag of the next in line; two of the farm's flagged
 * orders are refunded too, one in full (the rest move up), one in part (it stays flagged). One
 * stream of random draws: deterministic from the seed.
 */
final class FlashSaleCrowd {

    private static final long MINUTE = 60;
    private static final long HOUR = 3_600;
    private static final long DAY = 86_400;
    private static final int HALF_PRICE = 50;

    private enum Fate {
        PAID,
        PAID_HOURS_LATER,
        NEVER_PAID,
        CANCELLED,
        PARTLY_REFUNDED,
        REFUNDED
    }

    private record Placed(OrderRow order, ItemRow item) {}

    private final CustomerSimulator simulator;
    private final ShopProfile.FlashSale sale;
    private final long opens;
    private final SplittableRandom random;
    private final Catalog.Category category;
    private final List<Placed> placed = new ArrayList<>();
    private final List<CustomerRecord> accounts = new ArrayList<>();
    private int next;

    FlashSaleCrowd(CustomerSimulator simulator, ShopProfile.FlashSale sale, long opens) {
        this.simulator = simulator;
        this.sale = sale;
        this.opens = opens;
        this.random = simulator.growthRandom(-1);
        this.category = simulator.flashSaleCategory();
        this.next = simulator.profile().customers() + 1;
    }

    CustomerTraffic simulate() {
        ShopProfile profile = simulator.profile();
        if (opens < profile.start().getEpochSecond()
                || opens + HOUR > profile.end().getEpochSecond()) {
            return new CustomerTraffic(List.of(), List.of(), List.of(), List.of());
        }
        clickFarm();
        office();
        dealSeekers();
        placed.sort(Comparator.comparing((Placed p) -> p.order().createdAt()));
        accounts.sort(
                Comparator.comparing(CustomerRecord::registeredAt)
                        .thenComparing(CustomerRecord::customerId));
        return new CustomerTraffic(
                placed.stream().map(Placed::order).toList(),
                placed.stream().map(Placed::item).toList(),
                List.of(),
                accounts);
    }

    /** One phone, a few IPs, an address per account; accounts invited by the first. */
    private void clickFarm() {
        String phone = CustomerSimulator.phone(random);
        String device = "dev-" + Long.toHexString(random.nextLong() >>> 16);
        String[] ips = {ip(), ip(), ip()};
        String inviter = null;
        for (int k = 0; k < sale.farmAccounts(); k++) {
            int index = next++;
            Traits own = CustomerSimulator.traits(simulator.growthRandom(index));
            String id = register(index, opens - 2 * HOUR + k * 3 * MINUTE, inviter);
            inviter = inviter == null ? id : inviter;
            // minutes apart: paid within two, they stay in this order
            long created = opens + 15 + 150L * k;
            order(
                    index,
                    created,
                    phone,
                    CustomerSimulator.email(random),
                    new Traits(device, ips[k % ips.length], own.addressHash(), 0),
                    2,
                    k == 0 || k == 3 ? Fate.REFUNDED : k == 5 ? Fate.PARTLY_REFUNDED : Fate.PAID);
        }
    }

    /** Colleagues behind the office's IP; the first invited the others. */
    private void office() {
        String officeIp = ip();
        String inviter = null;
        for (int c = 0; c < sale.colleagues(); c++) {
            int index = next++;
            SplittableRandom own = simulator.growthRandom(index);
            Traits traits = CustomerSimulator.traits(own);
            // a day after the one who invited them, the first a week before the sale
            long registered = opens - (sale.colleagues() + 1 - c) * DAY + own.nextLong(8 * HOUR);
            String id =
                    register(
                            index,
                            registered,
                            inviter != null
                                    ? inviter
                                    : simulator.inviter(
                                            simulator.customerId(index), clamp(registered), own));
            inviter = inviter == null ? id : inviter;
            Fate fate = c == 0 ? Fate.REFUNDED : c == 2 ? Fate.PAID_HOURS_LATER : Fate.PAID;
            order(
                    index,
                    opens + 25 * MINUTE + 150L * c,
                    CustomerSimulator.phone(random),
                    CustomerSimulator.email(random),
                    new Traits(traits.deviceId(), officeIp, traits.addressHash(), 0),
                    1,
                    fate);
        }
    }

    /**
     * Deal seekers with a phone, an IP and an address of their own, but every seventh lives with
     * the one before (another phone and IP, the same address).
     */
    private void dealSeekers() {
        String previousAddress = null;
        for (int b = 0; b < sale.buyers(); b++) {
            int index = next++;
            SplittableRandom own = simulator.growthRandom(index);
            Traits traits = CustomerSimulator.traits(own);
            if (b % 7 == 6) {
                traits =
                        new Traits(
                                traits.deviceId(),
                                traits.clientIp(),
                                previousAddress,
                                traits.registrationLead());
            }
            previousAddress = traits.addressHash();
            long registered = opens - 10 * MINUTE - own.nextLong(7 * DAY);
            register(
                    index,
                    registered,
                    simulator.inviter(simulator.customerId(index), clamp(registered), own));
            long created = opens + random.nextLong(HOUR - 11 * MINUTE);
            String phone = CustomerSimulator.phone(random);
            String email = CustomerSimulator.email(random);
            order(index, created, phone, email, traits, 1, fate(b));
            if (b % 5 == 4) {
                order(index, created + 10 * MINUTE, phone, email, traits, 1, Fate.PAID);
            }
        }
    }

    /** Of ten deal seekers, one cancels, one never pays, one pays hours later, one returns half. */
    private static Fate fate(int buyer) {
        return switch (buyer % 10) {
            case 3 -> Fate.CANCELLED;
            case 5 -> Fate.PAID_HOURS_LATER;
            case 7 -> Fate.NEVER_PAID;
            case 8 -> Fate.PARTLY_REFUNDED;
            default -> Fate.PAID;
        };
    }

    private String register(int index, long registered, String inviter) {
        String id = simulator.customerId(index);
        accounts.add(new CustomerRecord(id, inviter, Instant.ofEpochSecond(clamp(registered))));
        return id;
    }

    private long clamp(long second) {
        return Math.max(simulator.profile().start().getEpochSecond(), second);
    }

    /** A mobile carrier's address (CGNAT range), as shops see their app's customers. */
    private String ip() {
        return "100."
                + (64 + random.nextInt(64))
                + '.'
                + random.nextInt(256)
                + '.'
                + (1 + random.nextInt(254));
    }

    private void order(
            int index,
            long created,
            String phone,
            String email,
            Traits traits,
            long quantity,
            Fate fate) {
        ShopProfile profile = simulator.profile();
        String orderId = CustomerSimulator.orderId(created, simulator.number(index));
        long totalCents = quantity * category.cents(0, HALF_PRICE);
        long paid = created + 20 + random.nextLong(100);
        long cancelled = -1;
        long updated;
        long refundedCents = 0;
        OrderStatus status;
        switch (fate) {
            case NEVER_PAID -> {
                status = OrderStatus.PENDING_PAYMENT;
                paid = -1;
            }
            case CANCELLED -> {
                status = OrderStatus.CANCELLED;
                paid = -1;
                cancelled = created + 5 * MINUTE + random.nextLong(HOUR);
            }
            case PAID_HOURS_LATER -> {
                status = OrderStatus.COMPLETED;
                paid = created + HOUR + random.nextLong(5 * HOUR);
            }
            case PARTLY_REFUNDED -> status = OrderStatus.PARTIALLY_REFUNDED;
            case REFUNDED -> status = OrderStatus.REFUNDED;
            default -> status = OrderStatus.COMPLETED;
        }
        long shipped = paid < 0 ? -1 : paid + 20 * HOUR;
        long delivered = paid < 0 ? -1 : shipped + 2 * DAY;
        if (status == OrderStatus.PENDING_PAYMENT) {
            updated = created;
        } else if (status == OrderStatus.CANCELLED) {
            updated = cancelled;
        } else if (status == OrderStatus.REFUNDED) {
            refundedCents = totalCents;
            updated = delivered + DAY + random.nextLong(3 * DAY);
        } else if (status == OrderStatus.PARTIALLY_REFUNDED) {
            refundedCents = totalCents / 2;
            updated = delivered + DAY + random.nextLong(3 * DAY);
        } else {
            updated = delivered + 2 * DAY;
        }
        Catalog catalog = simulator.catalog();
        OrderRow order =
                new OrderRow(
                        orderId,
                        simulator.customerId(index),
                        status,
                        catalog.amount(totalCents),
                        profile.shopping().currency(),
                        "app",
                        simulator.region(random),
                        sale.campaignId(),
                        null,
                        Instant.ofEpochSecond(created),
                        at(paid),
                        at(shipped),
                        at(delivered),
                        Instant.ofEpochSecond(created + 4 * DAY),
                        at(cancelled),
                        catalog.amount(refundedCents),
                        phone,
                        email,
                        Instant.ofEpochSecond(updated),
                        traits.deviceId(),
                        traits.clientIp(),
                        traits.addressHash());
        ItemRow item =
                new ItemRow(
                        orderId,
                        1,
                        category.skus[0],
                        category.habit.category(),
                        quantity,
                        category.price(0, HALF_PRICE));
        placed.add(new Placed(order, item));
    }

    private static Instant at(long second) {
        return second < 0 ? null : Instant.ofEpochSecond(second);
    }
}
