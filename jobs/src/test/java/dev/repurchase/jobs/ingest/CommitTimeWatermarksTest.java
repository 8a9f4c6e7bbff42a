package dev.repurchase.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.repurchase.common.order.CouponChange;
import dev.repurchase.common.order.OrderChange;
import dev.repurchase.common.referral.CustomerRowChange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.clock.ManualClock;
import org.apache.flink.util.clock.RelativeClock;
import org.junit.jupiter.api.Test;

/**
 * Event time of one Kafka partition: the latest commit time less the out-of-orderness while changes
 * come; when they stop, the quiet advance (a live order system) or idleness (the demo's simulated
 * shop), both measured on the source's input activity clock, which the runtime stops while the
 * source is backpressured.
 */
class CommitTimeWatermarksTest {

    private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(5);
    private static final long MONDAY_NINE = Instant.parse("2025-03-03T09:00:00Z").toEpochMilli();
    private static final long MINUTE = Duration.ofMinutes(1).toMillis();

    /** The source's periodic watermark interval (pipeline.auto-watermark-interval). */
    private static final Duration PERIOD = Duration.ofMillis(200);

    /**
     * The input activity clock of the partition's source (not at zero: Flink's idleness timer takes
     * zero for "not started").
     */
    private final ManualClock activity = new ManualClock(Duration.ofHours(1).toNanos());

    private final RecordingOutput output = new RecordingOutput();

    @Test
    void eventTimeTrailsTheLatestCommitByTheOutOfOrderness() {
        WatermarkGenerator<DecodedChange> partition = quietAdvanceAfter(Duration.ofMinutes(1));

        change(partition, MONDAY_NINE);
        change(partition, MONDAY_NINE - 3_000); // out of order: no step back
        partition.onPeriodicEmit(output);

        assertThat(output.watermark).isEqualTo(MONDAY_NINE - 5_000 - 1);
        assertThat(output.idle).isFalse();
    }

    @Test
    void aQuietPartitionFollowsTheClockTrailingByTheQuietAdvance() {
        WatermarkGenerator<DecodedChange> partition = quietAdvanceAfter(Duration.ofMinutes(1));
        change(partition, MONDAY_NINE);

        activity.advanceTime(Duration.ofSeconds(59));
        partition.onPeriodicEmit(output);
        assertThat(output.watermark).as("not quiet yet").isEqualTo(MONDAY_NINE - 5_000 - 1);

        activity.advanceTime(Duration.ofHours(2).minusSeconds(59));
        partition.onPeriodicEmit(output);
        assertThat(output.watermark)
                .as("two hours without a change: one minute behind the clock")
                .isEqualTo(MONDAY_NINE + 2 * 60 * MINUTE - MINUTE);

        change(partition, MONDAY_NINE + 2 * 60 * MINUTE);
        partition.onPeriodicEmit(output);
        assertThat(output.watermark)
                .as("a change ends the quiet")
                .isEqualTo(MONDAY_NINE + 2 * 60 * MINUTE - 5_000 - 1);
    }

    @Test
    void aBackpressuredPartitionIsNotQuietHoweverLongTheWallClockRuns() throws Exception {
        WatermarkGenerator<DecodedChange> partition = quietAdvanceAfter(Duration.ofMillis(1));
        change(partition, MONDAY_NINE);

        // Its changes wait in Kafka while the job catches up: the runtime stops the activity
        // clock, so the wall clock's milliseconds do not count as quiet.
        Thread.sleep(50);
        partition.onPeriodicEmit(output);

        assertThat(output.watermark).isEqualTo(MONDAY_NINE - 5_000 - 1);
    }

    @Test
    void aQuietPartitionIsIdleUntilItsNextChange() {
        WatermarkGenerator<DecodedChange> partition = idleAfter(Duration.ofMillis(500));
        change(partition, MONDAY_NINE);

        periodicEmitsFor(partition, Duration.ofMillis(400));
        assertThat(output.idle).as("not quiet for long enough").isFalse();
        assertThat(output.watermark).isEqualTo(MONDAY_NINE - 5_000 - 1);

        periodicEmitsFor(partition, Duration.ofMillis(600));
        assertThat(output.idle).as("quiet: leaves event time to the other partitions").isTrue();

        change(partition, MONDAY_NINE + 3 * 60 * MINUTE);
        periodicEmitsFor(partition, PERIOD);
        assertThat(output.idle).as("its next change makes it count again").isFalse();
        assertThat(output.watermark).isEqualTo(MONDAY_NINE + 3 * 60 * MINUTE - 5_000 - 1);
    }

    @Test
    void idlenessDoesNotAdvanceEventTimeWithTheClock() {
        WatermarkGenerator<DecodedChange> partition = idleAfter(Duration.ofMillis(500));
        change(partition, MONDAY_NINE);

        periodicEmitsFor(partition, Duration.ofMinutes(10));

        assertThat(output.idle).isTrue();
        assertThat(output.watermark).isEqualTo(MONDAY_NINE - 5_000 - 1);
    }

    @Test
    void aPartitionThatNeverHadAChangeIsIdleOnceQuietAndHoldsNothingBefore() {
        WatermarkGenerator<DecodedChange> partition = quietAdvanceAfter(Duration.ofMinutes(1));

        partition.onPeriodicEmit(output);
        assertThat(output.idle).isFalse();
        assertThat(output.watermark).isNull();

        activity.advanceTime(Duration.ofMinutes(2));
        partition.onPeriodicEmit(output);
        assertThat(output.idle).isTrue();
        assertThat(output.watermark).isNull();
    }

    @Test
    void customerAndCouponRowsSetEventTimeLikeOrderChanges() {
        for (DecodedChange row :
                List.of(
                        DecodedChange.of(new CustomerRowChange()),
                        DecodedChange.of(new CouponChange()))) {
            WatermarkGenerator<DecodedChange> partition = idleAfter(Duration.ofMillis(500));
            RecordingOutput rows = new RecordingOutput();

            // A row every 100 ms: never idle, so the partition must set event time itself.
            for (int i = 0; i < 10; i++) {
                partition.onEvent(row, MONDAY_NINE + i * MINUTE, rows);
                activity.advanceTime(Duration.ofMillis(100));
                partition.onPeriodicEmit(rows);
            }

            assertThat(rows.idle).isFalse();
            assertThat(rows.watermark).isEqualTo(MONDAY_NINE + 9 * MINUTE - 5_000 - 1);
        }
    }

    @Test
    void deadLettersSetNoEventTime() {
        WatermarkGenerator<DecodedChange> partition = quietAdvanceAfter(Duration.ofMinutes(1));

        partition.onEvent(DecodedChange.rejected(new DeadLetter()), MONDAY_NINE, output);
        partition.onPeriodicEmit(output);

        assertThat(output.watermark).isNull();
    }

    @Test
    void aPartitionOfDeadLettersOnlyIsIdle() {
        WatermarkGenerator<DecodedChange> partition = idleAfter(Duration.ofMillis(500));
        change(partition, MONDAY_NINE);

        // A dead letter every 100 ms for a second: no change, so quiet.
        for (int i = 0; i < 10; i++) {
            partition.onEvent(DecodedChange.rejected(new DeadLetter()), Long.MIN_VALUE, output);
            activity.advanceTime(Duration.ofMillis(100));
            partition.onPeriodicEmit(output);
        }

        assertThat(output.idle).isTrue();
        assertThat(output.watermark).isEqualTo(MONDAY_NINE - 5_000 - 1);
    }

    @Test
    void aQuietPartitionEitherFollowsTheClockOrIsIdle() {
        assertThatThrownBy(
                        () ->
                                CommitTimeWatermarks.strategy(
                                        OUT_OF_ORDERNESS,
                                        Duration.ofMinutes(1),
                                        Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("either follows the wall clock or is idle");
    }

    private WatermarkGenerator<DecodedChange> quietAdvanceAfter(Duration quietAfter) {
        return generator(
                CommitTimeWatermarks.strategy(OUT_OF_ORDERNESS, quietAfter, Duration.ZERO));
    }

    private WatermarkGenerator<DecodedChange> idleAfter(Duration idleAfter) {
        return generator(CommitTimeWatermarks.strategy(OUT_OF_ORDERNESS, Duration.ZERO, idleAfter));
    }

    /** The partition's generator as the source creates it, with the activity clock of its input. */
    private WatermarkGenerator<DecodedChange> generator(WatermarkStrategy<DecodedChange> strategy) {
        return strategy.createWatermarkGenerator(
                new WatermarkGeneratorSupplier.Context() {
                    @Override
                    public MetricGroup getMetricGroup() {
                        return new UnregisteredMetricsGroup();
                    }

                    @Override
                    public RelativeClock getInputActivityClock() {
                        return activity;
                    }
                });
    }

    /** The periodic emits of the source over {@code span} of activity, without changes. */
    private void periodicEmitsFor(WatermarkGenerator<DecodedChange> partition, Duration span) {
        for (Duration passed = Duration.ZERO;
                passed.compareTo(span) < 0;
                passed = passed.plus(PERIOD)) {
            partition.onPeriodicEmit(output);
            activity.advanceTime(PERIOD);
        }
        partition.onPeriodicEmit(output);
    }

    private void change(WatermarkGenerator<DecodedChange> partition, long commitMillis) {
        partition.onEvent(DecodedChange.of(new OrderChange()), commitMillis, output);
    }

    /** What the partition's output holds: its highest watermark, and whether it is idle. */
    private static final class RecordingOutput implements WatermarkOutput {
        Long watermark;
        boolean idle;

        @Override
        public void emitWatermark(Watermark mark) {
            if (watermark == null || mark.getTimestamp() > watermark) {
                watermark = mark.getTimestamp();
            }
            idle = false;
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }
    }
}
