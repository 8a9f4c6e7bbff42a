package dev.repurchase.common.cdc;

/** The kind of a row change, as Debezium names it (Canal and Maxwell map onto the same four). */
public enum ChangeOp {
    /** A row inserted. */
    CREATE,
    /** A row updated. */
    UPDATE,
    /** A row deleted. */
    DELETE,
    /** A row read by the initial snapshot. */
    READ;

    /** The Debezium {@code op} code: c, u, d or r. */
    public static ChangeOp ofDebeziumCode(String code) throws MalformedChangeException {
        if (code != null) {
            switch (code) {
                case "c":
                    return CREATE;
                case "u":
                    return UPDATE;
                case "d":
                    return DELETE;
                case "r":
                    return READ;
                default:
                    break;
            }
        }
        throw new MalformedChangeException("unknown op '" + code + "'");
    }
}
