package dev.repurchase.common.privacy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks contact data in free text (dead-letter excerpts, error messages): e-mail addresses keep
 * their first character and domain, phone-like digit runs keep their first 3 and last 4 digits
 * (13812345678 becomes 138****5678).
 */
public final class ContactMasker {

    private static final Pattern EMAIL =
            Pattern.compile("([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+)");
    private static final Pattern PHONE = Pattern.compile("\\+?\\d[\\d -]{8,}\\d");

    private ContactMasker() {}

    public static String mask(String text) {
        String masked = EMAIL.matcher(text).replaceAll("$1***@$2");
        Matcher phone = PHONE.matcher(masked);
        StringBuilder out = new StringBuilder();
        while (phone.find()) {
            String digits = phone.group().replaceAll("[^\\d]", "");
            String replacement =
                    digits.length() < 8
                            ? phone.group()
                            : digits.substring(0, 3)
                                    + "****"
                                    + digits.substring(digits.length() - 4);
            phone.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        phone.appendTail(out);
        return out.toString();
    }
}
