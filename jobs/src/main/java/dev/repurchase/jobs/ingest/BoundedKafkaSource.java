package dev.repurchase.jobs.ingest;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.KafkaSourceEnumState;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;

/**
 * A bounded {@link KafkaSource} that also ends when the job is restored from a checkpoint or
 * savepoint: the replay resumed by {@code replay --checkpoint-dir}, or restored from a savepoint.
 *
 * <p>The enumerator of flink-connector-kafka 3.4.0 tells its readers that no more splits come only
 * once its partition discovery has found new partitions (FLINK-31006, FLINK-33466). Restored, it
 * finds every partition assigned already, so its readers read to their stopping offsets and wait
 * forever. This wraps the enumerator: when its one discovery finds nothing new, the readers are
 * told here. State and serializers are the Kafka source's own, so checkpoints and savepoints are
 * those of a plain {@code KafkaSource}.
 */
public final class BoundedKafkaSource<T>
        implements Source<T, KafkaPartitionSplit, KafkaSourceEnumState>, ResultTypeQueryable<T> {

    private static final long serialVersionUID = 1L;

    private final KafkaSource<T> kafka;

    /**
     * @param kafka a bounded Kafka source (partition discovery off, as {@code setBounded} makes it)
     */
    public BoundedKafkaSource(KafkaSource<T> kafka) {
        if (kafka.getBoundedness() != Boundedness.BOUNDED) {
            throw new IllegalArgumentException("the Kafka source is not bounded");
        }
        this.kafka = kafka;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<T, KafkaPartitionSplit> createReader(SourceReaderContext context)
            throws Exception {
        return kafka.createReader(context);
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> createEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> context) throws Exception {
        DiscoveryWatch watch = new DiscoveryWatch(context);
        return watch.enumerator(kafka.createEnumerator(watch));
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> restoreEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> context, KafkaSourceEnumState state)
            throws Exception {
        DiscoveryWatch watch = new DiscoveryWatch(context);
        return watch.enumerator(kafka.restoreEnumerator(watch, state));
    }

    @Override
    public SimpleVersionedSerializer<KafkaPartitionSplit> getSplitSerializer() {
        return kafka.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<KafkaSourceEnumState> getEnumeratorCheckpointSerializer() {
        return kafka.getEnumeratorCheckpointSerializer();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return kafka.getProducedType();
    }

    /**
     * The enumerator's context, watching its discovery: the Kafka enumerator's first asynchronous
     * call is its one partition discovery; if the discovery's handler asks for no further call (the
     * initialisation of new splits, after which the Kafka enumerator signals itself), nothing new
     * was found, and every reader, registered now or later, is told that no more splits come.
     */
    private static final class DiscoveryWatch
            implements SplitEnumeratorContext<KafkaPartitionSplit> {

        private final SplitEnumeratorContext<KafkaPartitionSplit> context;
        private final AtomicInteger calls = new AtomicInteger();
        private final Set<Integer> signalled = new HashSet<>();
        private boolean nothingNew;

        DiscoveryWatch(SplitEnumeratorContext<KafkaPartitionSplit> context) {
            this.context = context;
        }

        SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> enumerator(
                SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> kafka) {
            return new SplitEnumerator<>() {
                @Override
                public void start() {
                    kafka.start();
                }

                @Override
                public void handleSplitRequest(int subtaskId, String requesterHostname) {
                    kafka.handleSplitRequest(subtaskId, requesterHostname);
                }

                @Override
                public void addSplitsBack(List<KafkaPartitionSplit> splits, int subtaskId) {
                    kafka.addSplitsBack(splits, subtaskId);
                    signalled.remove(subtaskId);
                    signalIfDone(Set.of(subtaskId));
                }

                @Override
                public void addReader(int subtaskId) {
                    kafka.addReader(subtaskId);
                    signalled.remove(subtaskId);
                    signalIfDone(Set.of(subtaskId));
                }

                @Override
                public KafkaSourceEnumState snapshotState(long checkpointId) throws Exception {
                    return kafka.snapshotState(checkpointId);
                }

                @Override
                public void close() throws java.io.IOException {
                    kafka.close();
                }

                @Override
                public void notifyCheckpointComplete(long checkpointId) throws Exception {
                    kafka.notifyCheckpointComplete(checkpointId);
                }

                @Override
                public void handleSourceEvent(int subtaskId, SourceEvent sourceEvent) {
                    kafka.handleSourceEvent(subtaskId, sourceEvent);
                }
            };
        }

        private void signalIfDone(Set<Integer> readers) {
            if (!nothingNew) {
                return;
            }
            for (int reader : readers) {
                if (context.registeredReaders().containsKey(reader) && signalled.add(reader)) {
                    context.signalNoMoreSplits(reader);
                }
            }
        }

        @Override
        public <R> void callAsync(Callable<R> callable, BiConsumer<R, Throwable> handler) {
            if (calls.getAndIncrement() > 0) {
                context.callAsync(callable, handler);
                return;
            }
            context.callAsync(
                    callable,
                    (result, error) -> {
                        handler.accept(result, error);
                        if (error == null && calls.get() == 1) {
                            nothingNew = true;
                            signalIfDone(context.registeredReaders().keySet());
                        }
                    });
        }

        @Override
        public <R> void callAsync(
                Callable<R> callable,
                BiConsumer<R, Throwable> handler,
                long initialDelayMillis,
                long periodMillis) {
            // Periodic discovery: not a bounded source's; the Kafka enumerator signals itself.
            calls.incrementAndGet();
            context.callAsync(callable, handler, initialDelayMillis, periodMillis);
        }

        @Override
        public SplitEnumeratorMetricGroup metricGroup() {
            return context.metricGroup();
        }

        @Override
        public void sendEventToSourceReader(int subtaskId, SourceEvent event) {
            context.sendEventToSourceReader(subtaskId, event);
        }

        @Override
        public void sendEventToSourceReader(int subtaskId, int attemptNumber, SourceEvent event) {
            context.sendEventToSourceReader(subtaskId, attemptNumber, event);
        }

        @Override
        public int currentParallelism() {
            return context.currentParallelism();
        }

        @Override
        public Map<Integer, ReaderInfo> registeredReaders() {
            return context.registeredReaders();
        }

        @Override
        public Map<Integer, Map<Integer, ReaderInfo>> registeredReadersOfAttempts() {
            return context.registeredReadersOfAttempts();
        }

        @Override
        public void assignSplits(SplitsAssignment<KafkaPartitionSplit> newSplitAssignments) {
            context.assignSplits(newSplitAssignments);
        }

        @Override
        public void assignSplit(KafkaPartitionSplit split, int subtask) {
            context.assignSplit(split, subtask);
        }

        @Override
        public void signalNoMoreSplits(int subtask) {
            signalled.add(subtask);
            context.signalNoMoreSplits(subtask);
        }

        @Override
        public void runInCoordinatorThread(Runnable runnable) {
            context.runInCoordinatorThread(runnable);
        }

        @Override
        public void setIsProcessingBacklog(boolean isProcessingBacklog) {
            context.setIsProcessingBacklog(isProcessingBacklog);
        }
    }
}
