package org.gapbench.suite;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.gapbench.config.SourceLines;

/**
 * The {@code scorer:} block of a suite as written: a scorer name and its options as plain JSON-like values, with
 * the lines they came from. Nothing here knows what a scorer accepts: the scorer family reads and checks its
 * options when the suite is bound ({@code score.ScoringPlan}). The lines are not part of the identity.
 *
 * @param pointer where the block sits in its file ({@code /scorer})
 */
public record ScorerConfig(String name, Map<String, Object> options, @JsonIgnore SourceLines lines, @JsonIgnore String pointer) {

    public ScorerConfig {
        options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(options));
        lines = lines == null ? SourceLines.NONE : lines;
        pointer = pointer == null ? "/scorer" : pointer;
    }

    /** A configuration made in code (tests, tools), with no file behind it. */
    @JsonCreator
    public ScorerConfig(@JsonProperty("name") String name, @JsonProperty("options") Map<String, Object> options) {
        this(name, options, SourceLines.NONE, "/scorer");
    }

    @Override
    @JsonProperty("name")
    public String name() {
        return name;
    }

    @Override
    @JsonProperty("options")
    public Map<String, Object> options() {
        return options;
    }

    /** The line of option {@code key} (or of the block), for messages. */
    public int lineOf(String key) {
        return lines.lineOf(pointer + "/" + key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScorerConfig c && c.name.equals(name) && c.options.equals(options);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, options);
    }
}
