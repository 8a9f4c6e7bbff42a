package dev.repurchase.common.lifecycle;

/**
 * The probability that a customer still buys (SPEC 9, BG/NBD), for the segment rules that compare
 * {@code p_alive}: the latest fitted model applied to a sequence as of an instant.
 */
@FunctionalInterface
public interface PAlive {

    /** Before the first fit: no comparison on {@code p_alive} holds. */
    PAlive UNKNOWN = (s, at) -> Double.NaN;

    /** P(alive) of the purchases of {@code s} as of {@code at}; NaN if not known. */
    double of(CustomerSnapshot s, long at);
}
