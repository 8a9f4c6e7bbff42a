package dev.repurchase.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.cdc.CdcFormat;
import dev.repurchase.common.cdc.RowChange;
import dev.repurchase.common.order.OrderChange;
import dev.repurchase.common.order.OrderChangeMapper;
import dev.repurchase.common.order.OrderStatus;
import dev.repurchase.jobs.replay.ChangeEvent;
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

    private static OrderChange decode(String message) throws Exception {
        List<RowChange> rows =
                CdcFormat.DEBEZIUM.decoder().decode(message.getBytes(StandardCharsets.UTF_8));
        assertThat(rows).hasSize(1);
        return OrderChangeMapper.canonical().map(rows.get(0));
    }
}
