package dev.repurchase.jobs.abuse;

import dev.repurchase.common.config.AbuseOptions;
import java.io.Serializable;
import org.apache.flink.configuration.ReadableConfig;

/** How many orders of one device, IP and address count within one flash sale (SPEC 8.2). */
public record AbuseLimits(int perDevice, int perIp, int perAddress) implements Serializable {

    public static AbuseLimits from(ReadableConfig config) {
        return new AbuseLimits(
                config.get(AbuseOptions.MAX_PER_DEVICE),
                config.get(AbuseOptions.MAX_PER_IP),
                config.get(AbuseOptions.MAX_PER_ADDRESS));
    }

    int of(AbuseRule rule) {
        switch (rule) {
            case DEVICE:
                return perDevice;
            case IP:
                return perIp;
            default:
                return perAddress;
        }
    }
}
