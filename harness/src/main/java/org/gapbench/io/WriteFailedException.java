package org.gapbench.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A result file could not be written (the disk is full, the directory went away): one line naming the file and the
 * cause in words, {@code cannot write runs/x/samples.jsonl: no space left on device}. What was written before is
 * whole (journal lines are whole or cut on resume; other files are replaced atomically), so the command can be run
 * again once the cause is gone.
 */
public final class WriteFailedException extends UncheckedIOException {
    private final Path file;

    public WriteFailedException(Path file, IOException cause) {
        super("cannot write " + file + ": " + reason(cause), cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** True when the cause is a full disk (or quota): freeing space lets the command finish. */
    public boolean diskFull() {
        return getMessage().endsWith(NO_SPACE) || getMessage().endsWith(QUOTA);
    }

    private static final String NO_SPACE = "no space left on device";
    private static final String QUOTA = "disk quota exceeded";

    /** The cause of an I/O failure in words, without the exception's class or the path repeated. */
    public static String reason(IOException e) {
        String m = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : reason(m);
    }

    /** A failure's message in words: a full disk, however the library says it (SQLite: "database or disk is full"). */
    public static String reason(String m) {
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("no space left") || lower.contains("disk is full") || lower.contains("sqlite_full")) {
            return NO_SPACE;
        }
        if (lower.contains("quota")) {
            return QUOTA;
        }
        return lower.strip();
    }
}
