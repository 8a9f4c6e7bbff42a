package dev.repurchase.jobs.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.repurchase.jobs.sink.SchemaInstaller;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC 5: "A row whose counts are all zero may be kept or deleted; readers treat both alike". So
 * the comparison ignores a row only when every count of it is zero, not when one column is.
 */
class ContractTablesTest {

    private String stream;
    private String batch;

    @BeforeEach
    void twoSchemasWithTheSameRows() throws Exception {
        stream = TestPostgres.createSchema("contract_stream");
        batch = TestPostgres.createSchema("contract_batch");
        for (String schema : new String[] {stream, batch}) {
            try (Connection c = TestPostgres.connect();
                    Statement s = c.createStatement()) {
                s.execute("SET search_path TO " + schema);
                SchemaInstaller.install(c);
            }
            execute(
                    schema,
                    "INSERT INTO metric_period (period_type, period_start, dimension,"
                            + " dimension_value, customers, orders, net_amount)"
                            + " VALUES ('MONTH', DATE '2025-01-01', 'ALL', 'ALL', 2, 3, 30.00)",
                    "INSERT INTO cohort_retention VALUES ('MONTH', DATE '2025-01-01', 0, 2, 0)",
                    "INSERT INTO first_repeat_cycle VALUES ('MONTH', DATE '2025-01-01', 1, 12.00,"
                            + " 12, 12, 12, 12)",
                    "INSERT INTO category_cycle VALUES ('coffee', 1, 12.00, 12, 12, 12, 12)",
                    "INSERT INTO customer_profile (customer_id, first_purchase_at,"
                            + " last_purchase_at, purchases, net_amount) VALUES ('c1',"
                            + " TIMESTAMPTZ '2025-01-02 10:00:00+00', TIMESTAMPTZ '2025-01-14"
                            + " 10:00:00+00', 2, 30.00)",
                    "INSERT INTO exclusion VALUES ('MONTH', DATE '2025-01-01', 'CANCELLED', 1,"
                            + " 9.50)");
        }
    }

    @AfterEach
    void dropSchemas() throws Exception {
        TestPostgres.dropSchema(stream);
        TestPostgres.dropSchema(batch);
    }

    @Test
    void equalTablesAreTheSame() {
        assertThatCode(() -> ContractTables.assertSame(stream, batch)).doesNotThrowAnyException();
    }

    @Test
    void aRowWhoseCountsAreAllZeroCountsAsAbsent() throws Exception {
        execute(
                stream,
                "INSERT INTO metric_period (period_type, period_start, dimension,"
                        + " dimension_value) VALUES ('MONTH', DATE '2025-02-01', 'ALL', 'ALL')",
                "INSERT INTO first_repeat_cycle (period_type, cohort_start, intervals)"
                        + " VALUES ('MONTH', DATE '2025-02-01', 0)",
                "INSERT INTO customer_profile (customer_id) VALUES ('refunded')");

        assertThatCode(() -> ContractTables.assertSame(stream, batch)).doesNotThrowAnyException();
    }

    @Test
    void aRowWithCustomersZeroButOtherCountsIsCompared() throws Exception {
        // A month left with refunds only: no purchasing customer, a negative net amount.
        execute(
                stream,
                "INSERT INTO metric_period (period_type, period_start, dimension,"
                        + " dimension_value, net_amount, returning_net_amount)"
                        + " VALUES ('MONTH', DATE '2025-02-01', 'ALL', 'ALL', -12.00, -12.00)");

        assertThatThrownBy(() -> ContractTables.assertSame(stream, batch))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("metric_period")
                .hasMessageContaining("-12.00");
    }

    @Test
    void aCohortRowWithSecondPurchasesOnlyIsCompared() throws Exception {
        execute(batch, "INSERT INTO cohort_retention VALUES ('MONTH', DATE '2025-01-01', 1, 0, 1)");

        assertThatThrownBy(() -> ContractTables.assertSame(stream, batch))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("cohort_retention");
    }

    @Test
    void aProfileWithANetAmountButNoPurchasesIsCompared() throws Exception {
        execute(
                stream,
                "INSERT INTO customer_profile (customer_id, purchases, net_amount)"
                        + " VALUES ('c2', 0, -5.00)");

        assertThatThrownBy(() -> ContractTables.assertSame(stream, batch))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("customer_profile");
    }

    private static void execute(String schema, String... statements) throws Exception {
        try (Connection c = TestPostgres.connect();
                Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
