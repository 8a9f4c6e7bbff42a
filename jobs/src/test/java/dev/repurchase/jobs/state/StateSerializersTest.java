package dev.repurchase.jobs.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.cdc.SourcePosition;
import dev.repurchase.common.customer.PurchaseHistory;
import dev.repurchase.common.customer.Referral;
import dev.repurchase.common.lifecycle.CategoryCycle;
import dev.repurchase.common.lifecycle.LifecycleStage;
import dev.repurchase.common.lifecycle.Segment;
import dev.repurchase.common.metric.MetricKey;
import dev.repurchase.common.order.Coupon;
import dev.repurchase.common.order.CouponChange;
import dev.repurchase.common.order.Order;
import dev.repurchase.common.order.OrderChange;
import dev.repurchase.common.order.OrderLine;
import dev.repurchase.common.order.OrderStatus;
import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.period.PeriodType;
import dev.repurchase.common.predict.BgNbd;
import dev.repurchase.common.predict.GammaGamma;
import dev.repurchase.common.predict.PredictionModel;
import dev.repurchase.jobs.abuse.AbuseFlag;
import dev.repurchase.jobs.abuse.AbuseRule;
import dev.repurchase.jobs.abuse.FlashSaleEntry;
import dev.repurchase.jobs.abuse.FlashSaleOrder;
import dev.repurchase.jobs.abuse.RankedOrders;
import dev.repurchase.jobs.aggregate.MetricRow;
import dev.repurchase.jobs.customer.CouponReminder;
import dev.repurchase.jobs.customer.CustomerProfile;
import dev.repurchase.jobs.customer.CustomerState;
import dev.repurchase.jobs.customer.Trigger;
import dev.repurchase.jobs.ingest.AlertType;
import dev.repurchase.jobs.ingest.OrderAlert;
import dev.repurchase.jobs.ingest.OrderAlerts;
import dev.repurchase.jobs.ingest.OrderLines;
import dev.repurchase.jobs.ingest.OrderOutcome;
import dev.repurchase.jobs.ingest.OrderRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;
import org.junit.jupiter.api.Nested;

/**
 * Flink's serializer test suite (round trips singly and in sequence, copies, snapshot and restore,
 * Java serialization of the serializer) for every state serializer, over typical values and the
 * edge cases of each format: nulls, empty arrays, negative and extreme numbers.
 */
class StateSerializersTest {

    static final long T0 = Instant.parse("2025-03-01T10:15:30Z").toEpochMilli();
    static final long DAY = 86_400_000L;

    /** The suite for one serializer; values compare field by field (the types have no equals). */
    abstract static class Suite<T> extends SerializerTestBase<T> {

        private final VersionedSerializer<T> serializer;
        private final List<T> values;

        Suite(VersionedSerializer<T> serializer, List<T> values) {
            super(
                    new DeeplyEqualsChecker()
                            .withCustomCheck(
                                    (a, b) -> isStateType(a) && isStateType(b),
                                    (a, b, checker) -> sameFields(a, b)));
            this.serializer = serializer;
            this.values = values;
        }

        @Override
        protected TypeSerializer<T> createSerializer() {
            return serializer;
        }

        @Override
        protected int getLength() {
            return -1;
        }

        @Override
        protected Class<T> getTypeClass() {
            return serializer.typeClass();
        }

        @Override
        @SuppressWarnings("unchecked")
        protected T[] getTestData() {
            return values.toArray(
                    n -> (T[]) java.lang.reflect.Array.newInstance(serializer.typeClass(), n));
        }
    }

    private static boolean isStateType(Object value) {
        Class<?> type =
                value.getClass().isArray() ? value.getClass().getComponentType() : value.getClass();
        return type.getName().startsWith("dev.repurchase.");
    }

    private static boolean sameFields(Object a, Object b) {
        try {
            assertThat(a).usingRecursiveComparison().isEqualTo(b);
            return true;
        } catch (AssertionError different) {
            return false;
        }
    }

    @Nested
    class OrderChanges extends Suite<OrderChange> {
        OrderChanges() {
            super(OrderChangeSerializer.INSTANCE, List.of(paidOrder(), line(), emptyChange()));
        }
    }

    @Nested
    class OrderOutcomes extends Suite<OrderOutcome> {
        OrderOutcomes() {
            super(OrderOutcomeSerializer.INSTANCE, List.of(purchaseOutcome(), exclusion()));
        }
    }

    @Nested
    class OrderRecords extends Suite<OrderRecord> {
        OrderRecords() {
            super(
                    OrderRecordSerializer.INSTANCE,
                    List.of(
                            new OrderRecord(),
                            heldOrder(),
                            orphanLines(),
                            deletedOrder(),
                            settledOrder(),
                            settledExclusion(),
                            changesAfterSettleTime(),
                            settledOrderChangedAgain()));
        }
    }

    @Nested
    class FlashSaleRecords extends Suite<OrderRecord> {
        FlashSaleRecords() {
            super(OrderRecordSerializer.INSTANCE, List.of(flashSaleRecord()));
        }
    }

    @Nested
    class FlashSaleOrders extends Suite<FlashSaleOrder> {
        FlashSaleOrders() {
            super(
                    FlashSaleOrderSerializer.INSTANCE,
                    List.of(flashSaleOrder(), new FlashSaleOrder()));
        }
    }

    @Nested
    class FlashSaleEntries extends Suite<FlashSaleEntry> {
        FlashSaleEntries() {
            super(FlashSaleEntrySerializer.INSTANCE, List.of(flaggedEntry()));
        }
    }

    @Nested
    class RankedOrderGroups extends Suite<RankedOrders> {
        RankedOrderGroups() {
            super(RankedOrdersSerializer.INSTANCE, List.of(rankedOrders(), new RankedOrders()));
        }
    }

    @Nested
    class AbuseFlags extends Suite<AbuseFlag> {
        AbuseFlags() {
            super(AbuseFlagSerializer.INSTANCE, List.of(abuseFlag(), new AbuseFlag()));
        }
    }

    @Nested
    class CouponChanges extends Suite<CouponChange> {
        CouponChanges() {
            super(
                    CouponChangeSerializer.INSTANCE,
                    List.of(
                            CouponChange.of(coupon(), false, new SourcePosition(T0, 7, 0)),
                            deletedCoupon()));
        }
    }

    @Nested
    class Coupons extends Suite<Coupon> {
        Coupons() {
            super(CouponSerializer.INSTANCE, List.of(coupon(), redeemedCoupon()));
        }
    }

    @Nested
    class PurchaseSequences extends Suite<Purchase[]> {
        PurchaseSequences() {
            super(
                    PurchasesSerializer.INSTANCE,
                    List.of(
                            new Purchase[0],
                            new Purchase[] {purchase("o-1", T0), purchase("o-2", T0 + 30 * DAY)},
                            new Purchase[] {purchase("o-3", 0), purchase("o-4", -DAY)}));
        }
    }

    @Nested
    class CustomerStates extends Suite<CustomerState> {
        CustomerStates() {
            super(
                    CustomerStateSerializer.INSTANCE,
                    List.of(new CustomerState(), customer(), referredCustomer()));
        }
    }

    @Nested
    class CategoryCycles extends Suite<CategoryCycle> {
        CategoryCycles() {
            super(
                    CategoryCycleSerializer.INSTANCE,
                    List.of(new CategoryCycle("coffee", 25, 28), new CategoryCycle(null, 0, 0)));
        }
    }

    @Nested
    class PredictionModels extends Suite<PredictionModel> {
        PredictionModels() {
            super(
                    PredictionModelSerializer.INSTANCE,
                    List.of(
                            new PredictionModel(
                                    T0, 2357, new BgNbd(0.243, 4.414, 0.793, 2.426), -9582.4, null),
                            predictionModel()));
        }
    }

    @Nested
    class CouponReminders extends Suite<CouponReminder> {
        CouponReminders() {
            super(CouponReminderSerializer.INSTANCE, List.of(new CouponReminder(), reminder()));
        }
    }

    @Nested
    class CustomerProfiles extends Suite<CustomerProfile> {
        CustomerProfiles() {
            super(
                    CustomerProfileSerializer.INSTANCE,
                    List.of(new CustomerProfile(), profile(), predictedProfile()));
        }
    }

    @Nested
    class Triggers extends Suite<Trigger> {
        Triggers() {
            super(
                    TriggerSerializer.INSTANCE,
                    List.of(new Trigger(), reminderTrigger(), couponTrigger()));
        }
    }

    @Nested
    class OrderAlertsState extends Suite<OrderAlerts> {
        OrderAlertsState() {
            super(OrderAlertsSerializer.INSTANCE, List.of(new OrderAlerts(), plannedAlerts()));
        }
    }

    @Nested
    class OrderAlertRows extends Suite<OrderAlert> {
        OrderAlertRows() {
            super(OrderAlertSerializer.INSTANCE, List.of(new OrderAlert(), orderAlert()));
        }
    }

    @Nested
    class MetricRows extends Suite<MetricRow> {
        MetricRows() {
            super(
                    MetricRowSerializer.INSTANCE,
                    List.of(
                            new MetricRow(),
                            periodRow(),
                            new MetricRow(
                                    MetricKey.cohort(
                                            PeriodType.WEEK, LocalDate.of(1969, 12, 29), 3),
                                    new long[0]),
                            new MetricRow(
                                    MetricKey.categoryCycle("coffee"),
                                    new long[] {0, 1, 28, 4, 365, Long.MAX_VALUE}),
                            campaignEffectRow()));
        }
    }

    static OrderChange paidOrder() {
        Order o = new Order();
        o.orderId = "o-1";
        o.customerId = "c-1";
        o.status = OrderStatus.PARTIALLY_REFUNDED;
        o.totalCents = 12_345;
        o.refundedCents = 2_000;
        o.currency = "EUR";
        o.channel = "web";
        o.region = "north";
        o.campaignId = "spring";
        o.couponId = "cp-1";
        o.createdAt = T0;
        o.paidAt = T0 + 60_000;
        o.shippedAt = T0 + DAY;
        o.deliveredAt = T0 + 3 * DAY;
        o.promisedDeliveryAt = T0 + 2 * DAY;
        o.updatedAt = T0 + 10 * DAY;
        o.contactHash = "9f86d081884c7d65";
        return OrderChange.ofOrder(o, false, new SourcePosition(T0 + 10 * DAY, 123_456_789L, 2))
                .from("orders", 1, 4_567);
    }

    /** paidOrder() of a flash sale, with its device, IP and address hashes (SPEC 8.2). */
    static OrderRecord flashSaleRecord() {
        OrderRecord r = heldOrder();
        r.order.deviceHash = "d41d8cd98f00b204";
        r.order.ipHash = "e3b0c44298fc1c14";
        r.order.addressHash = "a665a45920422f9d";
        r.flashSale = "spring";
        return r;
    }

    static FlashSaleOrder flashSaleOrder() {
        FlashSaleOrder o = new FlashSaleOrder();
        o.campaignId = "spring";
        o.orderId = "o-1";
        o.customerId = "c-1";
        o.purchaseAt = T0 + 60_000;
        o.totalCents = 12_345;
        o.deviceHash = "d41d8cd98f00b204";
        o.ipHash = null;
        o.addressHash = "a665a45920422f9d";
        o.ranked = true;
        o.outcome = purchaseOutcome();
        return o;
    }

    static FlashSaleEntry flaggedEntry() {
        FlashSaleEntry e = new FlashSaleEntry();
        e.order = flashSaleOrder();
        e.rule = AbuseRule.ADDRESS;
        e.rank = 2;
        e.announced = true;
        return e;
    }

    static RankedOrders rankedOrders() {
        RankedOrders r = new RankedOrders();
        r.times.addAll(List.of(T0, T0, T0 + 60_000));
        r.orderIds.addAll(List.of("o-1", "o-2", "o-10"));
        return r;
    }

    static AbuseFlag abuseFlag() {
        AbuseFlag f = new AbuseFlag();
        f.orderId = "o-2";
        f.campaignId = "spring";
        f.customerId = "c-2";
        f.rule = "device";
        f.rank = 2;
        f.purchaseAt = T0 + 60_000;
        f.changedAt = T0 + DAY;
        f.announce = true;
        f.deviceHash = "d41d8cd98f00b204";
        return f;
    }

    static OrderChange line() {
        OrderLine line = new OrderLine();
        line.orderId = "o-1";
        line.lineNo = 3;
        line.sku = "85123A";
        line.category = "home";
        line.quantity = 6;
        line.unitPrice = new BigDecimal("2.55");
        return OrderChange.ofLine(line, true, new SourcePosition(T0, -1, 0));
    }

    /** An order with nothing but its id and the earliest creation time; no position. */
    static OrderChange emptyChange() {
        Order o = new Order();
        o.orderId = "o-2";
        o.createdAt = Long.MIN_VALUE;
        OrderChange change = OrderChange.ofOrder(o, false, null);
        change.order.cancelledAt = Long.MAX_VALUE;
        return change;
    }

    /** A paid order, its outcome and two lines, one of them deleted. */
    static OrderRecord heldOrder() {
        OrderChange paid = paidOrder();
        OrderRecord r = new OrderRecord();
        r.order = paid.order;
        r.orderPosition = paid.position;
        r.outcome = purchaseOutcome();
        r.lines = OrderLines.encode(heldLines(), false);
        return r;
    }

    /** The lines of heldOrder(), with their source. */
    static List<OrderRecord.Line> heldLines() {
        return List.of(
                recordLine(
                        1,
                        false,
                        new SourcePosition(T0 + 10 * DAY, 123_456_789L, 0),
                        "85123A",
                        "home",
                        6,
                        new BigDecimal("2.55"),
                        "order_items",
                        1,
                        4_568),
                recordLine(
                        3,
                        true,
                        new SourcePosition(T0 + 10 * DAY, 123_456_790L, 1),
                        "71053",
                        null,
                        1,
                        null,
                        "order_items",
                        1,
                        4_569));
    }

    /**
     * heldOrder() settled, with alerts: the row's position and outcome, no row, no lines but their
     * summary, whose categories are the purchase's.
     */
    static OrderRecord settledOrder() {
        OrderRecord r = heldOrder();
        r.order = null;
        r.lines = OrderLines.NONE;
        r.settledLines =
                new OrderLines.Summary(
                        6, r.outcome.purchase.categories, r.outcome.purchase.primaryCategory);
        r.alerts = plannedAlerts();
        return r;
    }

    /**
     * heldOrder() with a settle time, a change of a line and one of the row committed after it,
     * read before event time got there.
     */
    static OrderRecord changesAfterSettleTime() {
        OrderRecord r = heldOrder();
        r.settleAt = T0 + 130 * DAY;
        OrderChange line = line();
        line.position = new SourcePosition(T0 + 135 * DAY, 123_456_800L, 0);
        r.linesAfterSettleTime = List.of(line.from("order_items", 1, 4_600));
        r.rowsAfterSettleTime = new long[] {T0 + 131 * DAY, T0 + 140 * DAY};
        return r;
    }

    /** settledOrder() whose row changed again: it settles again, so it keeps a settle time. */
    static OrderRecord settledOrderChangedAgain() {
        OrderRecord r = settledOrder();
        r.order = paidOrder().order;
        r.settleAt = T0 + 300 * DAY;
        return r;
    }

    /** heldOrder() excluded, then settled: the summary keeps the categories the outcome lacks. */
    static OrderRecord settledExclusion() {
        OrderRecord r = heldOrder();
        r.order = null;
        r.outcome = OrderOutcome.exclusion("bulk", T0, 12_345);
        r.lines = OrderLines.NONE;
        r.settledLines = new OrderLines.Summary(6, new String[] {"home"}, "home");
        return r;
    }

    /** A line waiting for its order, with its deadline; no position, no source. */
    static OrderRecord orphanLines() {
        OrderRecord r = new OrderRecord();
        r.orphanDeadline = T0 + 7 * DAY;
        r.lines =
                OrderLines.encode(
                        List.of(
                                recordLine(
                                        2,
                                        false,
                                        null,
                                        null,
                                        "tea",
                                        2,
                                        new BigDecimal("4.50"),
                                        null,
                                        0,
                                        100)),
                        true);
        return r;
    }

    /** A deleted order with extreme line numbers, positions and offsets, and a topic change. */
    static OrderRecord deletedOrder() {
        OrderRecord r = new OrderRecord();
        r.order = emptyChange().order;
        r.orderDeleted = true;
        r.orderPosition = new SourcePosition(Long.MIN_VALUE, 0, Long.MAX_VALUE);
        r.outcome = exclusion();
        r.settleAt = Long.MAX_VALUE;
        r.lines =
                OrderLines.encode(
                        List.of(
                                recordLine(
                                        Integer.MIN_VALUE,
                                        false,
                                        new SourcePosition(Long.MAX_VALUE, Long.MIN_VALUE, -1),
                                        "a",
                                        "",
                                        -3,
                                        BigDecimal.ZERO,
                                        "order_items",
                                        Integer.MAX_VALUE,
                                        Long.MAX_VALUE),
                                recordLine(
                                        Integer.MAX_VALUE,
                                        false,
                                        new SourcePosition(Long.MIN_VALUE, Long.MAX_VALUE, 0),
                                        "b",
                                        "tea",
                                        Long.MAX_VALUE,
                                        new BigDecimal("-1E+30"),
                                        null,
                                        -1,
                                        Long.MIN_VALUE)),
                        true);
        return r;
    }

    static OrderRecord.Line recordLine(
            int lineNo,
            boolean deleted,
            SourcePosition position,
            String sku,
            String category,
            long quantity,
            BigDecimal unitPrice,
            String topic,
            int partition,
            long offset) {
        OrderRecord.Line line = new OrderRecord.Line();
        line.lineNo = lineNo;
        line.deleted = deleted;
        line.position = position;
        line.sku = sku;
        line.category = category;
        line.quantity = quantity;
        line.unitPrice = unitPrice;
        line.amount = OrderRecord.Line.amount(unitPrice, quantity);
        line.sourceTopic = topic;
        line.sourcePartition = partition;
        line.sourceOffset = offset;
        return line;
    }

    /** {@link #purchase} as the customer's history keeps it: no categories, channel or region. */
    static Purchase plannedPurchase(String orderId, long at) {
        Purchase p = purchase(orderId, at);
        p.categories = new String[0];
        p.channel = null;
        p.region = null;
        return p;
    }

    static Purchase purchase(String orderId, long at) {
        Purchase p = new Purchase();
        p.orderId = orderId;
        p.purchasedAt = at;
        p.netCents = 4_599;
        p.categories = new String[] {"coffee", "tea"};
        p.primaryCategory = "coffee";
        p.channel = "app";
        p.region = "south";
        p.campaignId = null;
        p.couponId = "cp-" + orderId;
        return p;
    }

    static OrderOutcome purchaseOutcome() {
        OrderOutcome o = new OrderOutcome();
        o.customerId = "c-1";
        o.purchase = purchase("o-1", T0);
        return o;
    }

    static OrderOutcome exclusion() {
        OrderOutcome o = new OrderOutcome();
        o.exclusionReason = "bulk";
        o.exclusionTime = T0;
        o.exclusionCents = -250;
        return o;
    }

    static Coupon coupon() {
        return new Coupon("cp-1", "c-1", "spring", T0, T0 + 30 * DAY, null);
    }

    static Coupon redeemedCoupon() {
        return new Coupon("cp-2", "c-1", null, T0, T0 - DAY, "o-9");
    }

    static CouponChange deletedCoupon() {
        CouponChange change = new CouponChange();
        change.couponId = "cp-3";
        change.deleted = true;
        return change;
    }

    /**
     * A customer with a settled change, a purchase held since before it, one that ended, one that
     * begins after it, a coupon with its reminder plan, stage, RFM and timer.
     */
    /** A customer with no purchase yet, registered and referred by two levels (SPEC 8.1). */
    static CustomerState referredCustomer() {
        CustomerState c = new CustomerState();
        c.referral = new Referral(T0 - DAY, new String[] {"c-9", "c-8"});
        return c;
    }

    /** A customer's state, its purchases as the history keeps them: what the planners read. */
    static CustomerState customer() {
        return customer(StateSerializersTest::plannedPurchase);
    }

    /**
     * {@link #customer()} with every field of a purchase, as states before version 5 could hold.
     */
    static CustomerState customerWithWholePurchases() {
        return customer(StateSerializersTest::purchase);
    }

    private static CustomerState customer(BiFunction<String, Long, Purchase> purchase) {
        CustomerState c = new CustomerState();
        c.history =
                new PurchaseHistory(
                        new ArrayList<>(
                                List.of(
                                        new PurchaseHistory.Version(
                                                purchase.apply("o-1", T0),
                                                Long.MIN_VALUE,
                                                Long.MAX_VALUE),
                                        new PurchaseHistory.Version(
                                                purchase.apply("o-2", T0 + 3 * DAY),
                                                T0 + 3 * DAY + 3_600_000L,
                                                T0 + 20 * DAY),
                                        new PurchaseHistory.Version(
                                                purchase.apply("o-3", T0 - DAY),
                                                T0 + 40 * DAY,
                                                Long.MAX_VALUE))),
                        T0 + DAY);
        Coupon coupon = coupon();
        c.coupons.put(coupon.couponId, coupon);
        c.couponReminders.put(coupon.couponId, reminder());
        c.handledUpTo = T0 + 2 * DAY;
        c.stage = LifecycleStage.DORMANT;
        c.segment = Segment.AT_RISK;
        c.recencyScore = 2;
        c.frequencyScore = 3;
        c.monetaryScore = 5;
        c.monetaryCents = 987_654;
        c.timer = T0 + 90 * DAY;
        return c;
    }

    static CouponReminder reminder() {
        CouponReminder r = new CouponReminder();
        r.from = new long[] {T0, T0 + DAY};
        r.dueAt = new long[] {T0 + 27 * DAY, CouponReminder.NONE};
        r.expiresAt = new long[] {T0 + 30 * DAY, T0 + 30 * DAY};
        r.campaignIds = new String[] {"spring", null};
        r.handledUpTo = T0 + 2 * DAY;
        return r;
    }

    static PredictionModel predictionModel() {
        return new PredictionModel(
                T0 + DAY,
                1_000_000,
                new BgNbd(0.5, 30, 1.2, 3.5),
                -1.25e7,
                new GammaGamma(6.25, 3.74, 15.44));
    }

    /** {@link #profile()} with a prediction (SPEC 9), its predicted value unknown. */
    static CustomerProfile predictedProfile() {
        CustomerProfile p = profile();
        p.pAlive = 0.75;
        p.expectedPurchases = 1.5;
        return p;
    }

    static CustomerProfile profile() {
        CustomerProfile p = new CustomerProfile();
        p.customerId = "c-1";
        p.firstPurchaseAt = T0;
        p.lastPurchaseAt = T0 + 40 * DAY;
        p.purchases = 3;
        p.netCents = 13_797;
        p.expectedNextPurchaseAt = T0 + 60 * DAY;
        p.lifecycleStage = "ACTIVE";
        p.rfmR = 5;
        p.rfmF = 2;
        p.rfmM = null;
        p.segment = "REGULAR";
        p.habitualHour = 20;
        p.habitualWeekday = 1;
        return p;
    }

    /**
     * An order's alerts: a settled version that plans PAYMENT_DUE, and two waiting ones (one
     * without a customer, one deleted) with a timer; due times before the commit are possible in a
     * version.
     */
    static OrderAlerts plannedAlerts() {
        OrderAlerts alerts = new OrderAlerts();
        alerts.settled = alertStep(new SourcePosition(T0, 7, 0), "c-1", T0 + 22 * 3_600_000L);
        alerts.settled.calledFor = 1;
        OrderAlerts.Step paid = alertStep(new SourcePosition(T0 + 600_000, 9, 2), null, T0 - 1);
        paid.dueAt[1] = T0 + 2 * DAY;
        paid.dueAt[2] = Long.MAX_VALUE;
        paid.calledFor = 6;
        alerts.pending.add(paid);
        alerts.pending.add(alertStep(new SourcePosition(T0 + DAY, 0, 0), "c-1", OrderAlerts.NONE));
        alerts.timer = T0 + 22 * 3_600_000L;
        return alerts;
    }

    private static OrderAlerts.Step alertStep(
            SourcePosition position, String customerId, long paymentDue) {
        OrderAlerts.Step step = new OrderAlerts.Step();
        step.position = position;
        step.customerId = customerId;
        step.dueAt = new long[] {paymentDue, OrderAlerts.NONE, OrderAlerts.NONE};
        return step;
    }

    static OrderAlert orderAlert() {
        return OrderAlert.of(AlertType.SHIP_LATE, "o-1", "c-1", T0 + 2 * DAY, T0);
    }

    /** A reminder as the lifecycle fires it; due before the last purchase is not possible. */
    static Trigger reminderTrigger() {
        Trigger t = new Trigger();
        t.triggerId = "5f0c3a9e";
        t.type = "REPLENISH_REMINDER";
        t.customerId = "c-1";
        t.dueAt = T0 + 25 * DAY;
        t.lastPurchaseAt = T0;
        t.expectedAt = T0 + 30 * DAY;
        t.category = "coffee";
        t.segment = "CORE";
        t.reason = "expected repurchase after 30 days (category default)";
        t.status = Trigger.SENT;
        return t;
    }

    /** A coupon reminder of a customer without purchases: no last purchase, no expected date. */
    static Trigger couponTrigger() {
        Trigger t = new Trigger();
        t.triggerId = "0b7d44e1";
        t.type = "COUPON_EXPIRING";
        t.customerId = "c-2";
        t.dueAt = -DAY;
        t.reason = "coupon cp-1 of campaign spring expires";
        t.status = Trigger.SUPPRESSED;
        t.couponId = "cp-1";
        t.campaignId = "spring";
        t.expiresAt = Long.MAX_VALUE;
        return t;
    }

    static MetricRow periodRow() {
        return new MetricRow(
                MetricKey.period(PeriodType.MONTH, LocalDate.of(2025, 3, 1), "category", "coffee"),
                new long[] {12, 3, 5, 7, 20, 8, 12, 98_765, -4_321, 0});
    }

    static MetricRow campaignEffectRow() {
        return new MetricRow(MetricKey.campaignEffect("spring"), new long[] {40, 12, 300, 60});
    }
}
