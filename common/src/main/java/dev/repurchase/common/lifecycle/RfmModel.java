package dev.repurchase.common.lifecycle;

import static dev.repurchase.common.lifecycle.CustomerSnapshot.DAY_MILLIS;
import static dev.repurchase.common.lifecycle.CustomerSnapshot.WINDOW_MILLIS;

import dev.repurchase.common.order.Money;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Scores R (days since the last purchase), F (valid purchases in the trailing 365 days) and M (net
 * spend in the trailing 365 days) from 1 to 5 on ascending bounds, and names the segment (M8) by
 * the first rule that matches; a rule may also read P(alive) (SPEC 9).
 */
public final class RfmModel implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int[] recencyDays;
    private final long[] frequencyBounds;
    private final long[] monetaryBoundCents;
    private final Map<Segment, SegmentRule> rules;
    private final boolean readsPAlive;

    /**
     * @param rules the rules of HIGH_VALUE, CORE, AT_RISK and CHURNED, tested in that order
     */
    public RfmModel(
            List<Integer> recencyDays,
            List<Integer> frequencyBounds,
            List<BigDecimal> monetaryBounds,
            Map<Segment, SegmentRule> rules) {
        this.recencyDays = recencyDays.stream().mapToInt(Integer::intValue).toArray();
        this.frequencyBounds = frequencyBounds.stream().mapToLong(Integer::longValue).toArray();
        this.monetaryBoundCents = monetaryBounds.stream().mapToLong(Money::toCents).toArray();
        this.rules = Map.copyOf(rules);
        this.readsPAlive = rules.values().stream().anyMatch(SegmentRule::readsPAlive);
    }

    /** True if a segment rule reads P(alive), so a new prediction model can move segments. */
    public boolean readsPAlive() {
        return readsPAlive;
    }

    /**
     * The scores as of {@code now}, of a sequence whose purchases are all at or before it, and the
     * segment; {@code pAlive} is asked only if a rule reads it.
     */
    public Rfm score(CustomerSnapshot s, long now, PAlive pAlive) {
        long days = Math.floorDiv(now - s.lastPurchaseAt(), DAY_MILLIS);
        int r = 5 - exceeded(days, recencyDays);
        long purchases = 0;
        long spend = 0;
        for (int i = 0; i < s.times.length; i++) {
            if (s.times[i] > now - WINDOW_MILLIS) {
                purchases++;
                spend += s.nets[i];
            }
        }
        int f = 1 + exceeded(purchases, frequencyBounds);
        int m = 1 + exceeded(spend, monetaryBoundCents);
        double p = readsPAlive ? pAlive.of(s, now) : Double.NaN;
        return new Rfm(r, f, m, spend, segment(r, f, m, p));
    }

    /**
     * The first instant after {@code now} at which the scores can change without a new purchase: R
     * crossing a bound, or a purchase leaving the 365-day window; Long.MAX_VALUE if none.
     */
    public long nextChange(CustomerSnapshot s, long now) {
        long next = Long.MAX_VALUE;
        for (int bound : recencyDays) {
            long crossing = s.lastPurchaseAt() + (bound + 1L) * DAY_MILLIS;
            if (crossing > now) {
                next = Math.min(next, crossing);
            }
        }
        for (long time : s.times) {
            long leaves = time + WINDOW_MILLIS;
            if (leaves > now) {
                next = Math.min(next, leaves);
            }
        }
        return next;
    }

    private Segment segment(int r, int f, int m, double pAlive) {
        for (Segment segment :
                List.of(Segment.HIGH_VALUE, Segment.CORE, Segment.AT_RISK, Segment.CHURNED)) {
            SegmentRule rule = rules.get(segment);
            if (rule != null && rule.matches(r, f, m, pAlive)) {
                return segment;
            }
        }
        return Segment.REGULAR;
    }

    private static int exceeded(long value, int[] bounds) {
        int n = 0;
        for (int bound : bounds) {
            if (value > bound) {
                n++;
            }
        }
        return n;
    }

    private static int exceeded(long value, long[] bounds) {
        int n = 0;
        for (long bound : bounds) {
            if (value > bound) {
                n++;
            }
        }
        return n;
    }
}
