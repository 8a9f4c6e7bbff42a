package dev.repurchase.cli.debezium;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.cli.embedded.EmbeddedKafka;
import dev.repurchase.cli.testing.TestSchemas;
import dev.repurchase.jobs.config.CdcSourceOptions;
import dev.repurchase.jobs.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The job reading the order system's PostgreSQL tables itself ({@code source.type: postgres-cdc},
 * Flink CDC's incremental snapshot, then the WAL by logical decoding with {@code pgoutput}): the
 * snapshot of a year of orders, then payments, a shipment, changed lines, new orders, a refund
 * after the fact and a purged order from the WAL. The contract tables must equal what the batch SQL
 * of {@code sql/} computes from the order system's final tables, also when the job fails in the
 * middle of the snapshot and restarts from its latest checkpoint.
 *
 * <p>Needs {@code wal_level = logical} ({@code .ci/run} sets it). Each test has a schema, a
 * publication and a replication slot of its own, and drops the slots and the publication at the
 * end: a slot left behind would keep the server's WAL forever.
 */
class PostgresCdcSourceITCase {

    private static final Duration SLOT_RELEASE_TIMEOUT = Duration.ofSeconds(30);

    private EmbeddedKafka kafka;
    private final TestSchemas schemas = new TestSchemas();
    private OrderSystem shop;
    private String slot;

    @BeforeEach
    void startKafkaAndTheOrderSystem() throws Exception {
        assertThat(walLevel())
                .as("PostgreSQL wal_level (logical decoding; see .ci/run)")
                .isEqualTo("logical");
        shop = new OrderSystem(schemas.create("shop"));
        // The slot and publication carry the schema's random name: lower case, digits, '_'.
        slot = shop.schema();
        shop.createTables();
        // The publication is the operator's (docs/deployment.md).
        try (Connection c = TestPostgres.connect();
                Statement s = c.createStatement()) {
            s.execute(
                    String.format(
                            "CREATE PUBLICATION %s FOR TABLE %s.orders, %2$s.order_items",
                            slot, shop.schema()));
        }
        kafka = CdcSourceJob.outputBroker();
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (kafka != null) {
                kafka.close();
            }
        } finally {
            try {
                if (shop != null) {
                    endSessionsLeftOnTheShop();
                }
                dropSlotsAndPublication();
            } finally {
                schemas.close();
            }
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void snapshotThenWalEqualsTheBatchSql() throws Exception {
        String streamSchema = schemas.create("stream");
        CdcSourceJob.assertSnapshotThenLogEqualTheBatchSql(
                shop, config(streamSchema), streamSchema, schemas, null);
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void failureInTheMiddleOfTheSnapshotRestartsFromACheckpoint() throws Exception {
        String streamSchema = schemas.create("stream");
        CdcSourceJob.assertSnapshotThenLogEqualTheBatchSql(
                shop, config(streamSchema), streamSchema, schemas, "postgres-cdc-" + shop.schema());
    }

    private Configuration config(String streamSchema) {
        Configuration config = CdcSourceJob.config(kafka.bootstrapServers(), streamSchema);
        config.set(CdcSourceOptions.SOURCE_TYPE, "postgres-cdc");
        config.set(CdcSourceOptions.HOSTNAME, "127.0.0.1");
        config.set(CdcSourceOptions.PORT, 5432);
        config.set(CdcSourceOptions.DATABASE, "test");
        config.set(CdcSourceOptions.POSTGRES_SCHEMA, shop.schema());
        config.set(CdcSourceOptions.USERNAME, TestPostgres.USER);
        config.set(CdcSourceOptions.PASSWORD, "");
        config.set(CdcSourceOptions.POSTGRES_SLOT, slot);
        config.set(CdcSourceOptions.POSTGRES_PUBLICATION, slot);
        return config;
    }

    /**
     * Ends the server sessions that still hold locks on the shop's tables after the job was
     * cancelled. Flink CDC 3.5.0 leaves snapshot chunk connections of a restarted reader idle in
     * their transaction (FLINK-39403) for as long as the JVM lives; they would block the schema's
     * drop.
     */
    private void endSessionsLeftOnTheShop() throws SQLException {
        try (Connection c = TestPostgres.connect();
                PreparedStatement s =
                        c.prepareStatement(
                                "SELECT pg_terminate_backend(pid) FROM (SELECT DISTINCT l.pid"
                                        + " FROM pg_locks l"
                                        + " JOIN pg_class t ON t.oid = l.relation"
                                        + " JOIN pg_namespace n ON n.oid = t.relnamespace"
                                        + " WHERE n.nspname = ? AND l.pid <> pg_backend_pid())"
                                        + " leftovers")) {
            s.setString(1, shop.schema());
            s.executeQuery().close();
        }
    }

    /**
     * Drops the job's slot and the snapshot readers' ({@code slot_<subtask>}) once the cancelled
     * job's WAL senders have let go of them, then the publication.
     */
    private void dropSlotsAndPublication() throws Exception {
        long deadline = System.nanoTime() + SLOT_RELEASE_TIMEOUT.toNanos();
        try (Connection c = TestPostgres.connect()) {
            while (true) {
                try (PreparedStatement s =
                        c.prepareStatement(
                                "SELECT pg_drop_replication_slot(slot_name)"
                                        + " FROM pg_replication_slots"
                                        + " WHERE slot_name = ? OR slot_name ~ ?")) {
                    s.setString(1, slot);
                    s.setString(2, "^" + slot + "_[0-9]+$");
                    s.executeQuery().close();
                    break;
                } catch (SQLException active) {
                    if (System.nanoTime() > deadline) {
                        throw active;
                    }
                    TimeUnit.MILLISECONDS.sleep(200);
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("DROP PUBLICATION IF EXISTS " + slot);
            }
        }
    }

    private static String walLevel() throws Exception {
        try (Connection c = TestPostgres.connect();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SHOW wal_level")) {
            r.next();
            return r.getString(1);
        }
    }
}
