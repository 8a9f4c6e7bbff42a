package dev.repurchase.common.customer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.order.RandomHistories;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The intervals a customer contributes to the learned cycles, and how a refund changes them. */
class CategoryIntervalsTest {

    private static final Instant JAN_01 = Instant.parse("2025-01-01T10:00:00Z");

    private static Purchase bought(String orderId, int day, String... categories) {
        Purchase p = new Purchase();
        p.orderId = orderId;
        p.purchasedAt = JAN_01.plus(Duration.ofDays(day)).toEpochMilli();
        p.categories = categories;
        return p;
    }

    private static CategoryIntervals.Interval interval(String category, int startDay, int days) {
        return new CategoryIntervals.Interval(
                category, JAN_01.plus(Duration.ofDays(startDay)).toEpochMilli(), days);
    }

    @Test
    void consecutivePurchasesOfACategoryWithinTheHorizon() {
        List<Purchase> sequence =
                List.of(
                        bought("A", 0, "coffee", "tea"),
                        bought("B", 10, "coffee"),
                        bought("C", 40, "tea"),
                        bought("D", 131, "coffee"));

        assertThat(CategoryIntervals.of(sequence, 90))
                .containsOnlyKeys(interval("coffee", 0, 10), interval("tea", 0, 40));
    }

    @Test
    void aRefundReplacesTwoIntervalsByTheOneAcrossIt() {
        List<Purchase> before =
                List.of(
                        bought("A", 0, "coffee"),
                        bought("B", 10, "coffee"),
                        bought("C", 25, "coffee"));
        List<Purchase> after = List.of(bought("A", 0, "coffee"), bought("C", 25, "coffee"));

        assertThat(CategoryIntervals.diff(before, after, 90))
                .containsExactlyInAnyOrder(
                        new CategoryIntervals.Change(interval("coffee", 0, 25), 1),
                        new CategoryIntervals.Change(interval("coffee", 0, 10), -1),
                        new CategoryIntervals.Change(interval("coffee", 10, 15), -1));
    }

    @Test
    void aChangeCountsOnlyItsCategoriesAndGivesWhatTheWholeSequencesGive() {
        for (RandomHistories.Change change : RandomHistories.changes(20261207, 3_000)) {
            Map<CategoryIntervals.Interval, Integer> counts =
                    new HashMap<>(CategoryIntervals.of(change.before(), 90));
            CategoryIntervals.diff(change.before(), change.after(), 90)
                    .forEach(c -> counts.merge(c.interval(), c.delta(), Integer::sum));
            counts.values().removeIf(count -> count == 0);

            assertThat(counts).isEqualTo(CategoryIntervals.of(change.after(), 90));
        }
    }
}
