package dev.repurchase.common.cdc;

import static dev.repurchase.common.cdc.CdcSamples.file;
import static dev.repurchase.common.cdc.CdcSamples.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Debezium 3.x JSON as the PostgreSQL (pgoutput) and MySQL connectors emit it. */
class DebeziumDecoderTest {

    private static final long ORDER_ID = 1001L;
    private static final BigDecimal TOTAL = new BigDecimal("259.90");
    private static final Instant CREATED_AT = Instant.parse("2024-03-01T02:15:30.123456Z");
    private static final Instant PAID_AT = Instant.parse("2024-03-01T02:16:05Z");
    private static final Instant UPDATED_AT = Instant.parse("2024-03-01T02:16:05.123456Z");
    private static final long INSERT_COMMIT =
            Instant.parse("2024-03-01T02:16:05.456Z").toEpochMilli();
    private static final long INSERT_LSN = 24_023_128L;

    private final ChangeDecoder decoder = new DebeziumDecoder();

    private RowChange decodeOne(byte[] message) throws MalformedChangeException {
        List<RowChange> changes = decoder.decode(message);
        assertThat(changes).hasSize(1);
        return changes.get(0);
    }

    @Nested
    class PostgresWithSchema {

        @Test
        void insertIsACreateOfTheSourceTable() throws Exception {
            RowChange change = decodeOne(file("debezium/postgres-orders-insert.json"));

            assertThat(change.table()).isEqualTo("orders");
            assertThat(change.op()).isEqualTo(ChangeOp.CREATE);
            assertThat(change.before()).isNull();
            assertThat(change.after()).containsEntry("order_id", ORDER_ID);
        }

        @Test
        void base64DecimalBecomesBigDecimalWithTheSchemaScale() throws Exception {
            RowChange change = decodeOne(file("debezium/postgres-orders-insert.json"));

            assertThat(change.after()).containsEntry("total_amount", TOTAL);
        }

        @Test
        void variableScaleDecimalBecomesBigDecimal() throws Exception {
            RowChange change = decodeOne(file("debezium/postgres-orders-insert.json"));

            assertThat(change.after()).containsEntry("refunded_amount", BigDecimal.ZERO);
        }

        @Test
        void zonedTimestampBecomesAnInstantAndMicroTimestampALocalDateTime() throws Exception {
            RowChange change = decodeOne(file("debezium/postgres-orders-insert.json"));

            // updated_at is a timestamp without time zone: its wall-clock value, read in
            // source.timezone by the mapper.
            assertThat(change.after())
                    .containsEntry("created_at", CREATED_AT)
                    .containsEntry("paid_at", PAID_AT)
                    .containsEntry("shipped_at", null)
                    .containsEntry(
                            "updated_at", LocalDateTime.ofInstant(UPDATED_AT, ZoneOffset.UTC));
        }

        @Test
        void positionIsCommitTimeThenLsn() throws Exception {
            RowChange change = decodeOne(file("debezium/postgres-orders-insert.json"));

            assertThat(change.position())
                    .isEqualTo(new SourcePosition(INSERT_COMMIT, INSERT_LSN, 0));
        }

        @Test
        void updateCarriesBothImagesNormalised() throws Exception {
            RowChange change = decodeOne(file("debezium/postgres-orders-update.json"));

            assertThat(change.op()).isEqualTo(ChangeOp.UPDATE);
            assertThat(change.before())
                    .containsEntry("status", "PAID")
                    .containsEntry("total_amount", TOTAL);
            assertThat(change.after())
                    .containsEntry("status", "SHIPPED")
                    .containsEntry("shipped_at", Instant.parse("2024-03-02T08:00:00Z"));
            assertThat(change.position().isAfter(new SourcePosition(INSERT_COMMIT, INSERT_LSN, 0)))
                    .isTrue();
        }
    }

    @Nested
    class PostgresWithoutSchema {

        @Test
        void snapshotIsAReadWithJsonScalars() throws Exception {
            RowChange change = decodeOne(file("debezium/postgres-orders-snapshot-no-schema.json"));

            assertThat(change.op()).isEqualTo(ChangeOp.READ);
            assertThat(change.after())
                    .containsEntry("order_id", ORDER_ID)
                    .containsEntry("total_amount", "259.90")
                    .containsEntry("created_at", "2024-03-01T02:15:30.123456Z")
                    .containsEntry("updated_at", 1_709_259_365_123_456L);
        }

        @Test
        void deleteCarriesTheKeyOnlyBeforeImageOfTheDefaultReplicaIdentity() throws Exception {
            RowChange change = decodeOne(file("debezium/postgres-orders-delete-no-schema.json"));

            assertThat(change.op()).isEqualTo(ChangeOp.DELETE);
            assertThat(change.after()).isNull();
            assertThat(change.before())
                    .containsEntry("order_id", ORDER_ID)
                    .containsEntry("status", null);
            assertThat(change.image()).isSameAs(change.before());
        }
    }

    @Nested
    class MySql {

        private static final long BINLOG_FILE_INDEX = 3;
        private static final long BINLOG_OFFSET = 48_291;

        @Test
        void decimalAndDatetimeMillisAreNormalised() throws Exception {
            RowChange change = decodeOne(file("debezium/mysql-orders-insert.json"));

            assertThat(change.after())
                    .containsEntry("order_id", 2002L)
                    .containsEntry("total_amount", new BigDecimal("30.00"))
                    .containsEntry("refunded_amount", new BigDecimal("0.00"))
                    // DATETIME columns: wall-clock values; updated_at is a TIMESTAMP (UTC).
                    .containsEntry("created_at", LocalDateTime.parse("2024-03-01T10:00:00"))
                    .containsEntry("paid_at", LocalDateTime.parse("2024-03-01T10:00:30"))
                    .containsEntry("updated_at", Instant.parse("2024-03-01T10:00:30Z"));
        }

        @Test
        void positionIsBinlogFileIndexAndOffsetThenRow() throws Exception {
            RowChange change = decodeOne(file("debezium/mysql-orders-insert.json"));

            assertThat(change.position())
                    .isEqualTo(
                            new SourcePosition(
                                    Instant.parse("2024-03-01T10:00:30Z").toEpochMilli(),
                                    BINLOG_FILE_INDEX << 32 | BINLOG_OFFSET,
                                    1));
        }

        @Test
        void laterBinlogFileComesAfterAHigherOffsetInAnEarlierOne() throws Exception {
            SourcePosition insert = decodeOne(file("debezium/mysql-orders-insert.json")).position();
            SourcePosition update =
                    decodeOne(file("debezium/mysql-orders-update-no-schema.json")).position();
            SourcePosition sameTimeAsUpdateInOldFile =
                    new SourcePosition(update.commitMillis, insert.logPosition, 0);

            assertThat(update.isAfter(sameTimeAsUpdateInOldFile)).isTrue();
        }

        @Test
        void updateWithoutSchemaKeepsScalars() throws Exception {
            RowChange change = decodeOne(file("debezium/mysql-orders-update-no-schema.json"));

            assertThat(change.op()).isEqualTo(ChangeOp.UPDATE);
            assertThat(change.before()).containsEntry("refunded_amount", "0.00");
            assertThat(change.after())
                    .containsEntry("status", "PARTIALLY_REFUNDED")
                    .containsEntry("refunded_amount", "12.50")
                    .containsEntry("created_at", 1_709_287_200_000L);
        }
    }

    @Nested
    class LogicalTypes {

        /** A wrapped create event of table t with one column c of the given schema. */
        private byte[] oneColumn(String columnSchema, String value) {
            return json(
                    """
                    {"schema": {"type": "struct", "fields": [
                       {"type": "struct", "field": "after", "fields": [%s]}]},
                     "payload": {"op": "c", "source": {"table": "t", "ts_ms": 1},
                                 "after": {"c": %s}}}
                    """
                            .formatted(columnSchema, value));
        }

        private Object decodeColumn(String columnSchema, String value) throws Exception {
            return decodeOne(oneColumn(columnSchema, value)).after().get("c");
        }

        @Test
        void nanoTimestamp() throws Exception {
            assertThat(
                            decodeColumn(
                                    """
                                    {"type": "int64", "name": "io.debezium.time.NanoTimestamp", "field": "c"}
                                    """,
                                    "1709259365123456789"))
                    .isEqualTo(LocalDateTime.parse("2024-03-01T02:16:05.123456789"));
        }

        @Test
        void connectTimestampIsMillisOfTheWallClock() throws Exception {
            assertThat(
                            decodeColumn(
                                    """
                                    {"type": "int64", "name": "org.apache.kafka.connect.data.Timestamp", "field": "c"}
                                    """,
                                    "1709259365123"))
                    .isEqualTo(LocalDateTime.parse("2024-03-01T02:16:05.123"));
        }

        @Test
        void dateIsEpochDaysAtUtcMidnight() throws Exception {
            assertThat(
                            decodeColumn(
                                    """
                                    {"type": "int32", "name": "io.debezium.time.Date", "field": "c"}
                                    """,
                                    "19783"))
                    .isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
        }

        @Test
        void decimalSentAsNumberByTheNumericDecimalFormat() throws Exception {
            assertThat(
                            decodeColumn(
                                    """
                                    {"type": "bytes", "name": "org.apache.kafka.connect.data.Decimal",
                                     "parameters": {"scale": "2"}, "field": "c"}
                                    """,
                                    "259.90"))
                    .isEqualTo(TOTAL);
        }

        @Test
        void invalidBase64IsMalformedNamingTheColumn() {
            assertThatThrownBy(
                            () ->
                                    decodeColumn(
                                            """
                                            {"type": "bytes", "name": "org.apache.kafka.connect.data.Decimal",
                                             "parameters": {"scale": "2"}, "field": "c"}
                                            """,
                                            "\"not base64!\""))
                    .isInstanceOf(MalformedChangeException.class)
                    .hasMessageContaining("column c");
        }
    }

    @Nested
    class WithoutRowChange {

        @Test
        void heartbeatCarriesNone() throws Exception {
            assertThat(decoder.decode(json("{\"ts_ms\": 1709259365456}"))).isEmpty();
        }

        @Test
        void schemaChangeEventCarriesNone() throws Exception {
            assertThat(
                            decoder.decode(
                                    json(
                                            """
                                            {"source": {"table": "orders", "file": "mysql-bin.000003", "pos": 9},
                                             "ts_ms": 1709259365456, "databaseName": "shop",
                                             "ddl": "ALTER TABLE orders ADD COLUMN note VARCHAR(64)",
                                             "tableChanges": []}
                                            """)))
                    .isEmpty();
        }

        @Test
        void nullPayloadCarriesNone() throws Exception {
            assertThat(decoder.decode(json("{\"schema\": null, \"payload\": null}"))).isEmpty();
        }
    }

    @Nested
    class Positions {

        @Test
        void commitTimeFallsBackToTheEventTimestamp() throws Exception {
            RowChange change =
                    decodeOne(
                            json(
                                    """
                                    {"op": "c", "ts_ms": 42, "source": {"table": "orders"},
                                     "after": {"order_id": 1}}
                                    """));

            assertThat(change.position()).isEqualTo(new SourcePosition(42, 0, 0));
        }
    }

    @Nested
    class Malformed {

        @Test
        void truncatedJson() {
            byte[] truncated = json("{\"payload\": {\"op\": \"c\", \"after\": {\"order_id\": 1");

            assertThatThrownBy(() -> decoder.decode(truncated))
                    .isInstanceOf(MalformedChangeException.class)
                    .hasMessage("truncated JSON");
        }

        @Test
        void invalidJson() {
            assertThatThrownBy(() -> decoder.decode(json("{\"op\": c}")))
                    .isInstanceOf(MalformedChangeException.class)
                    .hasMessageStartingWith("invalid JSON at byte");
        }

        @Test
        void notAnObject() {
            assertThatThrownBy(() -> decoder.decode(json("[1, 2]")))
                    .isInstanceOf(MalformedChangeException.class)
                    .hasMessage("not a JSON object");
        }

        @Test
        void unknownOp() {
            byte[] message = json("{\"op\": \"x\", \"source\": {\"table\": \"orders\"}}");

            assertThatThrownBy(() -> decoder.decode(message))
                    .isInstanceOf(MalformedChangeException.class)
                    .hasMessage("unknown op 'x'");
        }

        @Test
        void createWithoutAfter() {
            byte[] message =
                    json("{\"op\": \"c\", \"source\": {\"table\": \"orders\"}, \"after\": null}");

            assertThatThrownBy(() -> decoder.decode(message))
                    .isInstanceOf(MalformedChangeException.class)
                    .hasMessage("missing after for op 'c'");
        }

        @Test
        void deleteWithoutBefore() {
            byte[] message = json("{\"op\": \"d\", \"source\": {\"table\": \"orders\"}}");

            assertThatThrownBy(() -> decoder.decode(message))
                    .isInstanceOf(MalformedChangeException.class)
                    .hasMessage("missing before for op 'd'");
        }

        @Test
        void rowWithoutOp() {
            byte[] message = json("{\"source\": {\"table\": \"orders\"}, \"after\": {}}");

            assertThatThrownBy(() -> decoder.decode(message))
                    .isInstanceOf(MalformedChangeException.class)
                    .hasMessage("row change without op");
        }

        @Test
        void missingTable() {
            byte[] message = json("{\"op\": \"c\", \"source\": {}, \"after\": {}}");

            assertThatThrownBy(() -> decoder.decode(message))
                    .isInstanceOf(MalformedChangeException.class)
                    .hasMessage("missing source.table");
        }
    }
}
