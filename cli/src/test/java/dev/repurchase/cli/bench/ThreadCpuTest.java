package dev.repurchase.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void aTaskThreadsCpuTimeCountsForItsVertexUnderTheVertexName() throws Exception {
        ThreadCpu cpu = ThreadCpu.start();
        CountDownLatch burnt = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread task =
                new Thread(
                        () -> {
                            burn(200_000_000L);
                            burnt.countDown();
                            await(release);
                        },
                        "Order versions -> Pre-aggregate exclusions (2/2)#0");
        task.start();
        burnt.await();

        Map<String, Double> seconds = cpu.stop();
        release.countDown();
        task.join();

        assertThat(seconds.get("Order versions -> Pre-aggregate exclusions"))
                .isGreaterThanOrEqualTo(0.2);
        assertThat(seconds).containsKey(ThreadCpu.OTHER);
    }

    @Test
    void aNativeThreadsTicksAreUserAndSystemTimeAfterItsName() {
        // proc(5): pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt
        // cmajflt utime stime ...; a name may hold spaces and parentheses.
        String stat = "4711 (rocksdb:(low) 0) S 1 1 1 0 -1 4194368 9 0 0 0 1234 56 0 0 20 0 1 0";

        assertThat(ThreadCpu.cpuTicks(stat)).isEqualTo(1290);
    }

    /** Spins until this thread has used {@code nanos} of CPU time. */
    private static void burn(long nanos) {
        var threads = ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + nanos;
        while (threads.getCurrentThreadCpuTime() < until) {
            Thread.onSpinWait();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
