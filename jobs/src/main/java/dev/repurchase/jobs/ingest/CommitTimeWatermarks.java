package dev.repurchase.jobs.ingest;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.util.clock.Clock;
import org.apache.flink.util.clock.SystemClock;

/**
 * Event time is the commit time of the changes, per Kafka partition, allowing {@code
 * outOfOrderness}. When a partition is quiet (nights, small shops) for longer than {@code
 * quietAfter}, its event time goes on with the wall clock, trailing it by {@code quietAfter}: so
 * reminders fire on time without new orders, at most {@code quietAfter} late. A partition that has
 * had no change for {@code quietAfter} since the start is idle and does not hold the others back;
 * in a replay ({@code quietAfter} zero) an empty partition is finished instead.
 *
 * <p>The quiet advance assumes the source's commit times follow the wall clock (a live order
 * system); a replay of history turns it off ({@code quietAfter} zero).
 */
public final class CommitTimeWatermarks implements WatermarkGenerator<DecodedChange> {

    private final long outOfOrderness;
    private final long quietAfter;
    private final Clock clock;

    private long maxCommit = Long.MIN_VALUE;
    private long lastEventWall;
    private long emitted = Long.MIN_VALUE;

    CommitTimeWatermarks(Duration outOfOrderness, Duration quietAfter, Clock clock) {
        this.outOfOrderness = outOfOrderness.toMillis();
        this.quietAfter = quietAfter.toMillis();
        this.clock = clock;
        this.lastEventWall = clock.absoluteTimeMillis();
    }

    public static WatermarkStrategy<DecodedChange> strategy(
            Duration outOfOrderness, Duration quietAfter) {
        return WatermarkStrategy.<DecodedChange>forGenerator(
                        context ->
                                new CommitTimeWatermarks(
                                        outOfOrderness, quietAfter, SystemClock.getInstance()))
                .withTimestampAssigner((change, kafkaTimestamp) -> change.commitMillis());
    }

    @Override
    public void onEvent(DecodedChange event, long eventTimestamp, WatermarkOutput output) {
        if (event.change == null && event.coupon == null) {
            return;
        }
        maxCommit = Math.max(maxCommit, eventTimestamp);
        lastEventWall = clock.absoluteTimeMillis();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (maxCommit == Long.MIN_VALUE) {
            // Idle only once it has stayed empty for a while: right after the start a partition
            // may merely not have been fetched yet, and leaving it out would let event time run
            // ahead of the changes it holds.
            if (quietAfter > 0 && clock.absoluteTimeMillis() - lastEventWall > quietAfter) {
                output.markIdle();
            }
            return;
        }
        long watermark = maxCommit - outOfOrderness - 1;
        long quiet = clock.absoluteTimeMillis() - lastEventWall;
        if (quietAfter > 0 && quiet > quietAfter) {
            watermark = Math.max(watermark, maxCommit + quiet - quietAfter);
        }
        if (watermark > emitted) {
            emitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }
}
