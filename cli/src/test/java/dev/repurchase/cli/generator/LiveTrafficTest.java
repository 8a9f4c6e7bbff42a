package dev.repurchase.cli.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.repurchase.cli.replay.ChangeEvent;
import dev.repurchase.cli.replay.ItemRow;
import dev.repurchase.cli.replay.OrderRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LiveTrafficTest {

    private static final Instant MARCH_1 = Instant.parse("2024-03-01T00:00:00Z");
    private static final Instant JUNE_1 = Instant.parse("2024-06-01T00:00:00Z");

    /** Three months of a 400-customer shop. */
    private static final ShopProfile SHOP = ShopProfile.demo(400, MARCH_1, JUNE_1, 11);

    @Test
    void handsOverChangesInCommitTimeOrderAndNothingBeyondTheRequestedInstant() {
        LiveTraffic live = new LiveTraffic(SHOP);
        SplittableRandom steps = new SplittableRandom(3);
        Instant previousUntil = MARCH_1.minusNanos(1);
        Instant lastEventTime = Instant.MIN;
        long events = 0;

        for (Instant until = MARCH_1; !live.exhausted(); ) {
            LiveTraffic.Batch batch = live.advanceTo(until);

            for (ChangeEvent event : batch.events()) {
                assertThat(event.eventTime())
                        .isAfter(previousUntil)
                        .isBeforeOrEqualTo(until)
                        .isAfterOrEqualTo(lastEventTime);
                lastEventTime = event.eventTime();
            }
            events += batch.events().size();
            previousUntil = until;
            // Irregular steps: from a second to two days, sometimes not moving at all.
            until = until.plusSeconds(steps.nextLong(2 * 86_400));
        }

        assertThat(events).isGreaterThan(1_000);
        assertThat(lastEventTime).isAfter(JUNE_1.minus(Duration.ofDays(7)));
    }

    @Test
    void theRowsOfABatchStandAsOfItsInstant() {
        LiveTraffic live = new LiveTraffic(SHOP);

        for (Instant until = MARCH_1; !live.exhausted(); until = until.plus(Duration.ofHours(7))) {
            LiveTraffic.Batch batch = live.advanceTo(until);
            Instant asOf = until;

            assertThat(batch.until()).isEqualTo(until);
            assertThat(batch.rows().orders())
                    .allSatisfy(
                            order -> {
                                assertThat(order.updatedAt()).isBeforeOrEqualTo(asOf);
                                assertThat(order.createdAt()).isBeforeOrEqualTo(asOf);
                                for (Instant time :
                                        java.util.Arrays.asList(
                                                order.paidAt(),
                                                order.shippedAt(),
                                                order.deliveredAt(),
                                                order.cancelledAt())) {
                                    assertThat(time == null || !time.isAfter(asOf)).isTrue();
                                }
                            });
            assertThat(batch.rows().orders())
                    .extracting(OrderRow::orderId)
                    .containsExactlyInAnyOrderElementsOf(
                            batch.events().stream().map(ChangeEvent::orderId).distinct().toList());
            assertThat(batch.coupons())
                    .allSatisfy(coupon -> assertThat(coupon.issuedAt()).isBeforeOrEqualTo(asOf));
        }
    }

    @Test
    void liveTrafficUpToTheEndIsTheBoundedHistory() {
        GeneratedShop bounded = OrderTraffic.generate(SHOP);
        LiveTraffic live = new LiveTraffic(SHOP);
        Map<String, OrderRow> orders = new LinkedHashMap<>();
        List<ItemRow> items = new ArrayList<>();
        Map<String, CouponRow> coupons = new LinkedHashMap<>();

        for (Instant until = MARCH_1; until.isBefore(JUNE_1); until = until.plusSeconds(20_000)) {
            collect(live.advanceTo(until), orders, items, coupons);
        }
        collect(live.advanceTo(JUNE_1), orders, items, coupons);

        assertThat(OrderTrafficTest.inIdOrder(orders.values()))
                .isEqualTo(bounded.history().orders());
        assertThat(OrderTrafficTest.inLineOrder(items)).isEqualTo(bounded.history().items());
        assertThat(OrderTrafficTest.inIssueOrder(coupons.values())).isEqualTo(bounded.coupons());
    }

    @Test
    void afterTheEndOnlyTheLaterChangesOfEarlierOrdersComeDue() {
        LiveTraffic live = new LiveTraffic(SHOP);
        live.advanceTo(JUNE_1);

        LiveTraffic.Batch after = live.advanceTo(JUNE_1.plus(Duration.ofDays(60)));

        assertThat(after.rows().orders())
                .isNotEmpty()
                .allSatisfy(order -> assertThat(order.createdAt()).isBefore(JUNE_1));
        assertThat(after.rows().items()).isEmpty();
        assertThat(live.exhausted()).isTrue();
        assertThat(live.nextChangeAt()).isNull();
    }

    @Test
    void theSameProfileGoesLiveTheSameWay() {
        LiveTraffic first = new LiveTraffic(SHOP);
        LiveTraffic second = new LiveTraffic(SHOP);
        Instant until = MARCH_1.plus(Duration.ofDays(20));

        assertThat(second.advanceTo(until).events()).isEqualTo(first.advanceTo(until).events());
    }

    @Test
    void theClockRunsAtTheSpeedUp() {
        LiveTraffic oneDayPerSecond = new LiveTraffic(SHOP, Duration.ofDays(1));

        assertThat(oneDayPerSecond.simulatedTime(Duration.ZERO)).isEqualTo(MARCH_1);
        assertThat(oneDayPerSecond.simulatedTime(Duration.ofMillis(2_500)))
                .isEqualTo(MARCH_1.plus(Duration.ofHours(60)));

        LiveTraffic.Batch batch = oneDayPerSecond.advanceBy(Duration.ofSeconds(3));
        assertThat(batch.until()).isEqualTo(MARCH_1.plus(Duration.ofDays(3)));
        assertThat(oneDayPerSecond.reached()).isEqualTo(batch.until());
    }

    @Test
    void timeDoesNotRunBackwards() {
        LiveTraffic live = new LiveTraffic(SHOP);
        live.advanceTo(MARCH_1.plus(Duration.ofDays(2)));

        assertThat(live.advanceTo(MARCH_1.plus(Duration.ofDays(2))).isEmpty()).isTrue();
        assertThatThrownBy(() -> live.advanceTo(MARCH_1.plus(Duration.ofDays(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("time runs forward");
    }

    private static void collect(
            LiveTraffic.Batch batch,
            Map<String, OrderRow> orders,
            List<ItemRow> items,
            Map<String, CouponRow> coupons) {
        batch.rows().orders().forEach(order -> orders.put(order.orderId(), order));
        items.addAll(batch.rows().items());
        batch.coupons().forEach(coupon -> coupons.put(coupon.couponId(), coupon));
    }
}
