package dev.repurchase.common.lifecycle;

/** Where a customer stands as of "now" (M7). */
public enum LifecycleStage {
    /** One purchase, and not dormant yet. */
    NEW,
    /** Two or more purchases, and not dormant yet. */
    ACTIVE,
    /** No purchase for {@code lifecycle.dormant-days}. */
    DORMANT,
    /** No purchase for {@code lifecycle.churn-days}. */
    CHURNED
}
