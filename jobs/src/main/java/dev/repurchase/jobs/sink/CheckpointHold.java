package dev.repurchase.jobs.sink;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a sink-facing operator holds back until a completed checkpoint covers it: the one
 * bookkeeping behind {@link CheckpointGate} and the new rows of {@code MetricAggregator}. Values
 * held since the last checkpoint (the latest per key) belong to the next checkpoint taken; a
 * completed checkpoint releases its values and those of every earlier one. Not thread-safe; lives
 * in one operator instance.
 *
 * @param <K> what identifies a value: a later value of the key replaces the earlier one
 */
public final class CheckpointHold<K, V> {

    private final Map<K, V> sinceCheckpoint = new LinkedHashMap<>();
    private final TreeMap<Long, List<V>> byCheckpoint = new TreeMap<>();

    /** Holds {@code value} until a checkpoint taken after now completes. */
    public void hold(K key, V value) {
        sinceCheckpoint.put(key, value);
    }

    /** A checkpoint is taken: what was held since the previous one waits for it. */
    public void checkpointTaken(long checkpointId) {
        if (!sinceCheckpoint.isEmpty()) {
            byCheckpoint.put(checkpointId, new ArrayList<>(sinceCheckpoint.values()));
            sinceCheckpoint.clear();
        }
    }

    /** The values a completed checkpoint releases, in the order they were held. */
    public List<V> checkpointCompleted(long checkpointId) {
        List<V> released = new ArrayList<>();
        Iterator<List<V>> confirmed = byCheckpoint.headMap(checkpointId, true).values().iterator();
        while (confirmed.hasNext()) {
            released.addAll(confirmed.next());
            confirmed.remove();
        }
        return released;
    }

    /** The values of the checkpoints taken and not yet completed: what a checkpoint must keep. */
    public List<V> waitingForCheckpoints() {
        List<V> all = new ArrayList<>();
        byCheckpoint.values().forEach(all::addAll);
        return all;
    }

    /** Everything held, released at once (the end of the input), in the order it was held. */
    public List<V> releaseAll() {
        List<V> all = waitingForCheckpoints();
        all.addAll(sinceCheckpoint.values());
        byCheckpoint.clear();
        sinceCheckpoint.clear();
        return all;
    }
}
