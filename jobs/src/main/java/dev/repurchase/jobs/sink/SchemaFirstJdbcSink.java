package dev.repurchase.jobs.sink;

import java.io.IOException;
import java.util.Collection;
import org.apache.flink.api.common.JobID;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.jdbc.JdbcExactlyOnceOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriter;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriterState;
import org.apache.flink.connector.jdbc.datasource.connections.SimpleJdbcConnectionProvider;
import org.apache.flink.connector.jdbc.datasource.statements.JdbcQueryStatement;

/**
 * The at-least-once JDBC sink, whose writers first make sure the sink tables exist ({@code
 * jdbc.create-tables}). The tables are created where the sinks open, on the TaskManagers that write
 * to the database, so the machine that submits the job needs no access to it. {@link
 * SchemaInstaller#ensure} runs the DDL once per job and TaskManager.
 */
final class SchemaFirstJdbcSink<IN> extends JdbcSink<IN> {

    private static final long serialVersionUID = 1L;

    private final JdbcConnection connection;
    private final boolean createTables;

    SchemaFirstJdbcSink(
            JdbcConnection connection,
            boolean createTables,
            JdbcExecutionOptions execution,
            JdbcQueryStatement<IN> statement) {
        super(
                DeliveryGuarantee.AT_LEAST_ONCE,
                new SimpleJdbcConnectionProvider(connection.options()),
                execution,
                JdbcExactlyOnceOptions.defaults(),
                statement);
        this.connection = connection;
        this.createTables = createTables;
    }

    @Override
    public JdbcWriter<IN> createWriter(InitContext context) throws IOException {
        ensureTables(context.getJobId());
        return super.createWriter(context);
    }

    @Override
    public JdbcWriter<IN> restoreWriter(
            InitContext context, Collection<JdbcWriterState> recoveredState) throws IOException {
        ensureTables(context.getJobId());
        return super.restoreWriter(context, recoveredState);
    }

    private void ensureTables(JobID job) throws IOException {
        if (createTables) {
            SchemaInstaller.ensure(connection, job.toHexString());
        }
    }
}
