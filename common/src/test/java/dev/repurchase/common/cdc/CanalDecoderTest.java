package dev.repurchase.common.cdc;

import static dev.repurchase.common.cdc.CdcSamples.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Canal flat JSON messages ({@code flatMessage=true}) from a MySQL binlog. */
class CanalDecoderTest {

    private static final long EVENT_MILLIS = 1_709_288_400_000L;
    private static final long MESSAGE_ID = 5;

    private static final byte[] INSERT =
            json(
                    """
                    {"data": [{"order_id": "3003", "customer_id": "C-9", "status": "PAID",
                               "total_amount": "88.00", "created_at": "2024-03-01 18:20:00",
                               "customer_phone": "13700137000", "campaign_id": null}],
                     "database": "shop", "es": 1709288400000, "id": 5, "isDdl": false,
                     "mysqlType": {"order_id": "bigint(20)", "customer_id": "varchar(32)",
                                   "status": "varchar(24)", "total_amount": "decimal(12,2)",
                                   "created_at": "datetime", "customer_phone": "varchar(20)",
                                   "campaign_id": "varchar(32)"},
                     "old": null, "pkNames": ["order_id"], "sql": "",
                     "sqlType": {"order_id": -5, "customer_id": 12, "status": 12,
                                 "total_amount": 3, "created_at": 93, "customer_phone": 12,
                                 "campaign_id": 12},
                     "table": "orders", "ts": 1709288400123, "type": "INSERT"}
                    """);

    private static final byte[] UPDATE =
            json(
                    """
                    {"data": [{"order_id": "3003", "status": "SHIPPED",
                               "shipped_at": "2024-03-02 09:00:00"}],
                     "database": "shop", "es": 1709370000000, "id": 6, "isDdl": false,
                     "old": [{"status": "PAID", "shipped_at": null}], "pkNames": ["order_id"],
                     "table": "orders", "ts": 1709370000050, "type": "UPDATE"}
                    """);

    private static final byte[] DELETE =
            json(
                    """
                    {"data": [{"order_id": "3003", "line_no": "1", "sku": "SKU-COFFEE-1"}],
                     "database": "shop", "es": 1709456400000, "id": 7, "isDdl": false,
                     "old": null, "pkNames": ["order_id", "line_no"],
                     "table": "order_items", "ts": 1709456400020, "type": "DELETE"}
                    """);

    private static final byte[] MULTI_ROW_INSERT =
            json(
                    """
                    {"data": [{"order_id": "3003", "line_no": "1", "quantity": "2"},
                              {"order_id": "3003", "line_no": "2", "quantity": "1"}],
                     "database": "shop", "es": 1709288400000, "isDdl": false,
                     "pkNames": ["order_id", "line_no"],
                     "table": "order_items", "ts": 1709288400130, "type": "INSERT"}
                    """);

    private static final byte[] DDL =
            json(
                    """
                    {"data": null, "database": "shop", "es": 1709290000000, "id": 9,
                     "isDdl": true, "mysqlType": null, "old": null, "pkNames": null,
                     "sql": "ALTER TABLE orders ADD COLUMN note varchar(64)", "sqlType": null,
                     "table": "orders", "ts": 1709290000050, "type": "ALTER"}
                    """);

    private final ChangeDecoder decoder = new CanalDecoder();

    @Test
    void insertIsACreateWithStringValues() throws Exception {
        List<RowChange> changes = decoder.decode(INSERT);

        assertThat(changes).hasSize(1);
        RowChange change = changes.get(0);
        assertThat(change.table()).isEqualTo("orders");
        assertThat(change.op()).isEqualTo(ChangeOp.CREATE);
        assertThat(change.before()).isNull();
        assertThat(change.after())
                .containsEntry("order_id", "3003")
                .containsEntry("total_amount", "88.00")
                .containsEntry("created_at", "2024-03-01 18:20:00")
                .containsEntry("campaign_id", null);
    }

    @Test
    void positionIsEventTimeThenMessageIdThenRowIndex() throws Exception {
        RowChange change = decoder.decode(INSERT).get(0);

        assertThat(change.position()).isEqualTo(new SourcePosition(EVENT_MILLIS, MESSAGE_ID, 0));
    }

    @Test
    void updateBeforeImageIsTheRowWithTheOldValuesOverlaid() throws Exception {
        RowChange change = decoder.decode(UPDATE).get(0);

        assertThat(change.op()).isEqualTo(ChangeOp.UPDATE);
        assertThat(change.after())
                .containsEntry("status", "SHIPPED")
                .containsEntry("shipped_at", "2024-03-02 09:00:00");
        assertThat(change.before())
                .containsEntry("order_id", "3003")
                .containsEntry("status", "PAID")
                .containsEntry("shipped_at", null);
    }

    @Test
    void deleteCarriesTheDeletedRowAsBefore() throws Exception {
        RowChange change = decoder.decode(DELETE).get(0);

        assertThat(change.table()).isEqualTo("order_items");
        assertThat(change.op()).isEqualTo(ChangeOp.DELETE);
        assertThat(change.after()).isNull();
        assertThat(change.before()).containsEntry("line_no", "1");
    }

    @Test
    void multiRowMessageGivesOneChangePerRowIndexedInOrder() throws Exception {
        List<RowChange> changes = decoder.decode(MULTI_ROW_INSERT);

        assertThat(changes)
                .extracting(change -> change.after().get("line_no"))
                .containsExactly("1", "2");
        assertThat(changes)
                .extracting(RowChange::position)
                .containsExactly(
                        new SourcePosition(EVENT_MILLIS, 0, 0),
                        new SourcePosition(EVENT_MILLIS, 0, 1));
    }

    @Test
    void ddlCarriesNoRowChange() throws Exception {
        assertThat(decoder.decode(DDL)).isEmpty();
    }

    @Test
    void unknownTypeIsMalformed() {
        byte[] message =
                json(
                        "{\"data\": [], \"isDdl\": false, \"table\": \"orders\", \"type\": \"UPSERT\"}");

        assertThatThrownBy(() -> decoder.decode(message))
                .isInstanceOf(MalformedChangeException.class)
                .hasMessage("unknown type 'UPSERT'");
    }

    @Test
    void rowChangeWithoutDataIsMalformed() {
        byte[] message = json("{\"isDdl\": false, \"table\": \"orders\", \"type\": \"INSERT\"}");

        assertThatThrownBy(() -> decoder.decode(message))
                .isInstanceOf(MalformedChangeException.class)
                .hasMessage("missing data array");
    }

    @Test
    void truncatedJsonIsMalformed() {
        byte[] truncated = json("{\"data\": [{\"order_id\": \"3003\"");

        assertThatThrownBy(() -> decoder.decode(truncated))
                .isInstanceOf(MalformedChangeException.class)
                .hasMessage("truncated JSON");
    }
}
