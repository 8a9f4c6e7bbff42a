package dev.repurchase.common.privacy;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A keyed hash of a customer's contact, for where a contact identity is useful downstream (match a
 * customer across systems, count distinct contacts) without the phone number or e-mail address
 * itself: HMAC-SHA256 under a secret of the deployment, as lowercase hex. Without the secret the
 * hash cannot be recomputed from a guessed phone number (a plain SHA-256 of an 11-digit phone
 * number is reversed by enumeration in minutes).
 *
 * <p>What is hashed is normalised, so that the same contact written differently gives the same
 * hash: a phone number as its digits ({@code +86 138-1234-5678}, {@code 0086 13812345678} and
 * {@code 13812345678} are one), prefixed {@code tel:}; an e-mail address trimmed and lower-cased,
 * prefixed {@code mail:}. The phone number wins when both are present.
 *
 * <p>Serializable (the secret travels with the job graph, as the JDBC password does); a {@link Mac}
 * is made per thread on first use.
 */
public final class ContactHasher implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Secrets shorter than this are refused: an HMAC key should not be guessable. */
    public static final int MIN_SECRET_LENGTH = 16;

    private static final String ALGORITHM = "HmacSHA256";

    /** Fewer digits than this are not a phone number (an extension, a typo). */
    private static final int MIN_PHONE_DIGITS = 5;

    private final byte[] secret;
    private transient ThreadLocal<Mac> macs;

    private ContactHasher(byte[] secret) {
        this.secret = secret;
    }

    /**
     * @throws IllegalArgumentException if the secret is shorter than {@value #MIN_SECRET_LENGTH}
     *     characters (the message never contains the secret)
     */
    public static ContactHasher withSecret(String secret) {
        if (secret == null || secret.strip().length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException(
                    "the contact hash secret must have at least "
                            + MIN_SECRET_LENGTH
                            + " characters");
        }
        return new ContactHasher(secret.strip().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The hash of the phone number if it has one, else of the e-mail address, else null.
     *
     * @param phone the phone number as the source gives it, or null
     * @param email the e-mail address as the source gives it, or null
     */
    public String hash(String phone, String email) {
        String normalised = normalise(phone, email);
        return normalised == null ? null : hmac(normalised);
    }

    /**
     * The hash of an identifier of the order's buyer other than a contact (SPEC 8.2: a device id, a
     * client IP, the shop's address hash), prefixed by its kind so that equal values of two kinds
     * hash apart; null if absent. The value is hashed as given (an identifier, not a contact to
     * normalise), trimmed.
     *
     * @param kind {@code device}, {@code ip} or {@code address}
     */
    public String hashIdentifier(String kind, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return hmac(kind + ':' + value.strip());
    }

    /** What {@link #hash} hashes: {@code tel:<digits>}, {@code mail:<address>}, or null. */
    static String normalise(String phone, String email) {
        String digits = phone == null ? "" : phone.replaceAll("\\D", "");
        if (digits.startsWith("00")) {
            digits = digits.substring(2);
        }
        // Mainland China numbers with their country code: 86 + 11 digits starting with 1.
        if (digits.length() == 13 && digits.startsWith("861")) {
            digits = digits.substring(2);
        }
        if (digits.length() >= MIN_PHONE_DIGITS) {
            return "tel:" + digits;
        }
        String address = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        if (address.indexOf('@') > 0) {
            return "mail:" + address;
        }
        return null;
    }

    private String hmac(String text) {
        if (macs == null) {
            macs = ThreadLocal.withInitial(this::newMac);
        }
        return HexFormat.of().formatHex(macs.get().doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "ContactHasher[" + ALGORITHM + "]";
    }
}
