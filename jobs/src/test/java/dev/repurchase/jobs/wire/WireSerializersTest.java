package dev.repurchase.jobs.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.cdc.SourcePosition;
import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.metric.MetricKey;
import dev.repurchase.common.order.Coupon;
import dev.repurchase.common.order.CouponChange;
import dev.repurchase.common.order.CouponUpdate;
import dev.repurchase.common.order.Order;
import dev.repurchase.common.order.OrderChange;
import dev.repurchase.common.order.OrderLine;
import dev.repurchase.common.order.OrderStatus;
import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.order.PurchaseChange;
import dev.repurchase.common.period.PeriodType;
import dev.repurchase.common.predict.RepeatBuying;
import dev.repurchase.common.predict.RepeatBuyingChange;
import dev.repurchase.jobs.customer.LifecycleEvent;
import dev.repurchase.jobs.ingest.DeadLetter;
import dev.repurchase.jobs.ingest.DecodedChange;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;
import org.junit.jupiter.api.Nested;

/**
 * Flink's serializer test suite (round trips singly and in sequence, copies, snapshot and restore,
 * Java serialization of the serializer) for every serializer of the records between operators, over
 * typical records and the edge cases: nulls, empty arrays, negative and extreme numbers.
 */
class WireSerializersTest {

    static final long T0 = Instant.parse("2025-03-01T10:15:30Z").toEpochMilli();
    static final long DAY = 86_400_000L;

    /** The suite for one serializer; records compare field by field (the types have no equals). */
    abstract static class Suite<T> extends SerializerTestBase<T> {

        private final WireSerializer<T> serializer;
        private final List<T> values;

        Suite(WireSerializer<T> serializer, List<T> values) {
            super(
                    new DeeplyEqualsChecker()
                            .withCustomCheck(
                                    (a, b) -> isProjectType(a) && isProjectType(b),
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

    private static boolean isProjectType(Object value) {
        return value.getClass().getName().startsWith("dev.repurchase.");
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
    class DecodedChanges extends Suite<DecodedChange> {
        DecodedChanges() {
            super(
                    DecodedChangeSerializer.INSTANCE,
                    List.of(
                            decoded(paidOrder(), null, null),
                            decoded(line(), null, null),
                            decoded(null, couponChange(), null),
                            decoded(null, null, deadLetter()),
                            new DecodedChange()));
        }
    }

    @Nested
    class PurchaseChanges extends Suite<PurchaseChange> {
        PurchaseChanges() {
            super(
                    PurchaseChangeSerializer.INSTANCE,
                    List.of(
                            PurchaseChange.upsert("c-1", purchase("o-1", T0)),
                            PurchaseChange.upsert("c-2", purchaseWithoutLines("o-2", -DAY)),
                            PurchaseChange.remove("c-1", "o-3"),
                            PurchaseChange.lines("c-1", "o-4", "giftware", false),
                            PurchaseChange.lines("c-2", "o-5", null, true),
                            new PurchaseChange()));
        }
    }

    @Nested
    class MetricDeltas extends Suite<MetricDelta> {
        MetricDeltas() {
            super(
                    MetricDeltaSerializer.INSTANCE,
                    List.of(
                            new MetricDelta(
                                    MetricKey.period(
                                            PeriodType.MONTH,
                                            LocalDate.of(2025, 3, 1),
                                            "category",
                                            "coffee"),
                                    0,
                                    new long[] {1, 0, -1, 4_599, -4_599, 0, 0, 1, 1, 0}),
                            new MetricDelta(
                                    MetricKey.cohort(
                                            PeriodType.WEEK, LocalDate.of(1969, 12, 29), 3),
                                    0,
                                    new long[0]),
                            new MetricDelta(
                                    MetricKey.categoryCycle("tea"),
                                    Integer.MAX_VALUE,
                                    new long[] {Long.MIN_VALUE}),
                            new MetricDelta(
                                    MetricKey.baselineMonth(LocalDate.of(2025, 1, 1)), -3, null)));
        }
    }

    @Nested
    class RepeatBuyingChanges extends Suite<RepeatBuyingChange> {
        RepeatBuyingChanges() {
            super(
                    RepeatBuyingChangeSerializer.INSTANCE,
                    List.of(
                            new RepeatBuyingChange(new RepeatBuying(0, 0, 14_975, 0), 1),
                            new RepeatBuyingChange(new RepeatBuying(12, 300, -40, 987_654), -1)));
        }
    }

    @Nested
    class CouponUpdates extends Suite<CouponUpdate> {
        CouponUpdates() {
            super(
                    CouponUpdateSerializer.INSTANCE,
                    List.of(
                            CouponUpdate.upsert(
                                    couponChange().coupon, new SourcePosition(T0, 7, 0)),
                            CouponUpdate.remove("c-1", "cp-1", new SourcePosition(-1, 0, 3)),
                            new CouponUpdate()));
        }
    }

    @Nested
    class DeadLetters extends Suite<DeadLetter> {
        DeadLetters() {
            super(DeadLetterSerializer.INSTANCE, List.of(deadLetter(), new DeadLetter()));
        }
    }

    @Nested
    class LifecycleEvents extends Suite<LifecycleEvent> {
        LifecycleEvents() {
            super(LifecycleEventSerializer.INSTANCE, List.of(stageChange(), new LifecycleEvent()));
        }
    }

    static DecodedChange decoded(OrderChange change, CouponChange coupon, DeadLetter letter) {
        DecodedChange decoded = new DecodedChange();
        decoded.change = change;
        decoded.coupon = coupon;
        decoded.deadLetter = letter;
        return decoded;
    }

    static OrderChange paidOrder() {
        Order o = new Order();
        o.orderId = "o-1";
        o.customerId = "c-1";
        o.status = OrderStatus.PAID;
        o.totalCents = 12_345;
        o.currency = "EUR";
        o.channel = "web";
        o.region = "north";
        o.campaignId = "spring";
        o.createdAt = T0;
        o.paidAt = T0 + 60_000;
        o.updatedAt = T0 + 60_000;
        return OrderChange.ofOrder(o, false, new SourcePosition(T0 + 60_000, 123_456_789L, 0))
                .from("orders", 1, 4_567);
    }

    static OrderChange line() {
        OrderLine line = new OrderLine();
        line.orderId = "o-1";
        line.lineNo = 2;
        line.sku = "85123A";
        line.category = "home";
        line.quantity = 6;
        line.unitPrice = new BigDecimal("2.55");
        return OrderChange.ofLine(line, true, new SourcePosition(T0, -1, 1))
                .from("order_items", 0, 0);
    }

    static CouponChange couponChange() {
        return CouponChange.of(
                new Coupon("cp-1", "c-1", "spring", T0, T0 + 30 * DAY, null),
                false,
                new SourcePosition(T0, 7, 0));
    }

    static DeadLetter deadLetter() {
        return new DeadLetter(
                "orders", 2, Long.MAX_VALUE, "truncated JSON", "{\"op\":\"c\",\"after\":{\"id\"");
    }

    static Purchase purchase(String orderId, long at) {
        Purchase p = purchaseWithoutLines(orderId, at);
        p.categories = new String[] {"coffee", "tea"};
        p.primaryCategory = "coffee";
        p.couponId = "cp-" + orderId;
        return p;
    }

    static Purchase purchaseWithoutLines(String orderId, long at) {
        Purchase p = new Purchase();
        p.orderId = orderId;
        p.purchasedAt = at;
        p.netCents = -250;
        p.categories = new String[0];
        p.channel = "app";
        p.region = "south";
        return p;
    }

    static LifecycleEvent stageChange() {
        LifecycleEvent e = new LifecycleEvent();
        e.eventId = "7c1e";
        e.customerId = "c-1";
        e.fromStage = "ACTIVE";
        e.toStage = "DORMANT";
        e.at = T0 + 90 * DAY;
        e.reason = "no purchase for 90 days";
        return e;
    }
}
