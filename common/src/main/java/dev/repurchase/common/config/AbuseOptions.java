package dev.repurchase.common.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/** Options of the flash-sale abuse limits (SPEC 8.2). */
public final class AbuseOptions {

    private AbuseOptions() {}

    public static final ConfigOption<List<String>> CAMPAIGNS =
            key("abuse.campaigns")
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withDescription(
                            "Campaign ids of the flash sales whose orders are ranked per device,"
                                    + " IP and address hash; a flagged order is excluded as"
                                    + " abuse. Empty: no limits (the feature is off). Needs"
                                    + " privacy.hash-secret: only keyed hashes are kept.");

    public static final ConfigOption<Integer> MAX_PER_DEVICE =
            key("abuse.max-per-device")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "Orders of one device within one flash sale that count; later ones"
                                    + " (by purchase time, then order id) are flagged.");

    public static final ConfigOption<Integer> MAX_PER_IP =
            key("abuse.max-per-ip")
                    .intType()
                    .defaultValue(3)
                    .withDescription(
                            "Orders of one client IP within one flash sale that count; later"
                                    + " ones are flagged.");

    public static final ConfigOption<Integer> MAX_PER_ADDRESS =
            key("abuse.max-per-address")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "Orders of one shipping address hash within one flash sale that"
                                    + " count; later ones are flagged.");
}
