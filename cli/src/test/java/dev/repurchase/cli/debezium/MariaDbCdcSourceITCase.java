package dev.repurchase.cli.debezium;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.cli.embedded.EmbeddedKafka;
import dev.repurchase.cli.testing.TestSchemas;
import dev.repurchase.jobs.config.CdcSourceOptions;
import dev.repurchase.jobs.testing.TestMariaDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The job reading the order system's MariaDB tables itself ({@code source.type: mysql-cdc}, Flink
 * CDC over the row binlog): the snapshot of a year of orders, then payments, a shipment, changed
 * lines, new orders, a refund after the fact and a purged order from the binlog. The contract
 * tables (PostgreSQL) must equal what the batch SQL of {@code sql/} computes from the order
 * system's final tables, also when the job fails in the middle of the snapshot and restarts from
 * its latest checkpoint.
 *
 * <p>Needs {@code log_bin} and {@code binlog_format = ROW} ({@code .ci/run} sets them). Each test
 * has a database and binlog client server ids of its own.
 */
class MariaDbCdcSourceITCase {

    private EmbeddedKafka kafka;
    private final TestSchemas schemas = new TestSchemas();
    private String database;
    private OrderSystem shop;

    @BeforeEach
    void startKafkaAndTheOrderSystem() throws Exception {
        database = TestMariaDb.createDatabase("shop");
        assertThat(binlog())
                .as("MariaDB log_bin and binlog_format (see .ci/run)")
                .isEqualTo("ON ROW");
        kafka = CdcSourceJob.outputBroker();
        shop = OrderSystem.onMariaDb(database);
        shop.createTables();
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (kafka != null) {
                kafka.close();
            }
        } finally {
            TestMariaDb.dropDatabase(database);
            schemas.close();
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void snapshotThenBinlogEqualsTheBatchSql() throws Exception {
        String streamSchema = schemas.create("stream");
        CdcSourceJob.assertSnapshotThenLogEqualTheBatchSql(
                shop, config(streamSchema), streamSchema, schemas, null);
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void failureInTheMiddleOfTheSnapshotRestartsFromACheckpoint() throws Exception {
        String streamSchema = schemas.create("stream");
        CdcSourceJob.assertSnapshotThenLogEqualTheBatchSql(
                shop, config(streamSchema), streamSchema, schemas, "mysql-cdc-" + database);
    }

    private Configuration config(String streamSchema) {
        Configuration config = CdcSourceJob.config(kafka.bootstrapServers(), streamSchema);
        config.set(CdcSourceOptions.SOURCE_TYPE, "mysql-cdc");
        config.set(CdcSourceOptions.HOSTNAME, "127.0.0.1");
        config.set(CdcSourceOptions.PORT, 3306);
        config.set(CdcSourceOptions.DATABASE, database);
        config.set(CdcSourceOptions.USERNAME, "root");
        config.set(CdcSourceOptions.PASSWORD, "");
        int firstId = 6000 + ThreadLocalRandom.current().nextInt(10_000);
        config.set(CdcSourceOptions.SERVER_ID, firstId + "-" + (firstId + 3));
        return config;
    }

    private String binlog() throws Exception {
        try (Connection c = TestMariaDb.connect(database);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT CONCAT(@@log_bin, ' ', @@binlog_format)")) {
            r.next();
            return r.getString(1);
        }
    }
}
