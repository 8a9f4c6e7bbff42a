package dev.repurchase.common.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.order.Purchase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lead 5, grace 10, min samples 20, min cycle 3, default 30, coffee 21, dormant 90, churn 180. */
class ReminderPolicyTest {

    private static final Instant JAN_01 = Instant.parse("2025-01-01T08:00:00Z");
    private static final long DAY = Duration.ofDays(1).toMillis();

    private final ReminderPolicy policy =
            new ReminderPolicy(5, 10, 20, 3, 30, Map.of("coffee", 21), 90, 180);

    private static CustomerSnapshot buying(String category, int... daysAfterJan01) {
        List<Purchase> sequence = new ArrayList<>();
        for (int d : daysAfterJan01) {
            Purchase p = new Purchase();
            p.orderId = "o" + d;
            p.purchasedAt = JAN_01.toEpochMilli() + d * DAY;
            p.categories = new String[] {category};
            p.primaryCategory = category;
            sequence.add(p);
        }
        return CustomerSnapshot.of("c", sequence);
    }

    @Test
    void configuredCategoryCycleThenDefault() {
        assertThat(policy.cycle(buying("coffee", 0), null).days()).isEqualTo(21);
        assertThat(policy.cycle(buying("tea", 0), null).days()).isEqualTo(30);
    }

    @Test
    void learnedMedianNeedsMinSamples() {
        CustomerSnapshot s = buying("coffee", 0);
        assertThat(policy.cycle(s, new CategoryCycle("coffee", 19, 12)).days()).isEqualTo(21);
        assertThat(policy.cycle(s, new CategoryCycle("coffee", 20, 12)).days()).isEqualTo(12);
    }

    @Test
    void ownLowerMedianFromThreePurchases() {
        // intervals 10, 40, 20 -> sorted 10, 20, 40 -> lower median 20
        CustomerSnapshot s = buying("coffee", 0, 10, 50, 70);
        assertThat(policy.cycle(s, new CategoryCycle("coffee", 100, 12)).days()).isEqualTo(20);
    }

    @Test
    void cycleIsNeverBelowTheMinimum() {
        CustomerSnapshot sameDay = buying("coffee", 0, 0, 0);
        assertThat(policy.cycle(sameDay, null).days()).isEqualTo(3);
    }

    @Test
    void plannedTriggersFromTheLastPurchase() {
        CustomerSnapshot s = buying("coffee", 0);
        long expected = policy.expectedAt(s, policy.cycle(s, null));

        assertThat(expected).isEqualTo(JAN_01.toEpochMilli() + 21 * DAY);
        assertThat(policy.plan(s, expected))
                .containsExactly(
                        new PlannedTrigger(TriggerType.REPLENISH_REMINDER, expected - 5 * DAY),
                        new PlannedTrigger(TriggerType.OVERDUE_FOLLOW_UP, expected + 10 * DAY),
                        new PlannedTrigger(TriggerType.DORMANT, s.lastPurchaseAt() + 90 * DAY),
                        new PlannedTrigger(TriggerType.CHURNED, s.lastPurchaseAt() + 180 * DAY));
    }

    @Test
    void reminderDueNotAfterTheLastPurchaseIsNotPlanned() {
        CustomerSnapshot sameDay = buying("coffee", 0, 0, 0);
        long expected = policy.expectedAt(sameDay, policy.cycle(sameDay, null));

        // cycle 3 days, lead 5: the reminder would be due before the purchase
        assertThat(policy.plan(sameDay, expected))
                .extracting(PlannedTrigger::type)
                .doesNotContain(TriggerType.REPLENISH_REMINDER);
    }

    @Test
    void stagesAsOfAnInstant() {
        CustomerSnapshot once = buying("coffee", 0);
        CustomerSnapshot twice = buying("coffee", 0, 5);

        assertThat(policy.stage(once, once.lastPurchaseAt())).isEqualTo(LifecycleStage.NEW);
        assertThat(policy.stage(twice, twice.lastPurchaseAt())).isEqualTo(LifecycleStage.ACTIVE);
        assertThat(policy.stage(twice, twice.lastPurchaseAt() + 90 * DAY - 1))
                .isEqualTo(LifecycleStage.ACTIVE);
        assertThat(policy.stage(twice, twice.lastPurchaseAt() + 90 * DAY))
                .isEqualTo(LifecycleStage.DORMANT);
        assertThat(policy.stage(twice, twice.lastPurchaseAt() + 180 * DAY))
                .isEqualTo(LifecycleStage.CHURNED);
    }
}
