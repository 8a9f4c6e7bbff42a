package dev.repurchase.jobs.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU time of this JVM's Java threads over a run, by Flink task (a vertex's subtasks summed) and
 * the rest. Busy time per vertex counts the time a task waits for a core too, which on a crowded
 * machine says little; thread CPU time does not. Threads end with the job, so their CPU time is
 * sampled every 100 ms while it runs and the last sample of each thread counts. Native threads
 * (RocksDB's compactions and flushes, GC, the JIT) are no Java threads and not counted here.
 */
final class ThreadCpu {

    /** Threads that are no Flink task: the broker, Flink's runtime, the harness. */
    static final String OTHER = "other Java threads";

    /** Flink names a task's thread after its vertex, then "(subtask/parallelism)#attempt". */
    private static final Pattern SUBTASK = Pattern.compile(" \\(\\d+/\\d+\\)#\\d+$");

    private static final long SAMPLE_MILLIS = 100;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> startNanos = new HashMap<>();
    private final Map<Long, Long> lastNanos = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    private ThreadCpu() {
        sample(startNanos);
        sampler = new Thread(this::sampleUntilStopped, "bench-thread-cpu");
        sampler.setDaemon(true);
    }

    /** Starts counting: what threads alive now have used so far is left out. */
    static ThreadCpu start() {
        ThreadCpu cpu = new ThreadCpu();
        cpu.sampler.start();
        return cpu;
    }

    /** Stops counting; CPU seconds since the start by vertex name, and {@link #OTHER}. */
    Map<String, Double> stop() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join();
        sample(lastNanos);
        Map<String, Double> seconds = new LinkedHashMap<>();
        lastNanos.forEach(
                (id, nanos) -> {
                    Matcher subtask = SUBTASK.matcher(names.get(id));
                    String task = subtask.find() ? subtask.replaceFirst("") : OTHER;
                    seconds.merge(
                            task, (nanos - startNanos.getOrDefault(id, 0L)) / 1e9, Double::sum);
                });
        return seconds;
    }

    private void sampleUntilStopped() {
        while (running) {
            sample(lastNanos);
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample(Map<Long, Long> into) {
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue; // ended since the ids were listed
            }
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            if (nanos >= 0) {
                into.put(info.getThreadId(), nanos);
                names.put(info.getThreadId(), info.getThreadName());
            }
        }
    }
}
