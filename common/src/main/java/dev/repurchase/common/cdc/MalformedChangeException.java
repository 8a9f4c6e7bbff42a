package dev.repurchase.common.cdc;

/** A change message that cannot be turned into a row change; the message says why. */
public class MalformedChangeException extends Exception {

    public MalformedChangeException(String reason) {
        super(reason);
    }

    public MalformedChangeException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
