package dev.repurchase.jobs.customer;

import dev.repurchase.common.customer.CustomerChange;
import dev.repurchase.common.customer.Referral;
import dev.repurchase.common.customer.ReferralUpdate;
import dev.repurchase.common.referral.CustomerRowChange;
import dev.repurchase.jobs.state.StateTypes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The referral graph of the customers table (SPEC 8.1) and each customer's chain of referrers:
 * level 1 the customer's referrer, level 2 the referrer's, up to {@code referral.levels}, cut where
 * it would come back to the customer or to a referrer already in it (a self-referral or a cycle
 * stops the chain). Whenever a row changes, it sends the customer operator the {@link Referral} of
 * every customer whose chain or registration that can change: the customer, and when their referrer
 * changed, the referees below them down to {@code levels - 1} generations.
 *
 * <p>One instance (keyed by {@link #ALL}, parallelism 1) holds the whole graph in map state: a
 * chain crosses customers, and sending chains between customers keyed apart would need a loop in
 * the graph, which Flink does not checkpoint. The customers table changes seldom (a registration, a
 * changed referrer), and each customer costs one row and one entry of their referrer's list.
 *
 * <p>Rows are versioned by source position like orders and coupons, so arrival order and duplicates
 * do not matter; a deleted row is kept (as deleted) so that older versions stay stale.
 */
public class ReferralChains
        extends KeyedProcessFunction<String, CustomerRowChange, CustomerChange> {

    /** The one key. */
    public static final String ALL = "all";

    /** The operator's uid. */
    public static final String UID = "referral-chain";

    private final int levels;

    /** The latest version of each customer's row, by customer id. */
    private transient MapState<String, CustomerRowChange> rows;

    /** The customers whose current row names the key as their referrer. */
    private transient MapState<String, String[]> referees;

    /**
     * @param levels {@code referral.levels}
     */
    public ReferralChains(int levels) {
        this.levels = levels;
    }

    @Override
    public void open(OpenContext openContext) {
        rows =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "customer-rows",
                                        Types.STRING,
                                        StateTypes.CUSTOMER_ROW_CHANGE));
        referees =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "referees",
                                        Types.STRING,
                                        BasicArrayTypeInfo.STRING_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(CustomerRowChange change, Context ctx, Collector<CustomerChange> out)
            throws Exception {
        String customerId = change.customerId();
        CustomerRowChange held = rows.get(customerId);
        if (held != null && !change.position.isAfter(held.position)) {
            return;
        }
        rows.put(customerId, change);
        String had = referrerOf(held);
        String has = referrerOf(change);
        if (had != null && !had.equals(has)) {
            removeReferee(had, customerId);
        }
        if (has != null && !has.equals(had)) {
            addReferee(has, customerId);
        }
        for (String affected : affectedBy(customerId, !java.util.Objects.equals(had, has))) {
            out.collect(CustomerChange.of(new ReferralUpdate(affected, referral(affected))));
        }
    }

    /** The customer's referral as it stands; null without a current row. */
    private Referral referral(String customerId) throws Exception {
        CustomerRowChange row = rows.get(customerId);
        if (row == null || row.deleted) {
            return null;
        }
        return new Referral(row.row.registeredAt, chain(customerId));
    }

    /** The referrers up from the customer, level 1 first, cut at a repeat or at the levels. */
    private String[] chain(String customerId) throws Exception {
        List<String> chain = new ArrayList<>(levels);
        Set<String> seen = new HashSet<>();
        seen.add(customerId);
        String current = customerId;
        while (chain.size() < levels) {
            String referrer = referrerOf(rows.get(current));
            if (referrer == null || !seen.add(referrer)) {
                break;
            }
            chain.add(referrer);
            current = referrer;
        }
        return chain.toArray(new String[0]);
    }

    /**
     * The customer, and if their referrer changed, their referees down to {@code levels - 1}
     * generations (each of whose chains runs through the customer's referrer).
     */
    private Set<String> affectedBy(String customerId, boolean referrerChanged) throws Exception {
        Set<String> affected = new LinkedHashSet<>();
        affected.add(customerId);
        if (!referrerChanged) {
            return affected;
        }
        Deque<String> generation = new ArrayDeque<>(List.of(customerId));
        for (int depth = 1; depth < levels && !generation.isEmpty(); depth++) {
            Deque<String> next = new ArrayDeque<>();
            for (String referrer : generation) {
                String[] below = referees.get(referrer);
                if (below != null) {
                    for (String referee : below) {
                        if (affected.add(referee)) {
                            next.add(referee);
                        }
                    }
                }
            }
            generation = next;
        }
        return affected;
    }

    private void addReferee(String referrer, String referee) throws Exception {
        String[] below = referees.get(referrer);
        String[] more = below == null ? new String[1] : Arrays.copyOf(below, below.length + 1);
        more[more.length - 1] = referee;
        referees.put(referrer, more);
    }

    private void removeReferee(String referrer, String referee) throws Exception {
        String[] below = referees.get(referrer);
        if (below == null) {
            return;
        }
        String[] rest =
                Arrays.stream(below).filter(id -> !id.equals(referee)).toArray(String[]::new);
        if (rest.length == 0) {
            referees.remove(referrer);
        } else {
            referees.put(referrer, rest);
        }
    }

    private static String referrerOf(CustomerRowChange change) {
        return change == null || change.deleted ? null : change.row.referrerId;
    }
}
