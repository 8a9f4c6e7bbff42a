package dev.repurchase.cli.replay;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An order history file that cannot be read: which file, which line (counting the header as line 1;
 * 0 if the problem is not on one line) and why, in one line fit for a command-line error.
 */
public class HistoryFormatException extends IOException {

    private final Path file;
    private final long line;

    public HistoryFormatException(Path file, long line, String reason) {
        super(file + (line > 0 ? ":" + line : "") + ": " + reason);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    public long line() {
        return line;
    }
}
