package dev.repurchase.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which published message made an event-time timer due. */
class CommitLogTest {

    private static final long OUT_OF_ORDERNESS = 5_000;

    @Test
    void theLastPartitionToPassTheDueTimePlusOutOfOrdernessMadeTheTimerDue() {
        CommitLog log = new CommitLog();
        log.add("orders", 0, 1_000);
        log.add("orders", 0, 6_001);
        log.add("orders", 0, 9_000);
        log.add("orders", 1, 2_000);
        log.add("orders", 1, 7_500);
        log.add("order_items", 0, 6_500);

        // watermark = commit - 5000 - 1 per partition: a timer at 1000 needs commits >= 6001
        assertThat(log.enablingCommit(1_000, OUT_OF_ORDERNESS)).isEqualTo(7_500);
    }

    @Test
    void aCommitExactlyAtTheThresholdIsEnough() {
        CommitLog log = new CommitLog();
        log.add("orders", 0, 6_001);

        assertThat(log.enablingCommit(1_000, OUT_OF_ORDERNESS)).isEqualTo(6_001);
        assertThat(log.enablingCommit(1_001, OUT_OF_ORDERNESS)).isEqualTo(-1);
    }

    @Test
    void aPartitionThatNeverGotThereMeansNotYetDue() {
        CommitLog log = new CommitLog();
        log.add("orders", 0, 10_000);
        log.add("orders", 1, 3_000);

        assertThat(log.enablingCommit(1_000, OUT_OF_ORDERNESS)).isEqualTo(-1);
    }

    @Test
    void growsPastItsFirstArray() {
        CommitLog log = new CommitLog();
        for (int i = 0; i < 5_000; i++) {
            log.add("orders", 0, i);
        }

        assertThat(log.enablingCommit(0, 3_000)).isEqualTo(3_001);
    }
}
