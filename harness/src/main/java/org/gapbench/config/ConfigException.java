package org.gapbench.config;

import java.nio.file.Path;

/**
 * A problem in something the user gave us (a suite, a manifest, the catalog, a flag), reported as one line.
 * When it concerns a file, the message reads {@code file:line: what is wrong} so editors can jump to it.
 */
public class ConfigException extends RuntimeException {
    private final Path file;
    private final int line;

    public ConfigException(String message) {
        this(null, 0, message);
    }

    public ConfigException(Path file, int line, String message) {
        super(message);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }

    /** The one-line form shown to users. */
    public String oneLine() {
        if (file == null) {
            return getMessage();
        }
        return line > 0 ? file + ":" + line + ": " + getMessage() : file + ": " + getMessage();
    }

    @Override
    public String toString() {
        return oneLine();
    }
}
