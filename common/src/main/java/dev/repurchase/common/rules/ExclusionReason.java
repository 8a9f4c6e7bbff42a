package dev.repurchase.common.rules;

/** Why a captured order is not a valid purchase (M10), in the order the rules test them. */
public enum ExclusionReason {
    CANCELLED,
    REFUNDED,
    ABNORMAL,
    /** Flagged by the flash-sale limits (SPEC 8.2); decided downstream of these rules. */
    ABUSE,
    BULK;

    /** The reason as it appears in the {@code exclusion} table. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
