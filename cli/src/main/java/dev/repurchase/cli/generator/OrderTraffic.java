package dev.repurchase.cli.generator;

import dev.repurchase.cli.replay.CustomerRecord;
import dev.repurchase.cli.replay.ItemRow;
import dev.repurchase.cli.replay.OrderHistory;
import dev.repurchase.cli.replay.OrderRow;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;

/**
 * Realistic order-system traffic of a shop over a bounded time range: its customers' orders, order
 * lines and coupons, as the tables stand at the profile's end. Deterministic: the same profile
 * (seed included) gives the same rows, whether generated at once, in batches of any size, or on any
 * number of threads.
 *
 * <p>What the traffic looks like (every share is a knob of {@link ShopProfile}):
 *
 * <ul>
 *   <li>customers are acquired over the range (some during sales), each with a phone ({@code
 *       138xxxxxxxx} style), an e-mail, a region and a primary channel (app, web, mini-program,
 *       store); some buy once and never return, some churn after a while, a few are wholesale
 *       buyers, and a test account places 0.01 / 0.00 orders;
 *   <li>each customer adopts some cyclic categories ({@link CategoryHabit}: coffee every 3-5 weeks,
 *       tea ~6 weeks, snacks ~2 weeks, appliances yearly) with a personal cycle and jitter, may
 *       skip a purchase, buys the categories due within a few days in one basket, buys seasonal
 *       gifts before festivals and adds an impulse line now and then (1 to 4 lines per order);
 *   <li>unit prices are a SKU's list price with noise and campaign discounts; {@code total_amount}
 *       is the sum of the lines; sales ({@link Campaign}) and an always-on buy-2-get-1 mark orders
 *       with their {@code campaign_id}; coupons are issued at sales and after a first purchase, and
 *       redeemed by their customer's paid orders while valid;
 *   <li>an order is paid minutes after it is created, shipped and delivered days later (at once in
 *       a store), completed a few days after that, or else left unpaid, cancelled, refunded in full
 *       or in part; a customer whose order failed often orders again within two days;
 *   <li>with {@link ShopProfile.Growth} (off by default): a customers table (some invited by an
 *       earlier customer, in chains; a few self-referrals, a cycle), each order's device, IP and
 *       address hash, and a flash sale with a click farm and an office behind one IP ({@link
 *       FlashSaleCrowd}).
 * </ul>
 *
 * <p>Customers are simulated in parallel chunks. A whole history takes about 0.4 KB per order in
 * memory; for very large shops {@link #batches} and {@link #writeCsv} hold one batch of customers
 * at a time.
 */
public final class OrderTraffic {

    /** The customers a batch of {@link #writeCsv} holds by default. */
    public static final int DEFAULT_BATCH_CUSTOMERS = 100_000;

    private static final int CHUNK_CUSTOMERS = 512;
    private static final Comparator<CouponRow> ISSUE_ORDER =
            Comparator.comparing(CouponRow::issuedAt).thenComparing(CouponRow::couponId);
    private static final Comparator<CustomerRecord> REGISTRATION_ORDER =
            Comparator.comparing(CustomerRecord::registeredAt)
                    .thenComparing(CustomerRecord::customerId);

    private OrderTraffic() {}

    /** The shop's whole history, as of the profile's end. */
    public static GeneratedShop generate(ShopProfile profile) {
        CustomerSimulator simulator = new CustomerSimulator(profile);
        return generate(simulator, 0, profile.customers(), true);
    }

    /**
     * The shop's history batch by batch of customers: batch {@code b} holds the orders and coupons
     * of customers {@code [b * customersPerBatch, (b + 1) * customersPerBatch)} (the first batch
     * the test account's and the flash sale's too), in {@code created_at} order within the batch.
     * Together the batches hold exactly the rows of {@link #generate}; each is generated when asked
     * for.
     */
    public static Iterator<GeneratedShop> batches(ShopProfile profile, int customersPerBatch) {
        if (customersPerBatch < 1) {
            throw new IllegalArgumentException("customersPerBatch must be positive");
        }
        CustomerSimulator simulator = new CustomerSimulator(profile);
        return new Iterator<>() {
            private int next;
            private boolean first = true;

            @Override
            public boolean hasNext() {
                return first || next < profile.customers();
            }

            @Override
            public GeneratedShop next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int from = next;
                int until = (int) Math.min(profile.customers(), (long) from + customersPerBatch);
                GeneratedShop batch = generate(simulator, from, until, first);
                first = false;
                next = until;
                return batch;
            }
        };
    }

    /**
     * Writes the shop's history as {@code orders.csv}, {@code order_items.csv} and {@code
     * coupons.csv} into {@code directory} (the first two are what {@link OrderHistory#read} and the
     * replay read), {@value #DEFAULT_BATCH_CUSTOMERS} customers at a time: each file is in {@code
     * created_at} (coupons: {@code issued_at}) order within each batch.
     */
    public static TrafficSummary writeCsv(ShopProfile profile, Path directory) throws IOException {
        return writeCsv(profile, directory, DEFAULT_BATCH_CUSTOMERS);
    }

    /** {@link #writeCsv(ShopProfile, Path)} with batches of {@code customersPerBatch}. */
    public static TrafficSummary writeCsv(
            ShopProfile profile, Path directory, int customersPerBatch) throws IOException {
        TrafficSummary summary = TrafficSummary.empty();
        try (ShopCsv csv = ShopCsv.create(directory, !profile.growth().isNone())) {
            for (Iterator<GeneratedShop> it = batches(profile, customersPerBatch); it.hasNext(); ) {
                GeneratedShop batch = it.next();
                csv.append(batch);
                summary = summary.plus(batch.summary());
            }
        }
        return summary;
    }

    private static GeneratedShop generate(
            CustomerSimulator simulator, int from, int until, boolean withShopWide) {
        ShopProfile profile = simulator.profile();
        Instant asOf = profile.end();
        int chunks = (int) ((until - (long) from + CHUNK_CUSTOMERS - 1) / CHUNK_CUSTOMERS);
        List<List<CustomerTraffic>> simulated =
                IntStream.range(0, chunks)
                        .parallel()
                        .mapToObj(
                                chunk -> {
                                    int first = from + chunk * CHUNK_CUSTOMERS;
                                    int last = Math.min(until, first + CHUNK_CUSTOMERS);
                                    List<CustomerTraffic> customers = new ArrayList<>();
                                    for (int index = first; index < last; index++) {
                                        customers.add(simulator.simulate(index));
                                    }
                                    return customers;
                                })
                        .toList();
        List<CustomerTraffic> customers = new ArrayList<>(until - from + 1);
        simulated.forEach(customers::addAll);
        if (withShopWide) {
            customers.add(simulator.simulateTestAccount());
            customers.add(simulator.simulateFlashSale());
        }
        return assemble(customers, profile.start(), asOf);
    }

    /**
     * The customers' rows as of {@code asOf}, orders in {@code created_at} order. Order ids start
     * with the creation time, then the customer's number: this order is also the ids' text order.
     */
    private static GeneratedShop assemble(
            List<CustomerTraffic> customers, Instant start, Instant asOf) {
        int orderCount = 0;
        int itemCount = 0;
        int couponCount = 0;
        for (CustomerTraffic customer : customers) {
            orderCount += customer.orders().size();
            itemCount += customer.items().size();
            couponCount += customer.coupons().size();
        }
        OrderRow[] orders = new OrderRow[orderCount];
        ItemRow[] items = new ItemRow[itemCount];
        int[] firstItem = new int[orderCount + 1];
        long[] keys = new long[orderCount];
        List<CouponRow> coupons = new ArrayList<>(couponCount);
        List<CustomerRecord> customerRows = new ArrayList<>();
        long startSecond = start.getEpochSecond();
        int order = 0;
        int item = 0;
        for (int c = 0; c < customers.size(); c++) {
            CustomerTraffic customer = customers.get(c);
            Iterator<ItemRow> lines = customer.items().iterator();
            ItemRow line = lines.hasNext() ? lines.next() : null;
            for (OrderRow row : customer.orders()) {
                orders[order] = AsOf.order(row, asOf);
                keys[order] = ((row.createdAt().getEpochSecond() - startSecond) << 32) | order;
                firstItem[order] = item;
                while (line != null && line.orderId().equals(row.orderId())) {
                    items[item++] = line;
                    line = lines.hasNext() ? lines.next() : null;
                }
                order++;
            }
            for (CustomerTraffic.IssuedCoupon coupon : customer.coupons()) {
                coupons.add(AsOf.coupon(coupon, asOf));
            }
            customerRows.addAll(customer.customers());
            customers.set(c, null); // let the per-customer lists go
        }
        firstItem[orderCount] = itemCount;
        Arrays.parallelSort(keys);

        OrderRow[] sortedOrders = new OrderRow[orderCount];
        ItemRow[] sortedItems = new ItemRow[itemCount];
        int nextItem = 0;
        for (int i = 0; i < orderCount; i++) {
            int position = (int) keys[i];
            sortedOrders[i] = orders[position];
            for (int j = firstItem[position]; j < firstItem[position + 1]; j++) {
                sortedItems[nextItem++] = items[j];
            }
        }
        coupons.sort(ISSUE_ORDER);
        customerRows.sort(REGISTRATION_ORDER);
        return new GeneratedShop(
                new OrderHistory(Arrays.asList(sortedOrders), Arrays.asList(sortedItems)),
                coupons,
                customerRows);
    }
}
