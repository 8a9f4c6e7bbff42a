package dev.repurchase.common.customer;

import dev.repurchase.common.lifecycle.LifecycleStage;
import dev.repurchase.common.lifecycle.Segment;
import dev.repurchase.common.lifecycle.TriggerType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the shop's trigger rules from the options {@code trigger-rules.<NAME>.<key>} (SPEC 4.3). A
 * rule that is not well formed stops the job at its start, with a message that names the rule and
 * the key: a name that is not upper case or clashes with a built-in trigger type, an unknown key,
 * no condition or two, a value that is not a positive number or not one of the segments or stages.
 */
public final class TriggerRules {

    public static final String PREFIX = "trigger-rules.";

    static final String AFTER_FIRST_PURCHASE_DAYS = "after-first-purchase-days";
    static final String NO_PURCHASE_DAYS = "no-purchase-days";
    static final String SPEND_AMOUNT = "spend-amount";
    static final String SPEND_WINDOW_DAYS = "spend-window-days";
    static final String PURCHASE_COUNT = "purchase-count";
    static final String SEGMENTS = "segments";
    static final String STAGES = "stages";
    static final String CATEGORIES = "categories";

    private static final List<String> CONDITIONS =
            List.of(AFTER_FIRST_PURCHASE_DAYS, NO_PURCHASE_DAYS, SPEND_AMOUNT, PURCHASE_COUNT);
    private static final Set<String> KEYS =
            Set.of(
                    AFTER_FIRST_PURCHASE_DAYS,
                    NO_PURCHASE_DAYS,
                    SPEND_AMOUNT,
                    SPEND_WINDOW_DAYS,
                    PURCHASE_COUNT,
                    SEGMENTS,
                    STAGES,
                    CATEGORIES);
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

    private TriggerRules() {}

    /** The rules among {@code options} (all of a configuration's keys), by name. */
    public static List<TriggerRule> from(Map<String, String> options) {
        Map<String, Map<String, String>> byRule = new TreeMap<>();
        options.forEach(
                (key, value) -> {
                    if (!key.startsWith(PREFIX)) {
                        return;
                    }
                    String rest = key.substring(PREFIX.length());
                    int dot = rest.indexOf('.');
                    if (dot <= 0 || dot == rest.length() - 1) {
                        throw new IllegalArgumentException(
                                "option "
                                        + key
                                        + ": a trigger rule option is "
                                        + PREFIX
                                        + "<NAME>.<key>");
                    }
                    byRule.computeIfAbsent(rest.substring(0, dot), n -> new TreeMap<>())
                            .put(rest.substring(dot + 1), value.strip());
                });
        List<TriggerRule> rules = new ArrayList<>();
        byRule.forEach((name, keys) -> rules.add(parse(name, keys)));
        return rules;
    }

    private static TriggerRule parse(String name, Map<String, String> keys) {
        if (!NAME.matcher(name).matches()) {
            throw error(name, null, "its name must be upper case (A-Z, 0-9, _), as a trigger type");
        }
        if (Arrays.stream(TriggerType.values()).anyMatch(t -> t.name().equals(name))) {
            throw error(name, null, "its name is that of a built-in trigger type");
        }
        for (String key : keys.keySet()) {
            if (!KEYS.contains(key)) {
                throw error(name, key, "unknown key; known: " + new java.util.TreeSet<>(KEYS));
            }
        }
        List<String> conditions = CONDITIONS.stream().filter(keys::containsKey).toList();
        if (conditions.size() != 1) {
            throw error(
                    name,
                    null,
                    (conditions.isEmpty() ? "no condition" : "two conditions " + conditions)
                            + "; a rule has exactly one of "
                            + CONDITIONS);
        }
        if (keys.containsKey(SPEND_WINDOW_DAYS) != keys.containsKey(SPEND_AMOUNT)) {
            throw error(
                    name,
                    keys.containsKey(SPEND_AMOUNT) ? SPEND_AMOUNT : SPEND_WINDOW_DAYS,
                    SPEND_AMOUNT + " and " + SPEND_WINDOW_DAYS + " go together");
        }
        TriggerRule.Condition condition =
                switch (conditions.get(0)) {
                    case AFTER_FIRST_PURCHASE_DAYS ->
                            new TriggerRule.AfterFirstPurchase(
                                    positive(name, AFTER_FIRST_PURCHASE_DAYS, keys));
                    case NO_PURCHASE_DAYS ->
                            new TriggerRule.NoPurchase(positive(name, NO_PURCHASE_DAYS, keys));
                    case SPEND_AMOUNT ->
                            new TriggerRule.Spend(
                                    cents(name, keys.get(SPEND_AMOUNT)),
                                    positive(name, SPEND_WINDOW_DAYS, keys));
                    default -> new TriggerRule.PurchaseCount(positive(name, PURCHASE_COUNT, keys));
                };
        return new TriggerRule(
                name,
                condition,
                names(name, SEGMENTS, keys, Segment::valueOf),
                names(name, STAGES, keys, LifecycleStage::valueOf),
                names(name, CATEGORIES, keys, category -> category));
    }

    private static int positive(String name, String key, Map<String, String> keys) {
        try {
            int value = Integer.parseInt(keys.get(key));
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(name, key, "'" + keys.get(key) + "' is not a positive whole number");
    }

    private static long cents(String name, String amount) {
        try {
            BigDecimal value = new BigDecimal(amount);
            if (value.signum() > 0 && value.scale() <= 2) {
                return value.movePointRight(2).longValueExact();
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        throw error(name, SPEND_AMOUNT, "'" + amount + "' is not a positive amount with 2 places");
    }

    private static <T> Set<T> names(
            String name, String key, Map<String, String> keys, Function<String, T> parse) {
        Set<T> values = new LinkedHashSet<>();
        if (!keys.containsKey(key)) {
            return values;
        }
        for (String item : keys.get(key).split(",")) {
            String text = item.strip();
            if (text.isEmpty()) {
                continue;
            }
            try {
                values.add(
                        parse.apply(key.equals(CATEGORIES) ? text : text.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw error(name, key, "unknown value '" + text + "'");
            }
        }
        return Set.copyOf(values);
    }

    private static IllegalArgumentException error(String name, String key, String problem) {
        return new IllegalArgumentException(
                "trigger rule "
                        + name
                        + (key == null ? "" : " (" + PREFIX + name + "." + key + ")")
                        + ": "
                        + problem);
    }
}
