package dev.repurchase.common.cdc;

import static dev.repurchase.common.cdc.CdcSamples.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Maxwell JSON messages, with {@code output_binlog_position} and {@code output_xoffset}. */
class MaxwellDecoderTest {

    private static final long COMMIT_SECONDS = 1_709_288_400L;
    private static final long BINLOG_FILE_INDEX = 3;
    private static final long BINLOG_OFFSET = 5_120;
    private static final long XOFFSET = 1;

    private static final byte[] INSERT =
            json(
                    """
                    {"database": "shop", "table": "orders", "type": "insert",
                     "ts": 1709288400, "xid": 8249, "xoffset": 1,
                     "position": "mysql-bin.000003:5120", "server_id": 1, "thread_id": 42,
                     "primary_key": [4004],
                     "data": {"order_id": 4004, "customer_id": "C-5", "status": "PAID",
                              "total_amount": 120.50, "created_at": "2024-03-01 18:20:00",
                              "customer_email": "han.meimei@example.com", "coupon_id": null}}
                    """);

    private static final byte[] UPDATE =
            json(
                    """
                    {"database": "shop", "table": "orders", "type": "update",
                     "ts": 1709370000, "xid": 8301, "commit": true,
                     "position": "mysql-bin.000003:9034",
                     "data": {"order_id": 4004, "status": "REFUNDED", "refunded_amount": 120.50},
                     "old": {"status": "PAID", "refunded_amount": 0.00}}
                    """);

    private static final byte[] DELETE =
            json(
                    """
                    {"database": "shop", "table": "order_items", "type": "delete",
                     "ts": 1709456400, "xid": 8420, "commit": true,
                     "data": {"order_id": 4004, "line_no": 1, "sku": "SKU-TEA-3"}}
                    """);

    private static final byte[] BOOTSTRAP_INSERT =
            json(
                    """
                    {"database": "shop", "table": "orders", "type": "bootstrap-insert",
                     "ts": 1709200000, "data": {"order_id": 17, "status": "COMPLETED"}}
                    """);

    private static final byte[] BOOTSTRAP_START =
            json(
                    """
                    {"database": "shop", "table": "orders", "type": "bootstrap-start",
                     "ts": 1709200000, "data": {}}
                    """);

    private final ChangeDecoder decoder = new MaxwellDecoder();

    private RowChange decodeOne(byte[] message) throws MalformedChangeException {
        List<RowChange> changes = decoder.decode(message);
        assertThat(changes).hasSize(1);
        return changes.get(0);
    }

    @Test
    void insertIsACreateWithTypedJsonValues() throws Exception {
        RowChange change = decodeOne(INSERT);

        assertThat(change.table()).isEqualTo("orders");
        assertThat(change.op()).isEqualTo(ChangeOp.CREATE);
        assertThat(change.before()).isNull();
        assertThat(change.after())
                .containsEntry("order_id", 4004L)
                .containsEntry("total_amount", new BigDecimal("120.50"))
                .containsEntry("coupon_id", null);
    }

    @Test
    void positionIsCommitSecondsThenBinlogPositionThenXoffset() throws Exception {
        RowChange change = decodeOne(INSERT);

        assertThat(change.position())
                .isEqualTo(
                        new SourcePosition(
                                COMMIT_SECONDS * 1000,
                                BINLOG_FILE_INDEX << 32 | BINLOG_OFFSET,
                                XOFFSET));
    }

    @Test
    void updateBeforeImageIsTheRowWithTheOldValuesOverlaid() throws Exception {
        RowChange change = decodeOne(UPDATE);

        assertThat(change.op()).isEqualTo(ChangeOp.UPDATE);
        assertThat(change.after()).containsEntry("status", "REFUNDED");
        assertThat(change.before())
                .containsEntry("order_id", 4004L)
                .containsEntry("status", "PAID")
                .containsEntry("refunded_amount", new BigDecimal("0.00"));
    }

    @Test
    void deleteCarriesTheDeletedRowAsBefore() throws Exception {
        RowChange change = decodeOne(DELETE);

        assertThat(change.op()).isEqualTo(ChangeOp.DELETE);
        assertThat(change.after()).isNull();
        assertThat(change.before()).containsEntry("sku", "SKU-TEA-3");
        assertThat(change.position().logPosition).isZero();
    }

    @Test
    void bootstrapInsertIsASnapshotRead() throws Exception {
        RowChange change = decodeOne(BOOTSTRAP_INSERT);

        assertThat(change.op()).isEqualTo(ChangeOp.READ);
        assertThat(change.after()).containsEntry("status", "COMPLETED");
    }

    @Test
    void bootstrapMarkersCarryNoRowChange() throws Exception {
        assertThat(decoder.decode(BOOTSTRAP_START)).isEmpty();
    }

    @Test
    void unknownTypeIsMalformed() {
        byte[] message = json("{\"table\": \"orders\", \"type\": \"upsert\", \"data\": {}}");

        assertThatThrownBy(() -> decoder.decode(message))
                .isInstanceOf(MalformedChangeException.class)
                .hasMessage("unknown type 'upsert'");
    }

    @Test
    void positionNotFileColonOffsetIsMalformed() {
        byte[] message =
                json(
                        """
                        {"table": "orders", "type": "insert", "ts": 1,
                         "position": "mysql-bin.000003", "data": {"order_id": 1}}
                        """);

        assertThatThrownBy(() -> decoder.decode(message))
                .isInstanceOf(MalformedChangeException.class)
                .hasMessageStartingWith("binlog position not file:offset");
    }
}
