package dev.repurchase.jobs.ingest;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.util.clock.RelativeClock;

/**
 * Event time is the commit time of the changes, per Kafka partition, allowing {@code
 * outOfOrderness}. A partition without changes for a while (a quiet table such as {@code coupons},
 * nights, small shops) must not stop event time, or reminders would wait for the next change. Two
 * ways, one per kind of source:
 *
 * <ul>
 *   <li><b>quiet advance</b> ({@code quietAfter}), for a live order system whose commit times
 *       follow the wall clock: when a partition has had no change for {@code quietAfter}, its event
 *       time goes on with the clock, trailing it by {@code quietAfter}. Reminders then fire at most
 *       {@code quietAfter} late even when every partition is quiet. A partition that has had no
 *       change for {@code quietAfter} since the start is idle.
 *   <li><b>idleness</b> ({@code idleAfter}), for a source whose commit times run on another clock
 *       (the demo's simulated shop): a partition without changes for {@code idleAfter} is idle and
 *       leaves event time to the others until its next change.
 * </ul>
 *
 * <p>Dead letters are not changes: they have no commit time, and a partition of nothing else is
 * quiet (Flink's own idleness would count them as activity, and such a partition would hold event
 * time at its start).
 *
 * <p>Quiet time is measured on the source's input activity clock, which stands still while the
 * source is backpressured or paused: a partition that is merely behind (its changes wait in Kafka
 * while the job catches up) is not quiet, and its event time does not run ahead of its changes. A
 * replay of history uses neither (both zero): there an empty partition is finished instead.
 */
public final class CommitTimeWatermarks implements WatermarkGenerator<DecodedChange> {

    private final long outOfOrderness;
    private final long quietAfter;
    private final long idleAfter;
    private final RelativeClock activity;

    private long maxCommit = Long.MIN_VALUE;
    private long lastChangeAt;

    CommitTimeWatermarks(
            Duration outOfOrderness,
            Duration quietAfter,
            Duration idleAfter,
            RelativeClock activity) {
        this.outOfOrderness = outOfOrderness.toMillis();
        this.quietAfter = quietAfter.toMillis();
        this.idleAfter = idleAfter.toMillis();
        this.activity = activity;
        this.lastChangeAt = activity.relativeTimeMillis();
    }

    /**
     * @param quietAfter the quiet advance; zero: none
     * @param idleAfter how long a partition without changes holds event time back; zero: for ever
     * @throws IllegalArgumentException if both ways are asked for: a partition that follows the
     *     clock once quiet is never idle
     */
    public static WatermarkStrategy<DecodedChange> strategy(
            Duration outOfOrderness, Duration quietAfter, Duration idleAfter) {
        if (!quietAfter.isZero() && !idleAfter.isZero()) {
            throw new IllegalArgumentException(
                    "a quiet partition either follows the wall clock or is idle: set one of the"
                            + " quiet advance ("
                            + quietAfter
                            + ") and the idleness ("
                            + idleAfter
                            + ") to zero");
        }
        return WatermarkStrategy.<DecodedChange>forGenerator(
                        context ->
                                new CommitTimeWatermarks(
                                        outOfOrderness,
                                        quietAfter,
                                        idleAfter,
                                        context.getInputActivityClock()))
                .withTimestampAssigner((change, kafkaTimestamp) -> change.commitMillis());
    }

    @Override
    public void onEvent(DecodedChange event, long eventTimestamp, WatermarkOutput output) {
        // A dead letter has no commit time, and is no activity either. Every typed change has
        // one, a customer row too.
        if (event.deadLetter != null) {
            return;
        }
        maxCommit = Math.max(maxCommit, eventTimestamp);
        lastChangeAt = activity.relativeTimeMillis();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long quiet = activity.relativeTimeMillis() - lastChangeAt;
        if (idleAfter > 0 && quiet > idleAfter) {
            output.markIdle();
            return;
        }
        if (maxCommit == Long.MIN_VALUE) {
            // Idle only once it has stayed empty for a while: right after the start a partition
            // may merely not have been fetched yet, and leaving it out would let event time run
            // ahead of the changes it holds.
            if (quietAfter > 0 && quiet > quietAfter) {
                output.markIdle();
            }
            return;
        }
        long watermark = maxCommit - outOfOrderness - 1;
        if (quietAfter > 0 && quiet > quietAfter) {
            watermark = Math.max(watermark, maxCommit + quiet - quietAfter);
        }
        // Emitted on every period, not only when it grows: a partition that was idle is active
        // again with its next watermark, and the output keeps the highest one anyway.
        output.emitWatermark(new Watermark(watermark));
    }
}
