package dev.repurchase.jobs.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine the benchmark runs on, and how busy its cores are: {@code /proc/stat} for the whole
 * machine (the broker, the job and PostgreSQL all run here), the JVM's own CPU time for this
 * process.
 */
record Machine(int cores, long memoryBytes, String cpu, String jdk, String os) {

    static Machine describe() {
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                memTotal(),
                cpuModel(),
                System.getProperty("java.vm.name")
                        + " "
                        + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    String summary() {
        return String.format(
                "%d cores (%s), %.1f GiB memory, %s, %s",
                cores, cpu, memoryBytes / (1024.0 * 1024 * 1024), jdk, os);
    }

    /** CPU counters at an instant; the difference of two gives the cores used in between. */
    record CpuTime(long wallNanos, long machineBusyTicks, long machineTotalTicks, long jvmNanos) {

        static CpuTime now() {
            long[] ticks = procStat();
            long jvm = 0;
            if (ManagementFactory.getOperatingSystemMXBean()
                    instanceof com.sun.management.OperatingSystemMXBean os) {
                jvm = os.getProcessCpuTime();
            }
            return new CpuTime(System.nanoTime(), ticks[0], ticks[1], jvm);
        }

        /** Average busy cores of the whole machine since {@code start}. */
        double machineCoresSince(CpuTime start, int cores) {
            long total = machineTotalTicks - start.machineTotalTicks;
            return total <= 0
                    ? 0
                    : cores * (double) (machineBusyTicks - start.machineBusyTicks) / total;
        }

        /** Average cores this JVM used since {@code start}. */
        double jvmCoresSince(CpuTime start) {
            long wall = wallNanos - start.wallNanos;
            return wall <= 0 ? 0 : (double) (jvmNanos - start.jvmNanos) / wall;
        }
    }

    /** Busy and total ticks of all cores: the first line of /proc/stat; zeros if unreadable. */
    private static long[] procStat() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) { // user .. steal, without guest
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]); // idle + iowait
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    private static long memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return Runtime.getRuntime().maxMemory();
    }

    private static String cpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String line : lines) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return System.getProperty("os.arch");
    }
}
