package dev.repurchase.jobs.abuse;

import java.util.Locale;

/** The flash-sale limits of SPEC 8.2, in the order they are tested: the first that flags wins. */
public enum AbuseRule {
    DEVICE,
    IP,
    ADDRESS;

    /** As in {@code abuse_flag.rule}: device, ip, address. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The ranking group of a hash under this rule (a key of the ranking's group state). */
    String group(String hash) {
        return label() + ':' + hash;
    }
}
