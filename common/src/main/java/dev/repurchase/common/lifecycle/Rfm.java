package dev.repurchase.common.lifecycle;

/**
 * A customer's RFM scores (1-5) as of an instant, the trailing-365-day spend behind M, and the
 * segment the rules give.
 */
public record Rfm(int r, int f, int m, long monetaryCents, Segment segment) {}
