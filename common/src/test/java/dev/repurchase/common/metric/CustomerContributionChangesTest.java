package dev.repurchase.common.metric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.order.RandomHistories;
import dev.repurchase.common.period.BusinessCalendar;
import dev.repurchase.common.period.PeriodType;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link CustomerContributions#changes} against the whole recomputation, {@code diff(of(before),
 * of(after))}, on the random histories and changes of {@link RandomHistories}, with every period
 * type in a zone with daylight saving time.
 */
class CustomerContributionChangesTest {

    private static final MetricSettings EVERY_PERIOD_TYPE =
            new MetricSettings(
                    new BusinessCalendar(RandomHistories.ZONE),
                    List.of(PeriodType.values()),
                    new PriceBands(List.of(BigDecimal.ZERO, new BigDecimal("25"))),
                    7);

    @Test
    void everyChangeGivesTheDeltasOfTheWholeRecomputation() {
        List<RandomHistories.Change> changes = RandomHistories.changes(20261207, 3_000);
        for (int i = 0; i < changes.size(); i++) {
            RandomHistories.Change change = changes.get(i);
            assertThat(
                            byCell(
                                    CustomerContributions.changes(
                                            change.before(), change.after(), EVERY_PERIOD_TYPE)))
                    .as("history %d", i)
                    .isEqualTo(
                            byCell(
                                    CustomerContributions.diff(
                                            CustomerContributions.of(
                                                    change.before(), EVERY_PERIOD_TYPE),
                                            CustomerContributions.of(
                                                    change.after(), EVERY_PERIOD_TYPE))));
        }
        // Most changes leave the first purchase alone: they take the path of touched periods.
        assertThat(changes.stream().filter(RandomHistories.Change::keepsTheFirstPurchase).count())
                .isGreaterThan(1_500);
    }

    /** The deltas by cell, in a comparable form; a cell appears once. */
    private static Map<String, List<Long>> byCell(List<MetricDelta> deltas) {
        Map<String, List<Long>> cells = new TreeMap<>();
        for (MetricDelta delta : deltas) {
            List<Long> values = Arrays.stream(delta.values).boxed().toList();
            String cell = delta.key + "@" + delta.bucket;
            assertThat(cells.put(cell, values)).as("%s twice", cell).isNull();
        }
        return cells;
    }
}
