package dev.repurchase.common.lifecycle;

/** A trigger planned from the customer's last purchase, due at {@code dueAt} (epoch ms). */
public record PlannedTrigger(TriggerType type, long dueAt) {}
