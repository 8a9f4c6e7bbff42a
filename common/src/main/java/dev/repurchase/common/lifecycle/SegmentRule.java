package dev.repurchase.common.lifecycle;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A segment rule on the R, F and M scores: comparisons joined by {@code &}, e.g. {@code r>=4 & f>=4
 * & m>=4}. Operators: {@code >=}, {@code <=}, {@code >}, {@code <}, {@code =}.
 */
public final class SegmentRule implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final Pattern COMPARISON =
            Pattern.compile("\\s*([rfm])\\s*(>=|<=|>|<|=)\\s*(\\d+)\\s*");

    private record Comparison(char score, String op, int value) implements Serializable {
        boolean test(int r, int f, int m) {
            int v = score == 'r' ? r : score == 'f' ? f : m;
            switch (op) {
                case ">=":
                    return v >= value;
                case "<=":
                    return v <= value;
                case ">":
                    return v > value;
                case "<":
                    return v < value;
                default:
                    return v == value;
            }
        }
    }

    private final String text;
    private final List<Comparison> comparisons;

    private SegmentRule(String text, List<Comparison> comparisons) {
        this.text = text;
        this.comparisons = comparisons;
    }

    /**
     * @throws IllegalArgumentException naming the rule if it does not parse
     */
    public static SegmentRule parse(String text) {
        List<Comparison> comparisons = new ArrayList<>();
        for (String part : text.toLowerCase(Locale.ROOT).split("&")) {
            Matcher m = COMPARISON.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException(
                        "segment rule '" + text + "': cannot read '" + part.strip() + "'");
            }
            comparisons.add(
                    new Comparison(m.group(1).charAt(0), m.group(2), Integer.parseInt(m.group(3))));
        }
        return new SegmentRule(text, List.copyOf(comparisons));
    }

    public boolean matches(int r, int f, int m) {
        return comparisons.stream().allMatch(c -> c.test(r, f, m));
    }

    @Override
    public String toString() {
        return text;
    }
}
