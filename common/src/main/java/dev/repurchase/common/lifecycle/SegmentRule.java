package dev.repurchase.common.lifecycle;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A segment rule on the R, F and M scores and, if asked, the probability that the customer still
 * buys: comparisons joined by {@code &}, e.g. {@code r>=4 & f>=4 & m>=4} or {@code f>=2 &
 * p_alive<0.5}. Operators: {@code >=}, {@code <=}, {@code >}, {@code <}, {@code =}. Scores compare
 * with whole numbers, {@code p_alive} with a number from 0 to 1; a comparison on {@code p_alive}
 * does not hold while it is unknown (before the first prediction fit).
 */
public final class SegmentRule implements Serializable {

    private static final long serialVersionUID = 2L;

    private static final String P_ALIVE = "p_alive";

    private static final Pattern COMPARISON =
            Pattern.compile("\\s*([rfm]|p_alive)\\s*(>=|<=|>|<|=)\\s*(\\d+(?:\\.\\d+)?)\\s*");

    private record Comparison(String score, String op, double value) implements Serializable {
        boolean test(int r, int f, int m, double pAlive) {
            double v =
                    switch (score) {
                        case "r" -> r;
                        case "f" -> f;
                        case "m" -> m;
                        default -> pAlive;
                    };
            // NaN (p_alive unknown) fails every comparison.
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
            String score = m.group(1);
            double value = Double.parseDouble(m.group(3));
            boolean wholeScore = !score.equals(P_ALIVE) && value == Math.rint(value);
            if (score.equals(P_ALIVE) ? value > 1 : !wholeScore) {
                throw new IllegalArgumentException(
                        "segment rule '"
                                + text
                                + "': '"
                                + part.strip()
                                + "' compares "
                                + (score.equals(P_ALIVE)
                                        ? "a probability with more than 1"
                                        : "a score with a fraction"));
            }
            comparisons.add(new Comparison(score, m.group(2), value));
        }
        return new SegmentRule(text, List.copyOf(comparisons));
    }

    /**
     * @param pAlive the customer's P(alive), NaN if not known
     */
    public boolean matches(int r, int f, int m, double pAlive) {
        return comparisons.stream().allMatch(c -> c.test(r, f, m, pAlive));
    }

    /** True if a comparison reads {@code p_alive}. */
    public boolean readsPAlive() {
        return comparisons.stream().anyMatch(c -> c.score().equals(P_ALIVE));
    }

    @Override
    public String toString() {
        return text;
    }
}
