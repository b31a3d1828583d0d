package org.gapbench.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the values of a parsed file came from: so that a problem found long after parsing (an option a scorer does
 * not take) is still reported as {@code file:line}. Pointers are JSON pointers ({@code /scorer/answer_kind}).
 */
public final class SourceLines {
    public static final SourceLines NONE = new SourceLines(null, Map.of());

    private final Path file;
    private final Map<String, Integer> lines;

    SourceLines(Path file, Map<String, Integer> lines) {
        this.file = file;
        this.lines = Map.copyOf(lines);
    }

    public Path file() {
        return file;
    }

    /** The line of the value at {@code pointer}, or of its nearest ancestor that was seen (0 when none was). */
    public int lineOf(String pointer) {
        String p = pointer;
        while (true) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            if (p.isEmpty()) {
                return file == null ? 0 : 1;
            }
            p = p.substring(0, Math.max(0, p.lastIndexOf('/')));
        }
    }

    public ConfigException error(String pointer, String message) {
        return new ConfigException(file, lineOf(pointer), message);
    }
}
