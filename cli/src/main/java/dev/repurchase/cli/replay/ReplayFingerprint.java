package dev.repurchase.cli.replay;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.ReadableConfig;

/**
 * What makes two replays the same, so that one may resume from the other's checkpoint: the same
 * change events (topic, key, value, in order) and the same options, except those that only say how
 * the job runs (parallelism, checkpointing, restarts, injected failures, sink batching) or where
 * the embedded broker listens. A SHA-256, computed while the events are published.
 */
public final class ReplayFingerprint {

    /** Options that do not change what a replay computes. */
    private static final List<String> IGNORED_PREFIXES =
            List.of(
                    "parallelism.",
                    "execution.",
                    "restart-strategy.",
                    "state.",
                    "pipeline.",
                    "taskmanager.",
                    "jobmanager.",
                    "rest.",
                    "fault-injection.",
                    "sink.",
                    "kafka.bootstrap-servers",
                    "jdbc.password");

    private final MessageDigest digest;

    private ReplayFingerprint() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts a fingerprint with the options of {@code config}; {@link #hashing} adds the events.
     */
    public static ReplayFingerprint of(ReadableConfig config) {
        ReplayFingerprint fingerprint = new ReplayFingerprint();
        Map<String, String> options = new TreeMap<>();
        config.toMap()
                .forEach(
                        (key, value) -> {
                            if (IGNORED_PREFIXES.stream().noneMatch(key::startsWith)) {
                                options.put(key, value);
                            }
                        });
        options.forEach(
                (key, value) -> {
                    fingerprint.add(key);
                    fingerprint.add(value);
                });
        return fingerprint;
    }

    /** The events, added to the fingerprint as they are iterated (once). */
    public Iterable<ChangeEvent> hashing(Iterable<ChangeEvent> events) {
        return () -> {
            Iterator<ChangeEvent> it = events.iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public ChangeEvent next() {
                    ChangeEvent event = it.next();
                    add(event.topic());
                    add(event.key());
                    add(event.value());
                    return event;
                }
            };
        };
    }

    /** Adds every event, for a replay that does not publish them again. */
    public ReplayFingerprint addAll(Iterable<ChangeEvent> events) {
        hashing(events).forEach(event -> {});
        return this;
    }

    /** The fingerprint of the options and of every event iterated so far. */
    public String value() {
        try {
            MessageDigest copy = (MessageDigest) digest.clone();
            return HexFormat.of().formatHex(copy.digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private void add(String part) {
        byte[] bytes = (part == null ? "\u0000" : part).getBytes(StandardCharsets.UTF_8);
        digest.update(
                new byte[] {
                    (byte) (bytes.length >>> 24),
                    (byte) (bytes.length >>> 16),
                    (byte) (bytes.length >>> 8),
                    (byte) bytes.length
                });
        digest.update(bytes);
    }
}
