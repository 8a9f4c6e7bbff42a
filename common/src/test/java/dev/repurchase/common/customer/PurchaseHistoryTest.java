package dev.repurchase.common.customer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.order.PurchaseChange;
import org.junit.jupiter.api.Test;

/**
 * An order's lines read after later versions of its row: what the lines decide holds from their
 * stamp on, in every version since (closed ones included), however the history was pruned.
 */
class PurchaseHistoryTest {

    private static final long CREATED = 1_000;
    private static final long PAID = 2_000;
    private static final long REFUNDED = 5_000;

    private static PurchaseChange upsert(long netCents, String primaryCategory) {
        Purchase p = new Purchase();
        p.orderId = "o1";
        p.purchasedAt = PAID;
        p.netCents = netCents;
        p.categories = new String[0];
        p.primaryCategory = primaryCategory;
        return PurchaseChange.upsert("alice", p);
    }

    /** Paid (without its lines, not read yet), then partly refunded. */
    private static PurchaseHistory paidThenRefunded() {
        PurchaseHistory history = new PurchaseHistory();
        history.apply(upsert(5000, null), PAID);
        history.apply(upsert(4000, null), REFUNDED);
        return history;
    }

    private static String categoryAt(PurchaseHistory history, long t) {
        return history.validAt(t).isEmpty() ? "none" : history.validAt(t).get(0).primaryCategory;
    }

    @Test
    void linesReadLateReachTheClosedVersionsAfterTheirStamp() {
        PurchaseHistory history = paidThenRefunded();

        assertThat(history.apply(PurchaseChange.lines("alice", "o1", "giftware", false), CREATED))
                .isTrue();
        assertThat(history.apply(upsert(4000, "giftware"), CREATED))
                .as("the upsert that follows the correction changes nothing more")
                .isFalse();

        assertThat(categoryAt(history, PAID)).isEqualTo("giftware");
        assertThat(history.validAt(PAID).get(0).netCents).isEqualTo(5000);
        assertThat(categoryAt(history, REFUNDED)).isEqualTo("giftware");
        assertThat(history.validAt(REFUNDED).get(0).netCents).isEqualTo(4000);
        assertThat(history.changeTimes()).containsExactly(PAID, REFUNDED);
    }

    @Test
    void aCorrectionStampedInsideAVersionSplitsIt() {
        PurchaseHistory history = paidThenRefunded();

        history.apply(PurchaseChange.lines("alice", "o1", "giftware", false), 3_000);

        assertThat(categoryAt(history, PAID)).isNull();
        assertThat(categoryAt(history, 3_000)).isEqualTo("giftware");
        assertThat(categoryAt(history, REFUNDED)).isEqualTo("giftware");
    }

    @Test
    void bulkLinesEndEveryVersionFromTheirStamp() {
        PurchaseHistory history = paidThenRefunded();

        history.apply(PurchaseChange.lines("alice", "o1", "giftware", true), CREATED);

        assertThat(history.isEmpty()).isTrue();
        assertThat(history.apply(PurchaseChange.remove("alice", "o1"), CREATED)).isFalse();
    }

    @Test
    void aCorrectionOfNothingChangesNothing() {
        PurchaseHistory history = paidThenRefunded();
        history.apply(PurchaseChange.lines("alice", "o1", "giftware", false), CREATED);

        assertThat(history.apply(PurchaseChange.lines("alice", "o1", "giftware", false), CREATED))
                .isFalse();
        assertThat(history.apply(PurchaseChange.lines("alice", "o2", "toys", false), CREATED))
                .isFalse();
    }

    @Test
    void aPrunedVersionIsSplitAtTheStampOfLateLines() {
        PurchaseHistory history = paidThenRefunded();
        history.prune(6_000);

        history.apply(PurchaseChange.lines("alice", "o1", "giftware", false), 5_500);

        assertThat(categoryAt(history, 5_400)).isNull();
        assertThat(categoryAt(history, 6_000)).isEqualTo("giftware");
    }
}
