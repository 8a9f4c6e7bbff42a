package dev.repurchase.cli.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The commit times of the messages a live feeder published, per topic partition, in publishing
 * order (non-decreasing: commit time is the wall clock at sending). It answers which message made
 * an event-time timer due: the source's watermark of a partition is its latest commit time minus
 * the out-of-orderness minus 1 ms, and the job's watermark is the least over the partitions, so a
 * timer at {@code due} fires once every partition has a commit at or after {@code due +
 * outOfOrderness + 1}; the last of those messages made it due.
 */
final class CommitLog {

    private final Map<String, long[]> commits = new HashMap<>();
    private final Map<String, Integer> sizes = new HashMap<>();

    synchronized void add(String topic, int partition, long commitMillis) {
        String key = topic + "-" + partition;
        long[] times = commits.computeIfAbsent(key, k -> new long[1024]);
        int size = sizes.getOrDefault(key, 0);
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            commits.put(key, times);
        }
        times[size] = commitMillis;
        sizes.put(key, size + 1);
    }

    /**
     * The commit time of the message that made a timer at {@code due} fire, or -1 if some partition
     * never reached it.
     */
    synchronized long enablingCommit(long due, long outOfOrdernessMillis) {
        long threshold = due + outOfOrdernessMillis + 1;
        long enabling = Long.MIN_VALUE;
        for (Map.Entry<String, long[]> partition : commits.entrySet()) {
            int size = sizes.get(partition.getKey());
            long first = firstAtOrAfter(partition.getValue(), size, threshold);
            if (first < 0) {
                return -1;
            }
            enabling = Math.max(enabling, first);
        }
        return enabling == Long.MIN_VALUE ? -1 : enabling;
    }

    private static long firstAtOrAfter(long[] times, int size, long threshold) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (times[mid] < threshold) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low < size ? times[low] : -1;
    }
}
