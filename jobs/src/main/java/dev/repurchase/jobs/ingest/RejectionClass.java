package dev.repurchase.jobs.ingest;

import java.util.Locale;

/**
 * The class of a dead letter's reason: the label of the {@code reason} variable of the {@code
 * deadLetters} counters, so that a dashboard can tell a broken producer (malformed JSON) from a
 * schema drift (missing or wrong-typed columns), a new status or table, or absurd values.
 */
public enum RejectionClass {
    /** Not a JSON object: truncated, invalid, an array, a nested part that is not an object. */
    MALFORMED_JSON,
    /** A required field or column is absent: the key, status, created_at, op's row image... */
    MISSING_FIELD,
    /** A value of the wrong kind: text where a decimal, number or time belongs. */
    WRONG_TYPE,
    /** A value no real order has: a time before 1970 or after 2100, an absurd amount. */
    OUT_OF_RANGE,
    /** A status neither canonical nor mapped. */
    UNKNOWN_STATUS,
    /** An operation (Debezium op, Canal/Maxwell type) that is no row change the job knows. */
    UNKNOWN_OP,
    /** A row of a table the job does not read. */
    UNKNOWN_TABLE,
    /** An order line whose order did not come within {@code ingest.orphan-line-grace}. */
    ORPHAN_LINE,
    /** A change of a line of an order that settled ({@code ingest.settle-days}): not applied. */
    SETTLED_ORDER_LINES,
    /** Anything else (an unexpected error while decoding). */
    OTHER;

    /** How the reason of an {@link #ORPHAN_LINE} dead letter starts. */
    static final String ORPHAN_LINE_REASON = "order line without its order";

    /** How the reason of a {@link #SETTLED_ORDER_LINES} dead letter starts: its label. */
    static final String SETTLED_ORDER_LINES_REASON = "settled-order-lines";

    /** Whether the order versions, not the decoder, reject input of this class (and count it). */
    boolean byOrderVersions() {
        return this == ORPHAN_LINE || this == SETTLED_ORDER_LINES;
    }

    /** The label of the metric variable: lower case, words joined by '-'. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The class of a decoder's reason (the message of its exception). */
    public static RejectionClass of(String reason) {
        if (reason == null) {
            return OTHER;
        }
        if (reason.startsWith(ORPHAN_LINE_REASON)) {
            return ORPHAN_LINE;
        }
        if (reason.startsWith(SETTLED_ORDER_LINES_REASON)) {
            return SETTLED_ORDER_LINES;
        }
        if (reason.startsWith("truncated JSON")
                || reason.startsWith("invalid JSON")
                || reason.startsWith("unreadable message")
                || reason.contains("not a JSON object")) {
            return MALFORMED_JSON;
        }
        if (reason.contains("unknown table")) {
            return UNKNOWN_TABLE;
        }
        if (reason.contains("unknown op")
                || reason.contains("unknown type")
                || reason.contains("without op")) {
            return UNKNOWN_OP;
        }
        if (reason.contains("unknown status")) {
            return UNKNOWN_STATUS;
        }
        if (reason.contains("out of range")) {
            return OUT_OF_RANGE;
        }
        if (reason.startsWith("missing") || reason.startsWith("no row image")) {
            return MISSING_FIELD;
        }
        if (reason.contains(": not a") || reason.contains("not a valid")) {
            return WRONG_TYPE;
        }
        return OTHER;
    }
}
