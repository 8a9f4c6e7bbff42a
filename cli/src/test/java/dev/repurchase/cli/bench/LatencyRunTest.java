package dev.repurchase.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.cli.replay.ChangeEvent;
import dev.repurchase.common.cdc.CdcFormat;
import dev.repurchase.common.cdc.RowChange;
import dev.repurchase.common.order.OrderChange;
import dev.repurchase.common.order.OrderChangeMapper;
import dev.repurchase.common.order.OrderStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The messages of the live feeder: markers, and history moved to the present. */
class LatencyRunTest {

    private static final Instant PURCHASE = Instant.parse("2026-10-30T08:00:00Z");
    private static final long NOW = Instant.parse("2026-11-26T10:00:00Z").toEpochMilli();

    @Test
    void aMarkerIsAPaidOrderOfItsOwnCustomerCommittedNow() throws Exception {
        ChangeEvent marker = LatencyRun.marker("bench-tr-1", "east", PURCHASE);

        OrderChange change = decode(LatencyRun.committedAt(marker, NOW));

        assertThat(change.order.customerId).isEqualTo("bench-tr-1");
        assertThat(change.order.status).isEqualTo(OrderStatus.PAID);
        assertThat(change.order.purchaseTime()).isEqualTo(PURCHASE.toEpochMilli());
        assertThat(change.position.commitMillis).isEqualTo(NOW);
    }

    @Test
    void historyHappeningNowMovesEveryTimestampByTheCommitTimeShift() throws Exception {
        ChangeEvent paid = LatencyRun.marker("c1", "east", PURCHASE);
        long shift = NOW - PURCHASE.toEpochMilli();

        String moved = LatencyRun.happeningAt(paid, NOW);
        OrderChange change = decode(moved);

        assertThat(change.position.commitMillis).isEqualTo(NOW);
        assertThat(change.order.createdAt).isEqualTo(PURCHASE.toEpochMilli() + shift);
        assertThat(change.order.paidAt).isEqualTo(NOW);
        assertThat(moved).doesNotContain(PURCHASE.toString());
    }

    @Test
    void aJobKeepsUpWhileLatenciesStayFlat() {
        List<long[]> flat =
                List.of(m(1, 500), m(2, 700), m(3, 600), m(4, 650), m(5, 550), m(6, 800));
        List<long[]> growing =
                List.of(m(1, 500), m(2, 900), m(3, 4_000), m(4, 8_000), m(5, 12_000), m(6, 16_000));

        assertThat(LatencyRun.keptUp(flat, 6)).isTrue();
        assertThat(LatencyRun.keptUp(growing, 6)).isFalse();
        assertThat(LatencyRun.keptUp(flat, 10)).as("markers missing").isFalse();
    }

    private static long[] m(long commit, long latency) {
        return new long[] {commit, latency};
    }

    private static OrderChange decode(String message) throws Exception {
        List<RowChange> rows =
                CdcFormat.DEBEZIUM.decoder().decode(message.getBytes(StandardCharsets.UTF_8));
        assertThat(rows).hasSize(1);
        return OrderChangeMapper.canonical().map(rows.get(0));
    }
}
