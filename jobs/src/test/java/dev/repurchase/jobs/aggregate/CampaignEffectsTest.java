package dev.repurchase.jobs.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.metric.MetricKey;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * campaign_effect from campaign_month and baseline_month rows (absolute values, as the aggregator
 * writes them). spring has customers in January and February, summer in February only:
 *
 * <pre>
 *   baseline January  [10, 4]     spring January  [3, 2]
 *   baseline February [20, 5]     spring February [1, 0]    summer February [2, 2]
 *   baseline March    [7, 7]      (no campaign in March: in no baseline)
 * </pre>
 *
 * spring = [3 + 1, 2 + 0, 10 + 20, 4 + 5] = [4, 2, 30, 9]; summer = [2, 2, 20, 5].
 */
class CampaignEffectsTest {

    private static final LocalDate JAN = LocalDate.of(2025, 1, 1);
    private static final LocalDate FEB = LocalDate.of(2025, 2, 1);
    private static final LocalDate MAR = LocalDate.of(2025, 3, 1);

    private KeyedOneInputStreamOperatorTestHarness<String, MetricRow, MetricRow> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new CampaignEffects(), row -> CampaignEffects.ALL, Types.STRING);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void baseline(LocalDate month, long customers, long repurchased) throws Exception {
        harness.processElement(
                new StreamRecord<>(
                        new MetricRow(
                                MetricKey.baselineMonth(month),
                                new long[] {customers, repurchased})));
    }

    private void campaign(String campaign, LocalDate month, long customers, long repurchased)
            throws Exception {
        harness.processElement(
                new StreamRecord<>(
                        new MetricRow(
                                MetricKey.campaignMonth(month, campaign),
                                new long[] {customers, repurchased})));
    }

    /** The latest campaign_effect row of each campaign, as the upserting sink leaves them. */
    private Map<String, List<Long>> effects() {
        Map<String, List<Long>> latest = new LinkedHashMap<>();
        for (MetricRow row : harness.extractOutputValues()) {
            latest.put(row.key.value, java.util.Arrays.stream(row.values).boxed().toList());
        }
        return latest;
    }

    private void theExample() throws Exception {
        baseline(JAN, 10, 4);
        campaign("spring", JAN, 3, 2);
        campaign("spring", FEB, 1, 0);
        campaign("summer", FEB, 2, 2);
        baseline(FEB, 20, 5);
        baseline(MAR, 7, 7);
    }

    @Test
    void anEmittedRowIsNeverChangedByLaterRows() throws Exception {
        // The harness keeps state on the heap, where the state holds the very array emitted.
        baseline(JAN, 10, 4);
        campaign("spring", JAN, 3, 2);
        MetricRow first = harness.extractOutputValues().get(0);

        campaign("spring", FEB, 1, 0);
        baseline(FEB, 20, 5);
        baseline(JAN, 11, 4);

        assertThat(first.values).containsExactly(3, 2, 10, 4);
        assertThat(effects()).containsEntry("spring", List.of(4L, 2L, 31L, 9L));
    }

    @Test
    void baselineSumsTheMonthsTheCampaignHasCustomersIn() throws Exception {
        theExample();

        assertThat(effects())
                .containsOnly(
                        Map.entry("spring", List.of(4L, 2L, 30L, 9L)),
                        Map.entry("summer", List.of(2L, 2L, 20L, 5L)));
    }

    @Test
    void whateverOrderTheRowsComeIn() throws Exception {
        baseline(MAR, 7, 7);
        baseline(FEB, 20, 5);
        campaign("summer", FEB, 2, 2);
        campaign("spring", FEB, 1, 0);
        campaign("spring", JAN, 3, 2);
        baseline(JAN, 10, 4);

        assertThat(effects())
                .containsOnly(
                        Map.entry("spring", List.of(4L, 2L, 30L, 9L)),
                        Map.entry("summer", List.of(2L, 2L, 20L, 5L)));
    }

    @Test
    void aMonthLeavingTheCampaignTakesItsBaselineAlong() throws Exception {
        theExample();
        // spring's February customer refunded: February no longer counts for spring.
        campaign("spring", FEB, 0, 0);
        baseline(FEB, 21, 5);

        assertThat(effects())
                .containsEntry("spring", List.of(3L, 2L, 10L, 4L))
                .containsEntry("summer", List.of(2L, 2L, 21L, 5L));
    }

    @Test
    void aCampaignWithoutCustomersIsAZeroRowAndLeavesNoState() throws Exception {
        campaign("spring", JAN, 1, 0);
        baseline(JAN, 5, 1);
        campaign("spring", JAN, 0, 0);
        baseline(JAN, 0, 0);

        assertThat(effects()).containsOnly(Map.entry("spring", List.of(0L, 0L, 0L, 0L)));
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void anUnchangedRowWritesNothing() throws Exception {
        theExample();
        int written = harness.extractOutputValues().size();

        campaign("spring", JAN, 3, 2);
        baseline(MAR, 7, 7);

        assertThat(harness.extractOutputValues()).hasSize(written);
    }
}
