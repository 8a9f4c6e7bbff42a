package dev.repurchase.cli.generator;

import dev.repurchase.cli.generator.CustomerTraffic.IssuedCoupon;
import dev.repurchase.cli.replay.ItemRow;
import dev.repurchase.cli.replay.OrderRow;
import dev.repurchase.common.order.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Simulates one customer at a time: who they are, what they buy when, what becomes of each order,
 * which coupons they get and redeem. Customer {@code i} depends only on the profile and {@code i}
 * (its own random stream), so customers can be simulated in any order, in parallel, or lazily, and
 * always come out the same. Times are whole seconds.
 *
 * <p>Thread-safe: the instance holds only what the profile determines.
 */
final class CustomerSimulator {

    private static final long MINUTE = 60;
    private static final long HOUR = 3_600;
    private static final long DAY = 86_400;
    private static final long NEVER = Long.MAX_VALUE;
    private static final int MAX_LINES = 4;

    /** Orders by hour of the customers' day: quiet nights, a lunch bump, busy evenings. */
    private static final double[] HOUR_WEIGHTS = {
        2, 1, 0.6, 0.4, 0.3, 0.4, 1, 2, 4, 5, 6, 6, 7, 6, 5, 5, 5, 6, 7, 8, 10, 10, 8, 4
    };

    private static final String[] PHONE_PREFIXES = {
        "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
        "156", "157", "158", "159", "176", "177", "180", "181", "182", "183", "185", "186", "187",
        "188", "189", "198", "199"
    };
    private static final String[] SURNAMES = {
        "wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun",
        "ma", "zhu", "hu", "guo", "he", "lin", "luo", "gao"
    };
    private static final String[] GIVEN_NAMES = {
        "wei", "fang", "na", "min", "jing", "li", "qiang", "lei", "jun", "yang", "yong", "yan",
        "jie", "tao", "ming", "chao", "xiu", "xia", "ping", "gang", "hui", "yu", "hao", "lan"
    };
    private static final String[] MAIL_DOMAINS = {
        "example.com", "example.cn", "example.net", "example.org"
    };

    /** A yearly window of a seasonal campaign: {@code [from, until)} in epoch seconds. */
    private record Window(Campaign campaign, long from, long until) {}

    /** When and how a customer was acquired: their first order's creation time. */
    record Acquisition(long at, boolean duringSale) {}

    private final ShopProfile profile;
    private final Catalog catalog;
    private final long start;
    private final long end;
    private final int numberWidth;
    private final String[] channels;
    private final double[] channelCdf;
    private final String[] regions;
    private final double[] regionCdf;
    private final double[] hourCdf;
    private final int[] cyclic;
    private final double[] cyclicCdf;
    private final long[][] seasonPeaks;
    private final Window[] windows;
    private final Campaign[] alwaysOn;
    private final Map<String, Campaign> campaignsById = new HashMap<>();
    private final ZoneRules zoneRules;
    private final long fixedOffset;

    CustomerSimulator(ShopProfile profile) {
        this.profile = profile;
        this.catalog = new Catalog(profile.categories(), profile.seed());
        this.start = profile.start().getEpochSecond();
        this.end = profile.end().getEpochSecond();
        this.numberWidth = Math.max(7, Integer.toString(profile.customers()).length());
        this.channels = profile.audience().channels().keySet().toArray(String[]::new);
        this.channelCdf = cdf(profile.audience().channels().values());
        this.regions = profile.audience().regions().keySet().toArray(String[]::new);
        this.regionCdf = cdf(profile.audience().regions().values());
        this.hourCdf = cdf(Arrays.stream(HOUR_WEIGHTS).boxed().toList());
        this.zoneRules = profile.zone().getRules();
        this.fixedOffset =
                zoneRules.isFixedOffset()
                        ? zoneRules.getOffset(Instant.EPOCH).getTotalSeconds()
                        : Long.MIN_VALUE;

        List<CategoryHabit> habits = profile.categories();
        this.cyclic =
                java.util.stream.IntStream.range(0, habits.size())
                        .filter(i -> !habits.get(i).seasonal())
                        .toArray();
        this.cyclicCdf =
                cdf(Arrays.stream(cyclic).mapToObj(i -> habits.get(i).adoption() + 1e-9).toList());
        this.seasonPeaks = new long[habits.size()][];
        int firstYear = year(start) - 1;
        int lastYear = year(end) + 1;
        for (int i = 0; i < habits.size(); i++) {
            if (habits.get(i).seasonal()) {
                List<Long> peaks = new ArrayList<>();
                for (int year = firstYear; year <= lastYear; year++) {
                    for (MonthDay peak : habits.get(i).seasons()) {
                        peaks.add(startOfDay(peak.atYear(year), profile.zone()) + 12 * HOUR);
                    }
                }
                seasonPeaks[i] = peaks.stream().mapToLong(Long::longValue).sorted().toArray();
            }
        }

        List<Window> saleWindows = new ArrayList<>();
        List<Campaign> offers = new ArrayList<>();
        for (Campaign campaign : profile.campaigns()) {
            campaignsById.put(campaign.id(), campaign);
            if (campaign.alwaysOn()) {
                offers.add(campaign);
                continue;
            }
            for (int year = firstYear; year <= lastYear; year++) {
                LocalDate from = campaign.from().atYear(year);
                LocalDate to = campaign.to().atYear(year);
                if (to.isBefore(from)) {
                    to = campaign.to().atYear(year + 1);
                }
                long fromSecond = startOfDay(from, profile.zone());
                long untilSecond = startOfDay(to.plusDays(1), profile.zone());
                if (untilSecond > start && fromSecond < end) {
                    saleWindows.add(new Window(campaign, fromSecond, untilSecond));
                }
            }
        }
        saleWindows.sort(Comparator.comparingLong(Window::from));
        this.windows = saleWindows.toArray(Window[]::new);
        this.alwaysOn = offers.toArray(Campaign[]::new);
    }

    ShopProfile profile() {
        return profile;
    }

    /** The random stream of customer {@code index}; the test account's is {@code customers}. */
    private SplittableRandom random(int index) {
        long z = profile.seed() * 0x9E3779B97F4A7C15L + index + 1;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new SplittableRandom(z ^ (z >>> 31));
    }

    /** When customer {@code index} places their first order: cheap, for time-ordered streams. */
    long acquisitionSecond(int index) {
        return acquisition(random(index)).at();
    }

    /** Customer {@code index}'s id. */
    String customerId(int index) {
        return index == profile.customers() && profile.audience().testAccountId() != null
                ? profile.audience().testAccountId()
                : "c" + number(index);
    }

    /** The first draws of every customer's stream; {@link #acquisitionSecond} repeats them. */
    private Acquisition acquisition(SplittableRandom random) {
        boolean duringSale =
                random.nextDouble() < profile.audience().saleAcquisitionShare()
                        && windows.length > 0;
        long from = start;
        long until = end;
        if (duringSale) {
            Window window = windows[random.nextInt(windows.length)];
            from = Math.max(start, window.from());
            until = Math.min(end, window.until());
        }
        long day = from + random.nextLong(until - from);
        long at = Math.max(from, Math.min(until - 1, atTimeOfDay(day, random)));
        return new Acquisition(at, duringSale);
    }

    /** The whole life of customer {@code index} (0 <= index < customers) as a customer. */
    CustomerTraffic simulate(int index) {
        return new Life(index).live();
    }

    /** The test account's orders, if the profile has one: 0.01 and 0.00 orders every 1-3 days. */
    CustomerTraffic simulateTestAccount() {
        if (profile.audience().testAccountId() == null) {
            return new CustomerTraffic(List.of(), List.of(), List.of());
        }
        return new Life(profile.customers()).test();
    }

    // ---------------------------------------------------------------------------------------

    /** A cyclic habit of one customer. */
    private static final class Habit {
        final Catalog.Category category;
        final double cycleDays;
        final int favourite;
        long nextDue;

        Habit(Catalog.Category category, double cycleDays, int favourite) {
            this.category = category;
            this.cycleDays = cycleDays;
            this.favourite = favourite;
        }
    }

    /** A seasonal purchase a customer plans. */
    private record SeasonalDue(Catalog.Category category, long due) {}

    /** A coupon while the customer's life is simulated. */
    private static final class Coupon {
        final String id;
        final String campaignId;
        final long issued;
        final long expires;
        String redeemedBy;
        long redeemedAt;

        Coupon(String id, String campaignId, long issued, long expires) {
            this.id = id;
            this.campaignId = campaignId;
            this.issued = issued;
            this.expires = expires;
        }
    }

    /** One line being put together. */
    private static final class Line {
        final Catalog.Category category;
        final int sku;
        long quantity;
        int percent;

        Line(Catalog.Category category, int sku, long quantity, int percent) {
            this.category = category;
            this.sku = sku;
            this.quantity = quantity;
            this.percent = percent;
        }
    }

    /** One customer's life; single use. */
    private final class Life {
        private final SplittableRandom random;
        private final String number;
        private final String customerId;
        private final String phone;
        private final String email;
        private final String channel;
        private final String region;
        private final List<OrderRow> orders = new ArrayList<>();
        private final List<ItemRow> items = new ArrayList<>();
        private final List<Coupon> coupons = new ArrayList<>();
        private final Acquisition acquisition;
        private long lastCreated = Long.MIN_VALUE;
        private boolean paidBefore;
        private boolean wholesale;

        Life(int index) {
            this.random = random(index);
            this.acquisition = acquisition(random);
            this.number = number(index);
            this.customerId = customerId(index);
            this.phone =
                    PHONE_PREFIXES[random.nextInt(PHONE_PREFIXES.length)]
                            + String.format("%08d", random.nextInt(100_000_000));
            this.email =
                    SURNAMES[random.nextInt(SURNAMES.length)]
                            + '.'
                            + GIVEN_NAMES[random.nextInt(GIVEN_NAMES.length)]
                            + random.nextInt(1000)
                            + '@'
                            + MAIL_DOMAINS[random.nextInt(MAIL_DOMAINS.length)];
            this.channel = channels[pick(channelCdf, random)];
            this.region = regions[pick(regionCdf, random)];
        }

        CustomerTraffic live() {
            ShopProfile.Audience audience = profile.audience();
            double oneTimeShare =
                    acquisition.duringSale()
                            ? Math.min(1, audience.oneTimeShare() * 1.5)
                            : audience.oneTimeShare();
            boolean oneTime = random.nextDouble() < oneTimeShare;
            wholesale = !oneTime && random.nextDouble() < audience.wholesaleShare();
            long churnAt = NEVER;
            if (!oneTime && random.nextDouble() < audience.churnShare()) {
                double days = random.nextExponential() * audience.meanDaysToChurn();
                churnAt = acquisition.at() + Math.max(DAY, (long) (days * DAY));
            }
            long horizon = Math.min(end, churnAt);

            List<Habit> habits = adoptHabits();
            List<SeasonalDue> seasonal = oneTime || wholesale ? new ArrayList<>() : planSeasons();
            issueCampaignCoupons();

            long retryAt = NEVER;
            boolean first = true;
            while (true) {
                long due;
                boolean retry = retryAt != NEVER;
                if (first) {
                    due = acquisition.at();
                } else if (retry) {
                    due = retryAt;
                } else {
                    due = earliest(habits, seasonal);
                    Habit next = earliestHabit(habits);
                    if (next != null
                            && next.nextDue == due
                            && random.nextDouble() < profile.shopping().skipShare()) {
                        next.nextDue += interval(next);
                        continue;
                    }
                }
                // A habit comes due on a day; the order is placed at a realistic hour of it.
                long created = first || retry ? due : atTimeOfDay(due);
                created = Math.max(created, lastCreated + MINUTE);
                if (!first && created >= horizon) {
                    break;
                }
                retryAt = NEVER;

                long basketUntil = Math.max(created, due) + profile.shopping().basketDays() * DAY;
                List<Habit> bought = new ArrayList<>(2);
                List<Catalog.Category> categories = new ArrayList<>(4);
                for (Habit habit : habits) {
                    if (habit.nextDue <= basketUntil && categories.size() < MAX_LINES) {
                        bought.add(habit);
                        categories.add(habit.category);
                    }
                }
                List<SeasonalDue> seasonalBought = new ArrayList<>(1);
                for (SeasonalDue planned : seasonal) {
                    if (planned.due() <= basketUntil
                            && categories.size() < MAX_LINES
                            && !categories.contains(planned.category())) {
                        seasonalBought.add(planned);
                        categories.add(planned.category());
                    }
                }
                seasonal.removeAll(seasonalBought);
                if (categories.isEmpty()) {
                    break; // cannot happen: the earliest due purchase is always in the basket
                }
                addImpulses(categories, habits);

                boolean paid = order(created, categories, habits);
                first = false;
                boolean again = !paid && random.nextDouble() < profile.fates().retryShare();
                if (again) {
                    retryAt = created + HOUR + random.nextLong(47 * HOUR);
                    for (Habit habit : bought) {
                        habit.nextDue = retryAt;
                    }
                    for (SeasonalDue planned : seasonalBought) {
                        seasonal.add(new SeasonalDue(planned.category(), retryAt));
                    }
                } else {
                    for (Habit habit : bought) {
                        habit.nextDue = created + interval(habit);
                    }
                    if (oneTime) {
                        break;
                    }
                }
            }
            return traffic();
        }

        /** The test account: tiny orders of the first cyclic category's first SKU. */
        CustomerTraffic test() {
            Catalog.Category category = catalog.categories[cyclic[0]];
            long created = start + random.nextLong(Math.min(DAY, end - start));
            while (created < end) {
                BigDecimal price = random.nextDouble() < 0.2 ? Catalog.ZERO : Catalog.ONE_CENT;
                long cents = price.unscaledValue().longValueExact();
                String orderId = orderId(created);
                String orderChannel = channels[pick(channelCdf, random)];
                items.add(
                        new ItemRow(
                                orderId, 1, category.skus[0], category.habit.category(), 1, price));
                orders.add(
                        row(
                                orderId,
                                created,
                                orderChannel,
                                cents,
                                null,
                                null,
                                false,
                                List.of(cents),
                                random.nextDouble()));
                lastCreated = created;
                created += DAY + random.nextLong(2 * DAY);
            }
            return traffic();
        }

        private List<Habit> adoptHabits() {
            List<Habit> habits = new ArrayList<>();
            for (int i : cyclic) {
                Catalog.Category category = catalog.categories[i];
                CategoryHabit habit = category.habit;
                boolean adopt = random.nextDouble() < habit.adoption();
                double cycle =
                        habit.minCycleDays()
                                + random.nextDouble()
                                        * (habit.maxCycleDays() - habit.minCycleDays());
                int favourite = random.nextInt(category.skus.length);
                if (wholesale && habit.maxQuantity() > 1) {
                    habits.add(new Habit(category, 7 + random.nextDouble() * 7, favourite));
                } else if (adopt && !wholesale) {
                    habits.add(new Habit(category, cycle, favourite));
                }
            }
            if (habits.isEmpty()) {
                Catalog.Category category = catalog.categories[cyclic[pick(cyclicCdf, random)]];
                CategoryHabit habit = category.habit;
                double cycle =
                        wholesale
                                ? 7 + random.nextDouble() * 7
                                : habit.minCycleDays()
                                        + random.nextDouble()
                                                * (habit.maxCycleDays() - habit.minCycleDays());
                habits.add(new Habit(category, cycle, random.nextInt(category.skus.length)));
            }
            // The first order is for one habit, the others start at a random phase.
            double total =
                    habits.stream().mapToDouble(h -> h.category.habit.adoption() + 1e-9).sum();
            double pick = random.nextDouble() * total;
            Habit entry = habits.get(habits.size() - 1);
            for (Habit habit : habits) {
                pick -= habit.category.habit.adoption() + 1e-9;
                if (pick < 0) {
                    entry = habit;
                    break;
                }
            }
            for (Habit habit : habits) {
                habit.nextDue =
                        habit == entry
                                ? acquisition.at()
                                : acquisition.at()
                                        + (long)
                                                ((0.2 + 0.8 * random.nextDouble())
                                                        * habit.cycleDays
                                                        * DAY);
            }
            return habits;
        }

        private List<SeasonalDue> planSeasons() {
            List<SeasonalDue> planned = new ArrayList<>();
            for (Catalog.Category category : catalog.categories) {
                long[] peaks = seasonPeaks[category.index];
                if (peaks == null) {
                    continue;
                }
                for (long peak : peaks) {
                    long due = peak - DAY - random.nextLong(13 * DAY);
                    boolean buys = random.nextDouble() < category.habit.adoption();
                    if (buys && due > acquisition.at() && due < end) {
                        planned.add(new SeasonalDue(category, due));
                    }
                }
            }
            return planned;
        }

        /** At the start of each sale after their acquisition, maybe a coupon of it. */
        private void issueCampaignCoupons() {
            for (Window window : windows) {
                double share = window.campaign().couponShare();
                if (share > 0
                        && window.from() > acquisition.at()
                        && window.from() < end
                        && random.nextDouble() < share) {
                    long issued = window.from() + random.nextLong(12 * HOUR);
                    if (issued < end) {
                        issue(window.campaign().id(), issued, window.campaign().couponValidDays());
                    }
                }
            }
        }

        private void issue(String campaignId, long issued, int validDays) {
            String id = "CP" + number + "-" + (coupons.size() + 1);
            coupons.add(new Coupon(id, campaignId, issued, issued + validDays * DAY));
        }

        private void addImpulses(List<Catalog.Category> categories, List<Habit> habits) {
            for (Catalog.Category category : catalog.categories) {
                double share = category.habit.impulseShare();
                if (share > 0
                        && categories.size() < MAX_LINES
                        && !categories.contains(category)
                        && habits.stream().noneMatch(h -> h.category == category)
                        && random.nextDouble() < share) {
                    categories.add(category);
                }
            }
        }

        /** Places an order of these categories; true if it gets paid. */
        private boolean order(long created, List<Catalog.Category> categories, List<Habit> habits) {
            lastCreated = created;
            String orderId = orderId(created);
            String orderChannel =
                    random.nextDouble() < 0.8 ? channel : channels[pick(channelCdf, random)];
            ShopProfile.OrderFates fates = profile.fates();
            double fate = random.nextDouble();
            boolean paid = fate >= fates.pending() + fates.cancelled();

            Coupon coupon = paid ? redeemableCoupon(created) : null;
            if (coupon != null) {
                coupon.redeemedBy = orderId;
                coupon.redeemedAt = created;
            }
            // A coupon's campaign (its discount, if it is a sale), else whatever offer applies.
            Campaign campaign =
                    coupon != null ? campaignsById.get(coupon.campaignId) : campaignAt(created);

            List<Line> lines = new ArrayList<>(MAX_LINES);
            int noise = profile.shopping().priceNoisePercent();
            for (Catalog.Category category : categories) {
                int favourite = favourite(category, habits);
                lines.add(line(category, favourite, noise));
                if (lines.size() < MAX_LINES
                        && category.skus.length > 1
                        && random.nextDouble() < 0.25) {
                    int other = random.nextInt(category.skus.length);
                    if (other != lines.get(lines.size() - 1).sku) {
                        lines.add(line(category, other, noise));
                    }
                }
                if (lines.size() == MAX_LINES) {
                    break;
                }
            }
            boolean bulk = wholesale || random.nextDouble() < profile.shopping().bulkOrderShare();
            if (bulk) {
                for (Line line : lines) {
                    line.quantity *= 200 + random.nextInt(400);
                }
            }
            if (campaign != null) {
                if (campaign.bundleOf() > 1) {
                    Line line = lines.get(0);
                    line.quantity =
                            campaign.bundleOf() * (bulk ? line.quantity : 1 + random.nextInt(2));
                    line.percent -= campaign.discountPercent();
                } else {
                    for (Line line : lines) {
                        line.percent -= campaign.discountPercent();
                    }
                }
            }

            long totalCents = 0;
            List<Long> lineCents = new ArrayList<>(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                Line line = lines.get(i);
                long amount = line.quantity * line.category.cents(line.sku, line.percent);
                lineCents.add(amount);
                totalCents += amount;
                items.add(
                        new ItemRow(
                                orderId,
                                i + 1,
                                line.category.skus[line.sku],
                                line.category.habit.category(),
                                line.quantity,
                                line.category.price(line.sku, line.percent)));
            }
            boolean appliance = categories.stream().anyMatch(c -> c.habit.maxQuantity() == 1);
            String campaignId =
                    coupon != null ? coupon.campaignId : campaign == null ? null : campaign.id();
            orders.add(
                    row(
                            orderId,
                            created,
                            orderChannel,
                            totalCents,
                            campaignId,
                            coupon == null ? null : coupon.id,
                            appliance,
                            lineCents,
                            fate));
            if (paid && !paidBefore) {
                paidBefore = true;
                welcome(orders.get(orders.size() - 1));
            }
            return paid;
        }

        /** The order's final row: its fate decides its status times and refund. */
        private OrderRow row(
                String orderId,
                long created,
                String orderChannel,
                long totalCents,
                String campaignId,
                String couponId,
                boolean slowDelivery,
                List<Long> lineCents,
                double fate) {
            ShopProfile.OrderFates fates = profile.fates();
            boolean store = "store".equals(orderChannel);
            OrderStatus status;
            long paid = NEVER;
            long shipped = NEVER;
            long delivered = NEVER;
            long promised = NEVER;
            long cancelled = NEVER;
            long updated;
            long refundedCents = 0;

            double pendingUntil = fates.pending();
            double cancelledUntil = pendingUntil + fates.cancelled();
            double refundedUntil = cancelledUntil + fates.refunded();
            double partialUntil = refundedUntil + fates.partiallyRefunded();
            if (fate < pendingUntil) {
                status = OrderStatus.PENDING_PAYMENT;
                updated = created;
            } else if (fate < cancelledUntil) {
                status = OrderStatus.CANCELLED;
                cancelled = created + 5 * MINUTE + random.nextLong(DAY);
                updated = cancelled;
            } else {
                if (store) {
                    paid = created;
                } else {
                    paid = created + 20 + Math.min(HOUR, (long) (random.nextExponential() * 180));
                    long handling = 2 * HOUR + random.nextLong(34 * HOUR);
                    if (handling > 32 * HOUR) {
                        // The warehouse's backlog: the slowest of its orders (about one in nine)
                        // wait two more days, past alerts.ship-within.
                        handling += 2 * DAY;
                    }
                    shipped = paid + handling;
                    delivered = shipped + DAY + random.nextLong(3 * DAY) + (slowDelivery ? DAY : 0);
                    promised = created + (slowDelivery ? 6 : 4) * DAY;
                }
                if (fate < refundedUntil) {
                    status = OrderStatus.REFUNDED;
                    refundedCents = totalCents;
                    if (store) {
                        updated = paid + HOUR + random.nextLong(7 * DAY);
                    } else if (random.nextDouble() < 0.3) {
                        // Refunded before it shipped: the shipment never happens.
                        updated = paid + 10 * MINUTE + random.nextLong(HOUR);
                        shipped = NEVER;
                        delivered = NEVER;
                    } else {
                        updated = delivered + DAY + random.nextLong(13 * DAY);
                    }
                } else if (fate < partialUntil && totalCents >= 2) {
                    status = OrderStatus.PARTIALLY_REFUNDED;
                    refundedCents = partialRefund(totalCents, lineCents);
                    updated =
                            store
                                    ? paid + HOUR + random.nextLong(7 * DAY)
                                    : delivered + DAY + random.nextLong(13 * DAY);
                } else {
                    status = OrderStatus.COMPLETED;
                    updated = store ? paid : delivered + 2 * HOUR + random.nextLong(7 * DAY);
                }
            }
            Instant createdAt = instant(created);
            return new OrderRow(
                    orderId,
                    customerId,
                    status,
                    catalog.amount(totalCents),
                    profile.shopping().currency(),
                    orderChannel,
                    region,
                    campaignId,
                    couponId,
                    createdAt,
                    paid == created ? createdAt : instant(paid),
                    instant(shipped),
                    instant(delivered),
                    instant(promised),
                    instant(cancelled),
                    catalog.amount(refundedCents),
                    phone,
                    email,
                    updated == created ? createdAt : instant(updated),
                    null,
                    null,
                    null);
        }

        /** One line returned if there are several, else 10-50% of the amount back. */
        private long partialRefund(long totalCents, List<Long> lineCents) {
            if (lineCents.size() > 1) {
                long line = lineCents.get(random.nextInt(lineCents.size()));
                if (line > 0 && line < totalCents) {
                    return line;
                }
            }
            long share = 10 + random.nextInt(41);
            long cents = (totalCents * share + 50) / 100;
            return Math.max(1, Math.min(totalCents - 1, cents));
        }

        private void welcome(OrderRow firstPaid) {
            ShopProfile.CouponPolicy policy = profile.coupons();
            if (random.nextDouble() < policy.welcomeShare()) {
                long issued =
                        firstPaid.paidAt().getEpochSecond() + HOUR + random.nextLong(23 * HOUR);
                if (issued < end) {
                    issue(policy.welcomeCampaignId(), issued, policy.welcomeValidDays());
                }
            }
        }

        /** The held coupon valid at {@code time} that expires first, if the customer uses it. */
        private Coupon redeemableCoupon(long time) {
            Coupon best = null;
            for (Coupon coupon : coupons) {
                if (coupon.redeemedBy == null
                        && coupon.issued <= time
                        && time < coupon.expires
                        && (best == null || coupon.expires < best.expires)) {
                    best = coupon;
                }
            }
            return best != null && random.nextDouble() < profile.coupons().redeemShare()
                    ? best
                    : null;
        }

        private Campaign campaignAt(long time) {
            for (Window window : windows) {
                if (window.from() <= time && time < window.until()) {
                    return random.nextDouble() < window.campaign().participation()
                            ? window.campaign()
                            : null;
                }
            }
            for (Campaign offer : alwaysOn) {
                if (random.nextDouble() < offer.participation()) {
                    return offer;
                }
            }
            return null;
        }

        private int favourite(Catalog.Category category, List<Habit> habits) {
            for (Habit habit : habits) {
                if (habit.category == category && random.nextDouble() < 0.7) {
                    return habit.favourite;
                }
            }
            return random.nextInt(category.skus.length);
        }

        private Line line(Catalog.Category category, int sku, int noise) {
            long quantity = 1;
            while (quantity < category.habit.maxQuantity() && random.nextDouble() < 0.35) {
                quantity++;
            }
            int percent = 100 + (noise == 0 ? 0 : random.nextInt(2 * noise + 1) - noise);
            return new Line(category, sku, quantity, percent);
        }

        private long interval(Habit habit) {
            double jitter = profile.shopping().cycleJitter();
            double deviation = Math.max(-2.5, Math.min(2.5, random.nextGaussian())) * jitter;
            return Math.max(DAY, (long) (habit.cycleDays * (1 + deviation) * DAY));
        }

        private long atTimeOfDay(long time) {
            return CustomerSimulator.this.atTimeOfDay(time, random);
        }

        private String orderId(long created) {
            LocalDateTime t = LocalDateTime.ofEpochSecond(created, 0, ZoneOffset.UTC);
            StringBuilder id = new StringBuilder(14 + number.length());
            id.append(t.getYear());
            two(id, t.getMonthValue());
            two(id, t.getDayOfMonth());
            two(id, t.getHour());
            two(id, t.getMinute());
            two(id, t.getSecond());
            return id.append(number).toString();
        }

        private CustomerTraffic traffic() {
            List<IssuedCoupon> issued = new ArrayList<>(coupons.size());
            for (Coupon coupon : coupons) {
                issued.add(
                        new IssuedCoupon(
                                new CouponRow(
                                        coupon.id,
                                        customerId,
                                        coupon.campaignId,
                                        instant(coupon.issued),
                                        instant(coupon.expires),
                                        coupon.redeemedBy),
                                coupon.redeemedBy == null ? null : instant(coupon.redeemedAt)));
            }
            return new CustomerTraffic(orders, items, issued);
        }
    }

    // ---------------------------------------------------------------------------------------

    private static long earliest(List<Habit> habits, List<SeasonalDue> seasonal) {
        long due = NEVER;
        for (Habit habit : habits) {
            due = Math.min(due, habit.nextDue);
        }
        for (SeasonalDue planned : seasonal) {
            due = Math.min(due, planned.due());
        }
        return due;
    }

    private static Habit earliestHabit(List<Habit> habits) {
        Habit earliest = null;
        for (Habit habit : habits) {
            if (earliest == null || habit.nextDue < earliest.nextDue) {
                earliest = habit;
            }
        }
        return earliest;
    }

    /** A time on the day of {@code time} (in the profile's zone) at a realistic hour. */
    private long atTimeOfDay(long time, SplittableRandom random) {
        long offset = offset(time);
        long dayStart = Math.floorDiv(time + offset, DAY) * DAY - offset;
        return dayStart + pick(hourCdf, random) * HOUR + random.nextLong(HOUR);
    }

    private long offset(long time) {
        return fixedOffset != Long.MIN_VALUE
                ? fixedOffset
                : zoneRules.getOffset(Instant.ofEpochSecond(time)).getTotalSeconds();
    }

    private int year(long epochSecond) {
        return LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.ofTotalSeconds(0)).getYear();
    }

    private String number(int index) {
        String digits = Integer.toString(index);
        return "0".repeat(Math.max(0, numberWidth - digits.length())) + digits;
    }

    private static long startOfDay(LocalDate date, ZoneId zone) {
        return date.atStartOfDay(zone).toEpochSecond();
    }

    private static void two(StringBuilder text, int value) {
        if (value < 10) {
            text.append('0');
        }
        text.append(value);
    }

    private static Instant instant(long epochSecond) {
        return epochSecond == NEVER ? null : Instant.ofEpochSecond(epochSecond);
    }

    private static double[] cdf(java.util.Collection<Double> weights) {
        double[] cdf = new double[weights.size()];
        double sum = 0;
        int i = 0;
        for (double weight : weights) {
            sum += weight;
            cdf[i++] = sum;
        }
        for (i = 0; i < cdf.length; i++) {
            cdf[i] /= sum;
        }
        return cdf;
    }

    private static int pick(double[] cdf, SplittableRandom random) {
        double u = random.nextDouble();
        for (int i = 0; i < cdf.length; i++) {
            if (u < cdf[i]) {
                return i;
            }
        }
        return cdf.length - 1;
    }
}
