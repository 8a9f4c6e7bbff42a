package dev.repurchase.common.lifecycle;

/** RFM customer segments (M8, 客户分层), tested in this order; REGULAR takes the rest. */
public enum Segment {
    HIGH_VALUE,
    CORE,
    AT_RISK,
    CHURNED,
    REGULAR
}
