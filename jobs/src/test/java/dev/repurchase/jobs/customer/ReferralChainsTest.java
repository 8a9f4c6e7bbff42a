package dev.repurchase.jobs.customer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.cdc.SourcePosition;
import dev.repurchase.common.customer.CustomerChange;
import dev.repurchase.common.customer.Referral;
import dev.repurchase.common.referral.CustomerRow;
import dev.repurchase.common.referral.CustomerRowChange;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC 8.1: each customer's chain of referrers, cut at a self-referral or a cycle and at the levels
 * (3 here), sent again whenever a change of the customers table moves it.
 */
class ReferralChainsTest {

    private static final long REGISTERED = 1_700_000_000_000L;

    private KeyedOneInputStreamOperatorTestHarness<String, CustomerRowChange, CustomerChange>
            harness;
    private long commit = 1_000;

    @BeforeEach
    void open() throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new ReferralChains(3)),
                        change -> ReferralChains.ALL,
                        Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private CustomerRowChange row(String customer, String referrer) {
        return CustomerRowChange.of(
                new CustomerRow(customer, referrer, REGISTERED),
                false,
                new SourcePosition(commit++, 0, 0));
    }

    private void receive(CustomerRowChange change) throws Exception {
        harness.processElement(change, change.position.commitMillis);
    }

    /** The latest referral sent per customer: "registered? [chain]", or "none". */
    private Map<String, String> sent() {
        Map<String, String> latest = new LinkedHashMap<>();
        for (CustomerChange change : harness.extractOutputValues()) {
            Referral r = change.referral.referral();
            latest.put(
                    change.referral.customerId(),
                    r == null ? "none" : Arrays.toString(r.referrers()));
        }
        return latest;
    }

    private List<String> updated() {
        return harness.extractOutputValues().stream()
                .map(c -> c.referral.customerId())
                .collect(Collectors.toList());
    }

    @Test
    void aChainOfFourGoesUpThreeLevels() throws Exception {
        receive(row("ann", "zed"));
        receive(row("bob", "ann"));
        receive(row("cid", "bob"));
        receive(row("dan", "cid"));

        assertThat(sent())
                .containsEntry("ann", "[zed]")
                .containsEntry("bob", "[ann, zed]")
                .containsEntry("cid", "[bob, ann, zed]")
                .containsEntry("dan", "[cid, bob, ann]");
        assertThat(harness.extractOutputValues().get(0).referral.referral().registeredAt())
                .isEqualTo(REGISTERED);
    }

    @Test
    void aReferrerWhoseRowComesLaterExtendsTheChainsBelow() throws Exception {
        receive(row("cid", "bob"));
        receive(row("bob", "ann"));

        assertThat(sent()).containsEntry("cid", "[bob, ann]").containsEntry("bob", "[ann]");
    }

    @Test
    void aSelfReferralEarnsNobody() throws Exception {
        receive(row("eve", "eve"));
        receive(row("fay", "eve"));

        assertThat(sent()).containsEntry("eve", "[]").containsEntry("fay", "[eve]");
    }

    @Test
    void aCycleStopsTheChainBeforeItComesBack() throws Exception {
        receive(row("x", "y"));
        receive(row("y", "z"));
        receive(row("z", "x"));
        receive(row("w", "x"));

        assertThat(sent())
                .containsEntry("x", "[y, z]")
                .containsEntry("y", "[z, x]")
                .containsEntry("z", "[x, y]")
                // w is outside the cycle: x, y, z, then x again
                .containsEntry("w", "[x, y, z]");
    }

    @Test
    void aChangedReferrerReachesTheRefereesWithinTheLevels() throws Exception {
        receive(row("ann", null));
        receive(row("bob", "ann"));
        receive(row("cid", "bob"));
        receive(row("dan", "cid"));
        receive(row("eli", "dan"));
        receive(row("kim", null));
        harness.getOutput().clear();

        receive(row("bob", "kim"));

        // bob's chain and those of the two generations below him; eli's level 3 is bob.
        assertThat(updated()).containsExactly("bob", "cid", "dan");
        assertThat(sent())
                .containsEntry("bob", "[kim]")
                .containsEntry("cid", "[bob, kim]")
                .containsEntry("dan", "[cid, bob, kim]");
    }

    @Test
    void aDeletedRowEndsTheReferralAndOlderVersionsStayStale() throws Exception {
        CustomerRowChange first = row("bob", "ann");
        receive(first);
        receive(
                CustomerRowChange.of(
                        new CustomerRow("bob", null, null),
                        true,
                        new SourcePosition(commit++, 0, 0)));
        harness.getOutput().clear();

        receive(first);

        assertThat(harness.extractOutputValues()).isEmpty();
        receive(row("cid", "bob"));
        assertThat(sent()).containsEntry("cid", "[bob]");
    }

    @Test
    void aDuplicateChangesNothing() throws Exception {
        CustomerRowChange change = row("bob", "ann");
        receive(change);
        harness.getOutput().clear();

        receive(change);

        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void aNewRegistrationTimeIsSentForTheCustomerAlone() throws Exception {
        receive(row("bob", "ann"));
        receive(row("cid", "bob"));
        harness.getOutput().clear();

        receive(
                CustomerRowChange.of(
                        new CustomerRow("bob", "ann", REGISTERED + 1),
                        false,
                        new SourcePosition(commit++, 0, 0)));

        assertThat(updated()).containsExactly("bob");
        assertThat(harness.extractOutputValues().get(0).referral.referral().registeredAt())
                .isEqualTo(REGISTERED + 1);
    }
}
