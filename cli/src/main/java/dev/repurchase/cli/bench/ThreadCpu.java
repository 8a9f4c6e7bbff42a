package dev.repurchase.cli.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU time of this JVM's Java threads over a run, by Flink task (a vertex's subtasks summed) and
 * the rest. Busy time per vertex counts the time a task waits for a core too, which on a crowded
 * machine says little; thread CPU time does not. Threads end with the job, so their CPU time is
 * sampled every 100 ms while it runs and the last sample of each thread counts. The JVM's own and
 * RocksDB's native threads (GC, JIT compilers, RocksDB's flushes and compactions) live as long as
 * the process: they are read from {@code /proc/self/task} at the start and at the end (Linux only;
 * elsewhere they are left out).
 */
final class ThreadCpu {

    /** Threads that are no Flink task: the broker, Flink's runtime, the harness. */
    static final String OTHER = "other Java threads";

    static final String GC = "GC";
    static final String JIT = "JIT compilers";
    static final String ROCKSDB = "RocksDB background";

    /** Native threads by the start of their name, as the kernel has it (15 characters). */
    private static final Map<String, String> NATIVE =
            Map.of(
                    "GC Thread", GC,
                    "G1 ", GC,
                    "C1 CompilerThre", JIT,
                    "C2 CompilerThre", JIT,
                    "rocksdb", ROCKSDB);

    /** Clock ticks per second of {@code /proc}'s CPU times (USER_HZ, 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100;

    /** Flink names a task's thread after its vertex, then "(subtask/parallelism)#attempt". */
    private static final Pattern SUBTASK = Pattern.compile(" \\(\\d+/\\d+\\)#\\d+$");

    private static final long SAMPLE_MILLIS = 100;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> startNanos = new HashMap<>();
    private final Map<Long, Long> lastNanos = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();
    private final Map<String, Long> nativeStartTicks;
    private final Thread sampler;
    private volatile boolean running = true;

    private ThreadCpu() {
        nativeStartTicks = nativeTicks();
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

    /**
     * Stops counting; CPU seconds since the start by vertex name, {@link #OTHER}, {@link #GC},
     * {@link #JIT} and {@link #ROCKSDB}.
     */
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
        nativeTicks()
                .forEach(
                        (kind, ticks) ->
                                seconds.put(
                                        kind,
                                        (ticks - nativeStartTicks.getOrDefault(kind, 0L))
                                                / TICKS_PER_SECOND));
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

    /** CPU ticks (user and system) of the native threads so far, by kind. */
    private static Map<String, Long> nativeTicks() {
        Map<String, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String kind = nativeKind(Files.readString(task.resolve("comm")).strip());
                    if (kind != null) {
                        ticks.merge(
                                kind, cpuTicks(Files.readString(task.resolve("stat"))), Long::sum);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended while being read
                }
            }
        } catch (IOException e) {
            return Map.of(); // no /proc: not Linux
        }
        return ticks;
    }

    /**
     * User and system CPU ticks of a thread from its {@code /proc/.../stat} line: fields 14 and 15,
     * counted after the name in parentheses, which may hold spaces and parentheses itself.
     */
    static long cpuTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static String nativeKind(String threadName) {
        for (Map.Entry<String, String> prefix : NATIVE.entrySet()) {
            if (threadName.startsWith(prefix.getKey())) {
                return prefix.getValue();
            }
        }
        return null;
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
