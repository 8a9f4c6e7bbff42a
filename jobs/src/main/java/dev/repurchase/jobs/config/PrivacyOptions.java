package dev.repurchase.jobs.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import dev.repurchase.common.privacy.ContactHasher;
import java.util.Optional;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

/** Options of the handling of personal data. */
public final class PrivacyOptions {

    /** The environment variable that gives the hash secret when the option is not set. */
    public static final String HASH_SECRET_ENV = "REPURCHASE_PRIVACY_HASH_SECRET";

    private PrivacyOptions() {}

    /**
     * The key contains "secret", so Flink hides its value wherever it logs a configuration ({@code
     * GlobalConfiguration.isSensitive}).
     */
    public static final ConfigOption<String> HASH_SECRET =
            key("privacy.hash-secret")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Secret (at least 16 characters) of the keyed hash (HMAC-SHA256) of a"
                                    + " customer's normalised phone, else e-mail, on the decoded"
                                    + " order (Order.contactHash); or env "
                                    + HASH_SECRET_ENV
                                    + ". Unset: no hash is computed. Never logged.");

    /** The hasher of the configured secret (option, else environment), if there is one. */
    public static Optional<ContactHasher> contactHasher(ReadableConfig config) {
        return contactHasher(config, System.getenv(HASH_SECRET_ENV));
    }

    static Optional<ContactHasher> contactHasher(ReadableConfig config, String fromEnvironment) {
        String secret = config.getOptional(HASH_SECRET).orElse(fromEnvironment);
        return secret == null || secret.isBlank()
                ? Optional.empty()
                : Optional.of(ContactHasher.withSecret(secret));
    }
}
