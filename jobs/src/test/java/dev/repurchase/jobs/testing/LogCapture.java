package dev.repurchase.jobs.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures what the process logs while it is open, at {@code level} for every logger (INFO, as a
 * production Flink cluster logs by default, rather than the quieter levels of the tests' log
 * configuration), with the stack traces and messages of the exceptions logged; and everything
 * written to {@code System.out} and {@code System.err}. The console keeps showing WARN and above
 * only. Closing restores the log configuration and the standard streams.
 */
public final class LogCapture implements AutoCloseable {

    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final LoggerContext context;
    private final Appender appender;
    private final Map<String, Level> levels = new HashMap<>();
    private final Map<Appender, Level> rootAppenders = new HashMap<>();
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    private LogCapture(Level level) {
        context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        appender =
                new AbstractAppender(
                        "capture-" + UUID.randomUUID(), null, null, true, Property.EMPTY_ARRAY) {
                    @Override
                    public void append(LogEvent event) {
                        lines.add(render(event));
                    }
                };
        appender.start();
        config.addAppender(appender);
        LoggerConfig root = config.getRootLogger();
        for (Appender existing : root.getAppenders().values()) {
            rootAppenders.put(existing, root.getLevel());
            root.removeAppender(existing.getName());
            root.addAppender(existing, Level.WARN, null);
        }
        root.addAppender(appender, Level.ALL, null);
        for (LoggerConfig logger : loggers(config)) {
            levels.put(logger.getName(), logger.getLevel());
            logger.setLevel(level);
        }
        context.updateLoggers();
        System.setOut(new PrintStream(tee(out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(tee(err), true, StandardCharsets.UTF_8));
    }

    /** Starts capturing at {@code level}. */
    public static LogCapture start(Level level) {
        return new LogCapture(level);
    }

    /** The log lines so far, each with its logger, level and exception (stack trace included). */
    public List<String> lines() {
        return new ArrayList<>(lines);
    }

    /** What was written to {@code System.out} and {@code System.err} so far. */
    public String console() {
        synchronized (console) {
            return console.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        System.setOut(out);
        System.setErr(err);
        Configuration config = context.getConfiguration();
        LoggerConfig root = config.getRootLogger();
        root.removeAppender(appender.getName());
        for (Appender existing : rootAppenders.keySet()) {
            root.removeAppender(existing.getName());
            root.addAppender(existing, null, null);
        }
        for (LoggerConfig logger : loggers(config)) {
            Level before = levels.get(logger.getName());
            if (before != null) {
                logger.setLevel(before);
            }
        }
        context.updateLoggers();
        appender.stop();
    }

    private static List<LoggerConfig> loggers(Configuration config) {
        List<LoggerConfig> loggers = new ArrayList<>(config.getLoggers().values());
        if (!loggers.contains(config.getRootLogger())) {
            loggers.add(config.getRootLogger());
        }
        return loggers;
    }

    private static String render(LogEvent event) {
        StringBuilder line =
                new StringBuilder()
                        .append(event.getLevel())
                        .append(' ')
                        .append(event.getLoggerName())
                        .append(" - ")
                        .append(event.getMessage().getFormattedMessage());
        if (event.getThrown() != null) {
            StringWriter trace = new StringWriter();
            event.getThrown().printStackTrace(new PrintWriter(trace));
            line.append('\n').append(trace);
        }
        return line.toString();
    }

    private OutputStream tee(PrintStream original) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (console) {
                    console.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (console) {
                    console.write(b, off, len);
                }
            }

            @Override
            public void flush() {
                original.flush();
            }
        };
    }
}
