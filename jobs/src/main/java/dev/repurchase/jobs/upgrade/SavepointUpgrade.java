package dev.repurchase.jobs.upgrade;

import dev.repurchase.jobs.customer.CustomerOperator;
import dev.repurchase.jobs.customer.SuppressBefore;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.filesystem.AbstractFsCheckpointStorageAccess;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.OperatorTransformation;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.SavepointWriter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Turns a savepoint of state version 1 or 2 into one of state version 3, offline, with Flink's
 * State Processor API: the customer lifecycle ({@code customer-lifecycle}), the customer coupons
 * ({@code customer-coupons}) and the profile gate ({@code profile-gate}) became the one customer
 * operator ({@code customer}), whose state is built from theirs and the timeline's purchases
 * ({@link LegacyCustomer}). Every other operator keeps its uid and state as they are.
 *
 * <pre>
 * flink run -c dev.repurchase.jobs.upgrade.SavepointUpgrade repurchase-flink-job.jar FROM TO
 * </pre>
 */
public final class SavepointUpgrade {

    static final String TIMELINE = "customer-timeline";
    static final String LIFECYCLE = "customer-lifecycle";
    static final String COUPONS = "customer-coupons";
    static final String PROFILE_GATE = "profile-gate";

    private SavepointUpgrade() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException(
                    "usage: SavepointUpgrade FROM TO (savepoint directories of state versions 1-2"
                            + " and 3)");
        }
        upgrade(StreamExecutionEnvironment.getExecutionEnvironment(), args[0], args[1]);
    }

    /** Writes the savepoint {@code from} in state version 3 to the new directory {@code to}. */
    public static void upgrade(StreamExecutionEnvironment env, String from, String to)
            throws Exception {
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        EmbeddedRocksDBStateBackend rocksDb = new EmbeddedRocksDBStateBackend(true);
        Long suppressBefore = suppressBefore(env, from, rocksDb);

        SavepointReader old = SavepointReader.read(env, from, rocksDb);
        TypeInformation<LegacyCustomer> type = TypeInformation.of(LegacyCustomer.class);
        DataStream<LegacyCustomer> customers =
                old.readKeyedState(
                                OperatorIdentifier.forUid(TIMELINE),
                                new LegacyCustomer.TimelineReader(),
                                Types.STRING,
                                type)
                        .union(
                                old.readKeyedState(
                                        OperatorIdentifier.forUid(LIFECYCLE),
                                        new LegacyCustomer.LifecycleReader(),
                                        Types.STRING,
                                        type),
                                old.readKeyedState(
                                        OperatorIdentifier.forUid(COUPONS),
                                        new LegacyCustomer.CouponsReader(),
                                        Types.STRING,
                                        type));

        SavepointWriter.fromExistingSavepoint(env, from, rocksDb)
                .removeOperator(OperatorIdentifier.forUid(LIFECYCLE))
                .removeOperator(OperatorIdentifier.forUid(COUPONS))
                .removeOperator(OperatorIdentifier.forUid(PROFILE_GATE))
                .withOperator(
                        OperatorIdentifier.forUid(CustomerOperator.UID),
                        OperatorTransformation.bootstrapWith(customers)
                                .keyBy(customer -> customer.customerId, Types.STRING)
                                .transform(new CustomerBootstrap(suppressBefore)))
                .write(to);
        env.execute("Upgrade savepoint to state version 3");
        keepCheckpointId(from, to);
    }

    /**
     * Gives the written savepoint the checkpoint id of the one it came from. The State Processor
     * API of Flink 1.20 writes id 0 (FLINK-37460): the restored job would count its checkpoints
     * from 1 again, and the Kafka sinks' committers, whose restored state names the checkpoints of
     * the old run, would meet the same ids twice.
     */
    private static void keepCheckpointId(String from, String to) throws IOException {
        long id;
        try (DataInputStream in = new DataInputStream(open(from))) {
            id = Checkpoints.loadCheckpointMetadata(in, classLoader(), from).getCheckpointId();
        }
        CheckpointMetadata written;
        try (DataInputStream in = new DataInputStream(open(to))) {
            written = Checkpoints.loadCheckpointMetadata(in, classLoader(), to);
        }
        Path metadata = new Path(to, AbstractFsCheckpointStorageAccess.METADATA_FILE_NAME);
        try (OutputStream out =
                metadata.getFileSystem().create(metadata, FileSystem.WriteMode.OVERWRITE)) {
            Checkpoints.storeCheckpointMetadata(
                    new CheckpointMetadata(
                            id,
                            written.getOperatorStates(),
                            written.getMasterStates(),
                            written.getCheckpointProperties()),
                    out);
        }
    }

    private static InputStream open(String savepoint) throws IOException {
        Path metadata = new Path(savepoint, AbstractFsCheckpointStorageAccess.METADATA_FILE_NAME);
        return metadata.getFileSystem().open(metadata);
    }

    private static ClassLoader classLoader() {
        return SavepointUpgrade.class.getClassLoader();
    }

    /** The instant the lifecycle kept as {@code reminders.suppress-before}; null if none. */
    private static Long suppressBefore(
            StreamExecutionEnvironment env, String from, EmbeddedRocksDBStateBackend rocksDb)
            throws Exception {
        DataStream<Long> kept =
                SavepointReader.read(env, from, rocksDb)
                        .readUnionState(
                                OperatorIdentifier.forUid(LIFECYCLE),
                                SuppressBefore.STATE.getName(),
                                Types.LONG);
        try (CloseableIterator<Long> values = kept.executeAndCollect()) {
            List<Long> all = new java.util.ArrayList<>();
            values.forEachRemaining(all::add);
            return all.stream().min(Long::compare).orElse(null);
        }
    }
}
