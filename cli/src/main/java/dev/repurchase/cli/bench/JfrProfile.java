package dev.repurchase.cli.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A Java Flight Recorder profile of one pipeline run (stack samples and garbage collections), and
 * the hot methods in it. The same figures come from {@code jfr print --events jdk.ExecutionSample
 * FILE} with a small aggregation; this does it in process.
 *
 * <p>Java samples ({@code jdk.ExecutionSample}) only see threads running Java code; a thread inside
 * RocksDB's native code is in {@code jdk.NativeMethodSample}, counted here when its top frame is a
 * RocksDB JNI method (other native samples are mostly threads waiting on sockets).
 */
final class JfrProfile {

    /** Hot methods of a recording. */
    record Summary(
            Path file,
            long javaSamples,
            long rocksDbNativeSamples,
            List<Map.Entry<String, Long>> selfTop,
            List<Map.Entry<String, Long>> inclusiveTop,
            List<Map.Entry<String, Long>> areas,
            List<Map.Entry<String, Long>> operators) {}

    private final Path file;
    private Recording recording;

    JfrProfile(Path file) {
        this.file = file;
    }

    /**
     * Starts recording stack samples only (Java every 10 ms, native every 20 ms) and garbage
     * collections: cheap enough to leave on during a timed run.
     */
    void start() {
        recording = new Recording();
        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
        recording.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(20));
        recording.enable("jdk.GarbageCollection");
        recording.enable("jdk.CPULoad").withPeriod(Duration.ofSeconds(1));
        recording.setName("repurchase bench");
        recording.setToDisk(true);
        recording.start();
    }

    void stop() throws IOException {
        recording.stop();
        recording.dump(file);
        recording.close();
    }

    Path file() {
        return file;
    }

    /** Self (top frame) and inclusive (anywhere on the stack) sample counts. */
    static Summary summarise(Path file, int top) throws IOException {
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> areas = new LinkedHashMap<>();
        Map<String, Long> operators = new LinkedHashMap<>();
        long java = 0;
        long rocks = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                String type = event.getEventType().getName();
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                List<RecordedFrame> frames = stack.getFrames();
                if (type.equals("jdk.ExecutionSample")) {
                    java++;
                } else if (type.equals("jdk.NativeMethodSample")
                        && name(frames.get(0)).startsWith("org.rocksdb.")) {
                    rocks++;
                } else {
                    continue;
                }
                self.merge(name(frames.get(0)), 1L, Long::sum);
                Set<String> onStack = new HashSet<>();
                for (RecordedFrame frame : frames) {
                    onStack.add(name(frame));
                }
                onStack.forEach(m -> inclusive.merge(m, 1L, Long::sum));
                areas.merge(area(frames), 1L, Long::sum);
                operators.merge(operator(frames, event), 1L, Long::sum);
            }
        }
        return new Summary(
                file,
                java,
                rocks,
                top(self, top),
                top(inclusive, top),
                top(areas, 99),
                top(operators, 99));
    }

    /**
     * What the sample's thread was doing, by the first frame that says it: decoding, state access,
     * serialization, metric contributions, sinks...
     */
    static String area(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String m = name(frame);
            if (m.startsWith("org.rocksdb.")) {
                return "RocksDB (JNI get/put/write)";
            }
            if (m.startsWith("com.esotericsoftware.kryo.")) {
                return "Kryo";
            }
            if (m.startsWith("org.apache.flink.api.java.typeutils.runtime.PojoSerializer")
                    || m.startsWith("org.apache.flink.api.common.typeutils.base.")
                    || m.startsWith("org.apache.flink.core.memory.DataOutputSerializer")
                    || m.startsWith("org.apache.flink.core.memory.DataInputDeserializer")) {
                return "Flink serializers (POJO/array state and network)";
            }
            if (m.startsWith("dev.repurchase.common.metric.CustomerContributions")) {
                return "CustomerContributions (recompute + diff)";
            }
            if (m.startsWith("dev.repurchase.common.cdc.")
                    || m.startsWith("dev.repurchase.common.order.OrderChangeMapper")
                    || m.startsWith("dev.repurchase.jobs.ingest.CdcDeserializer")) {
                return "CDC decoding (Jackson tree + mapping)";
            }
            if (m.startsWith("org.postgresql.")
                    || m.startsWith("org.apache.flink.connector.jdbc.")) {
                return "JDBC sinks";
            }
            if (m.startsWith("org.apache.kafka.") || m.startsWith("kafka.")) {
                return "Kafka (broker, clients)";
            }
            if (m.startsWith("dev.repurchase.")) {
                return "pipeline code: " + simpleClass(m);
            }
        }
        return "other: " + packageOf(name(frames.get(0)));
    }

    /**
     * Which part of the job the sample belongs to: the outermost method of the pipeline's own
     * operators on the stack, else the thread's kind (Kafka broker, RocksDB background, Flink
     * runtime...).
     */
    static String operator(List<RecordedFrame> frames, RecordedEvent event) {
        for (int i = frames.size() - 1; i >= 0; i--) {
            String m = name(frames.get(i));
            if (m.startsWith("dev.repurchase.jobs.")
                    && !m.startsWith("dev.repurchase.cli.bench.")) {
                return simpleClass(m) + "." + m.substring(m.lastIndexOf('.') + 1);
            }
            if (m.startsWith("org.apache.flink.connector.jdbc.")) {
                return "JDBC sink writers";
            }
            if (m.startsWith("org.apache.flink.connector.kafka.sink.")) {
                return "Kafka sink writers";
            }
            if (m.startsWith("org.apache.flink.connector.kafka.source.")
                    || m.startsWith("org.apache.flink.connector.base.source.")) {
                return "Kafka source (fetch, deserialize)";
            }
        }
        String thread =
                event.getThread("sampledThread") == null
                        ? "?"
                        : event.getThread("sampledThread").getJavaName();
        if (thread == null) {
            return "other";
        }
        if (thread.startsWith("data-plane")
                || thread.startsWith("kafka-")
                || thread.contains("broker")
                || thread.contains("raft")) {
            return "Kafka broker threads";
        }
        if (thread.startsWith("bench-")) {
            return "benchmark harness (" + thread + ")";
        }
        return "other threads: " + thread.replaceAll("[-#]?\\d+", "");
    }

    private static String name(RecordedFrame frame) {
        RecordedMethod method = frame.getMethod();
        return method == null ? "?" : method.getType().getName() + "." + method.getName();
    }

    private static String simpleClass(String method) {
        String type = method.substring(0, method.lastIndexOf('.'));
        int lambda = type.indexOf("$$Lambda");
        if (lambda >= 0) {
            type = type.substring(0, lambda) + " (lambda)";
        }
        return type.substring(type.lastIndexOf('.') + 1);
    }

    private static String packageOf(String method) {
        String[] parts = method.split("\\.");
        return parts.length <= 3
                ? method
                : String.join(".", parts[0], parts[1], parts[2], parts.length > 4 ? parts[3] : "");
    }

    private static List<Map.Entry<String, Long>> top(Map<String, Long> counts, int n) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        return List.copyOf(entries.subList(0, Math.min(n, entries.size())));
    }
}
