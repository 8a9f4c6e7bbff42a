package dev.repurchase.common.privacy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks contact data in free text (dead-letter excerpts, error messages): e-mail addresses keep
 * their first character and domain, phone-like digit runs keep their first 3 and last 4 digits
 * (13812345678 becomes 138****5678); dates (2024-03-01) are no phone numbers and stay.
 *
 * <p>In JSON text, the values of personal fields are masked whatever their form: fields whose name
 * says name, phone, mobile, tel, e-mail, address, contact, receiver or consignee ({@code
 * customer_name}, {@code receiver_phone}, ...), or device or ip as a word ({@code device_id},
 * {@code client_ip}: SPEC 8.2; not {@code shipped_at}) keep only their first character ({@code
 * "李***"}), phone fields the first 3 and last 4 digits, e-mail fields the first character and the
 * domain. A name cannot be recognised in free text, but it can by its field; this also masks a
 * phone number written as {@code (138) 1234 5678} and a value cut off by a truncated message.
 */
public final class ContactMasker {

    private static final Pattern EMAIL =
            Pattern.compile("([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+)");
    private static final Pattern PHONE = Pattern.compile("\\+?\\d[\\d -]{8,}\\d");

    /** A date (2024-03-01), maybe with its hour (2024-03-01 10): phone-like, but no phone. */
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}( \\d{2})?");

    /** A JSON field whose name marks personal data, then its string (maybe cut off) or number. */
    private static final Pattern PERSONAL_FIELD =
            Pattern.compile(
                    "(\"([^\"\\\\]{0,40}(?i:name|phone|mobile|tel|mail|address|contact"
                            + "|receiver|consignee|device|(?<![a-z])ip(?![a-z]))[^\"\\\\]{0,40})"
                            + "\"\\s*:\\s*)"
                            + "(\"([^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+)(\"?)|[+-]?\\d[\\d.eE+-]*+)");

    private static final Pattern PHONE_FIELD = Pattern.compile("(?i).*(phone|mobile|tel).*");
    private static final Pattern EMAIL_FIELD = Pattern.compile("(?i).*mail.*");

    private ContactMasker() {}

    /**
     * A bounded excerpt of {@code text} with contact data masked, at most {@code maxChars} long.
     * Masking happens before the cut, so the cut cannot leave part of a phone number unmasked; it
     * looks at no more than 4 x {@code maxChars} characters of a long text, dropping the token cut
     * there.
     */
    public static String excerpt(String text, int maxChars) {
        String head = text;
        int window = maxChars * 4;
        if (text.length() > window) {
            int end = window;
            while (end > 0 && !isDelimiter(text.charAt(end - 1))) {
                end--;
            }
            head = text.substring(0, end);
        }
        String masked = mask(head);
        return masked.length() <= maxChars ? masked : masked.substring(0, maxChars);
    }

    private static boolean isDelimiter(char c) {
        return Character.isWhitespace(c) || "\",:{}[]".indexOf(c) >= 0;
    }

    public static String mask(String text) {
        String masked = maskPersonalFields(text);
        masked = EMAIL.matcher(masked).replaceAll("$1***@$2");
        Matcher phone = PHONE.matcher(masked);
        StringBuilder out = new StringBuilder();
        while (phone.find()) {
            String digits = phone.group().replaceAll("[^\\d]", "");
            String replacement =
                    digits.length() < 8 || DATE.matcher(phone.group()).matches()
                            ? phone.group()
                            : digits.substring(0, 3)
                                    + "****"
                                    + digits.substring(digits.length() - 4);
            phone.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        phone.appendTail(out);
        return out.toString();
    }

    /** The values of personal JSON fields masked, see the class comment. */
    private static String maskPersonalFields(String text) {
        Matcher field = PERSONAL_FIELD.matcher(text);
        StringBuilder out = new StringBuilder();
        while (field.find()) {
            String name = field.group(2);
            boolean quoted = field.group(4) != null;
            String value = quoted ? field.group(4) : field.group(3);
            String masked = maskValue(name, value);
            String replacement =
                    field.group(1)
                            + (quoted ? "\"" + masked + field.group(5) : "\"" + masked + "\"");
            field.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        field.appendTail(out);
        return out.toString();
    }

    private static String maskValue(String field, String value) {
        if (value.isEmpty()) {
            return value;
        }
        if (PHONE_FIELD.matcher(field).matches()) {
            String digits = value.replaceAll("\\D", "");
            return digits.length() >= 8
                    ? digits.substring(0, 3) + "****" + digits.substring(digits.length() - 4)
                    : "***";
        }
        int at = value.indexOf('@');
        if (EMAIL_FIELD.matcher(field).matches() && at > 0) {
            return first(value) + "***" + value.substring(at);
        }
        return first(value) + "***";
    }

    /** The first character (a whole code point, never half an escape sequence), or nothing. */
    private static String first(String value) {
        if (value.charAt(0) == '\\') {
            return "";
        }
        return new String(Character.toChars(value.codePointAt(0)));
    }
}
