package dev.repurchase.jobs.timeline;

import dev.repurchase.common.lifecycle.LifecycleStage;
import dev.repurchase.common.lifecycle.Segment;

/**
 * What the lifecycle keeps per customer besides the purchase snapshot: how far in event time its
 * triggers have been handled, the stage and RFM it last published, and its one timer. Serialized by
 * {@code state.PlannerStateSerializer} (versioned).
 */
public class PlannerState {

    /**
     * Every trigger due at or before this instant has been handled (sent, suppressed, cancelled).
     */
    public long handledUpTo = Long.MIN_VALUE;

    public LifecycleStage stage;
    public Segment segment;
    public int r;
    public int f;
    public int m;
    public long monetaryCents;

    /** The one event-time timer of the customer; Long.MAX_VALUE if none. */
    public long timer = Long.MAX_VALUE;

    public PlannerState() {}
}
