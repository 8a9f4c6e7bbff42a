package dev.repurchase.cli.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The machine the benchmark runs on, and who keeps its cores busy: this JVM (broker, job, feeder),
 * PostgreSQL (the sinks, the batch) and everything else. Other processes (another build, another
 * test suite) distort every figure, so each phase reports their share and waits for a quiet machine
 * first.
 */
record Machine(int cores, long memoryBytes, String cpu, String jdk, String os) {

    /** Other processes may use this many cores and the machine still counts as quiet. */
    static final double QUIET_CORES = 0.3;

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

    /**
     * Waits until processes other than this JVM and PostgreSQL use less than {@link #QUIET_CORES}
     * for two seconds in a row, at most {@code max}.
     *
     * @return the cores other processes used in the last second measured
     */
    static double awaitQuiet(Duration max, PrintStream out) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        int cores = Runtime.getRuntime().availableProcessors();
        int quietSeconds = 0;
        double foreign = 0;
        boolean told = false;
        while (true) {
            CpuTime a = CpuTime.now();
            Thread.sleep(1_000);
            foreign = CpuTime.now().foreignCoresSince(a, cores);
            quietSeconds = foreign < QUIET_CORES ? quietSeconds + 1 : 0;
            if (quietSeconds >= 2) {
                return foreign;
            }
            if (System.nanoTime() > deadline) {
                out.printf(
                        "  (machine still busy after %d s: other processes use %.2f cores;"
                                + " going on)%n",
                        max.toSeconds(), foreign);
                return foreign;
            }
            if (!told && quietSeconds == 0) {
                out.printf(
                        "  waiting for a quiet machine (other processes use %.2f cores)...%n",
                        foreign);
                told = true;
            }
        }
    }

    /** CPU counters at an instant; the difference of two gives the cores used in between. */
    record CpuTime(
            long wallNanos, long busyTicks, long totalTicks, long selfTicks, long postgresTicks) {

        static CpuTime now() {
            long[] machine = procStat();
            return new CpuTime(
                    System.nanoTime(),
                    machine[0],
                    machine[1],
                    readSelfTicks(),
                    readPostgresTicks());
        }

        /** Average busy cores of the whole machine since {@code start}. */
        double machineCoresSince(CpuTime start, int cores) {
            return share(busyTicks - start.busyTicks, start, cores);
        }

        /** Average cores this JVM used since {@code start}. */
        double selfCoresSince(CpuTime start, int cores) {
            return share(selfTicks - start.selfTicks, start, cores);
        }

        /** Average cores PostgreSQL's processes used since {@code start}. */
        double postgresCoresSince(CpuTime start, int cores) {
            return share(postgresTicks - start.postgresTicks, start, cores);
        }

        /** Average cores every other process used since {@code start}. */
        double foreignCoresSince(CpuTime start, int cores) {
            return Math.max(
                    0,
                    machineCoresSince(start, cores)
                            - selfCoresSince(start, cores)
                            - postgresCoresSince(start, cores));
        }

        private double share(long ticks, CpuTime start, int cores) {
            long total = totalTicks - start.totalTicks;
            return total <= 0 ? 0 : cores * (double) ticks / total;
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

    private static long readSelfTicks() {
        return processTicks(Path.of("/proc/self/stat"), null, false);
    }

    /**
     * User and system ticks of every process named postgres, with those of its ended children (the
     * postmaster collects a backend's when its connection closes).
     */
    private static long readPostgresTicks() {
        long ticks = 0;
        try (DirectoryStream<Path> processes =
                Files.newDirectoryStream(
                        Path.of("/proc"),
                        p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path process : processes) {
                ticks += processTicks(process.resolve("stat"), "postgres", true);
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: no split
        }
        return ticks;
    }

    /**
     * utime + stime (and with {@code children} cutime + cstime) of a /proc/PID/stat file, if its
     * command is {@code name} (null: any).
     */
    private static long processTicks(Path stat, String name, boolean children) {
        try {
            String line = Files.readString(stat);
            int open = line.indexOf('(');
            int close = line.lastIndexOf(')');
            if (name != null && !line.substring(open + 1, close).equals(name)) {
                return 0;
            }
            String[] f = line.substring(close + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return children ? ticks + Long.parseLong(f[13]) + Long.parseLong(f[14]) : ticks;
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended
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
