package dev.repurchase.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.cdc.SourcePosition;
import dev.repurchase.common.order.Coupon;
import dev.repurchase.common.order.CouponChange;
import dev.repurchase.common.order.CouponUpdate;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CouponVersionsTest {

    private KeyedOneInputStreamOperatorTestHarness<String, CouponChange, CouponUpdate> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new CouponVersions(), change -> change.couponId, Types.STRING);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void version(long commit, String customer, String redeemedBy) throws Exception {
        harness.processElement(
                new StreamRecord<>(
                        CouponChange.of(
                                new Coupon("CP-1", customer, "spring", 0, 1000, redeemedBy),
                                false,
                                new SourcePosition(commit, commit, 0))));
    }

    private void deleted(long commit) throws Exception {
        Coupon key = new Coupon();
        key.couponId = "CP-1";
        harness.processElement(
                new StreamRecord<>(
                        CouponChange.of(key, true, new SourcePosition(commit, commit, 0))));
    }

    private List<String> updates() {
        return harness.extractOutputValues().stream()
                .map(
                        u ->
                                u.customerId
                                        + (u.coupon == null
                                                ? " -"
                                                : " +" + (u.coupon.isRedeemed() ? "redeemed" : ""))
                                        + "@"
                                        + u.position.commitMillis)
                .toList();
    }

    @Test
    void staleAndDuplicateVersionsChangeNothing() throws Exception {
        version(10, "alice", null);
        version(20, "alice", "o-1");
        version(10, "alice", null);
        version(20, "alice", "o-1");

        assertThat(updates()).containsExactly("alice +@10", "alice +redeemed@20");
    }

    @Test
    void aKeyOnlyDeleteTakesTheCouponFromItsCustomerAndStaysAgainstOlderVersions()
            throws Exception {
        version(10, "alice", null);
        deleted(30);
        version(20, "alice", "o-1");

        assertThat(updates()).containsExactly("alice +@10", "alice -@30");
    }

    @Test
    void aCouponMovedToAnotherCustomerLeavesTheFirst() throws Exception {
        version(10, "alice", null);
        version(20, "bob", null);

        assertThat(updates()).containsExactly("alice +@10", "alice -@20", "bob +@20");
    }
}
