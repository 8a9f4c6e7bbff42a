package dev.repurchase.jobs.timeline;

import dev.repurchase.common.lifecycle.LifecycleStage;
import dev.repurchase.common.lifecycle.Segment;

/**
 * What the planner keeps per customer besides the snapshot: the plan of the current last purchase
 * (its basis), which of its triggers have fired, and the stage and RFM it last published. A Flink
 * POJO (versioned by its fields).
 */
public class PlannerState {

    /** The last purchase the triggers are planned from. */
    public String basisOrderId;

    public long basisPurchaseAt;

    /** Bit per {@link dev.repurchase.common.lifecycle.TriggerType} ordinal: fired for the basis. */
    public int firedTypes;

    /**
     * The basis before the current one and what it had fired: restored if the current last purchase
     * goes away again (an order that turns out bulk once its lines arrive), so no trigger fires
     * twice.
     */
    public String previousBasisOrderId;

    public int previousFiredTypes;

    public int cycleDays;
    public String cycleSource;
    public long expectedAt;

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
