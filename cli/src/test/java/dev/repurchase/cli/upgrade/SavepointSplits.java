package dev.repurchase.cli.upgrade;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplitSerializer;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.io.SimpleVersionedSerialization;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.CompletedCheckpointStorageLocation;
import org.apache.flink.runtime.state.OperatorStateHandle;
import org.apache.flink.runtime.state.filesystem.AbstractFsCheckpointStorageAccess;
import org.apache.kafka.common.TopicPartition;

/**
 * Where the Kafka source of a savepoint stands: per partition it was still reading, the offset of
 * the next message to read, from the source readers' state ({@code SourceReaderState}, the Kafka
 * source's serialized splits). A partition read to its end is no longer in it.
 */
final class SavepointSplits {

    /** The list state in which a Flink source operator keeps its reader's splits. */
    private static final String READER_STATE = "SourceReaderState";

    private SavepointSplits() {}

    static Map<TopicPartition, Long> nextOffsets(Path savepoint) throws IOException {
        CompletedCheckpointStorageLocation location =
                AbstractFsCheckpointStorageAccess.resolveCheckpointPointer(
                        savepoint.toAbsolutePath().toUri().toString());
        CheckpointMetadata metadata;
        try (InputStream in = location.getMetadataHandle().openInputStream()) {
            metadata =
                    Checkpoints.loadCheckpointMetadata(
                            new DataInputStream(in),
                            SavepointSplits.class.getClassLoader(),
                            location.getExternalPointer());
        }
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (OperatorState operator : metadata.getOperatorStates()) {
            for (OperatorSubtaskState subtask : operator.getStates()) {
                for (OperatorStateHandle handle : subtask.getManagedOperatorState()) {
                    OperatorStateHandle.StateMetaInfo splits =
                            handle.getStateNameToPartitionOffsets().get(READER_STATE);
                    if (splits != null) {
                        read(handle, splits.getOffsets(), offsets);
                    }
                }
            }
        }
        return offsets;
    }

    private static void read(
            OperatorStateHandle handle, long[] positions, Map<TopicPartition, Long> offsets)
            throws IOException {
        KafkaPartitionSplitSerializer serializer = new KafkaPartitionSplitSerializer();
        try (FSDataInputStream in = handle.openInputStream()) {
            DataInputViewStreamWrapper view = new DataInputViewStreamWrapper(in);
            for (long position : positions) {
                in.seek(position);
                KafkaPartitionSplit split =
                        SimpleVersionedSerialization.readVersionAndDeSerialize(
                                serializer,
                                BytePrimitiveArraySerializer.INSTANCE.deserialize(view));
                offsets.put(split.getTopicPartition(), split.getStartingOffset());
            }
        }
    }
}
