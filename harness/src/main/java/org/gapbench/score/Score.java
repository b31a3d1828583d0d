package org.gapbench.score;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The verdict on one sample, with the reasons a user needs to check it.
 *
 * @param value      in [0, 1]: 1 is fully correct; partial credit is allowed where the scorer defines it
 * @param answer     what was extracted from the response (null when nothing was found)
 * @param normalized the extracted answer after normalization, as compared
 * @param gold       the normalized gold answer it was compared with
 * @param rule       the rule that decided, e.g. {@code numeric-equal}, {@code no-answer}, {@code assertion-failed}
 * @param details    scorer-specific evidence (keigo tokens, sandbox outcome, per-flag labels), JSON-serializable
 * @param calls      the model calls the verdict needed (judges), with their cost; empty for most scorers
 */
public record Score(@JsonProperty("value") double value, @JsonProperty("answer") String answer,
                    @JsonProperty("normalized") String normalized, @JsonProperty("gold") String gold,
                    @JsonProperty("rule") String rule, @JsonProperty("details") Map<String, Object> details,
                    @JsonProperty("calls") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ModelCall> calls) {

    @JsonCreator
    public Score {
        if (Double.isNaN(value) || value < 0 || value > 1) {
            throw new IllegalArgumentException("score value must be within [0, 1], got " + value);
        }
        details = details == null ? Map.of() : details;
        calls = calls == null ? List.of() : List.copyOf(calls);
    }

    public Score(double value, String answer, String normalized, String gold, String rule, Map<String, Object> details) {
        this(value, answer, normalized, gold, rule, details, List.of());
    }

    public static Score correct(String answer, String normalized, String gold, String rule) {
        return new Score(1, answer, normalized, gold, rule, Map.of());
    }

    public static Score wrong(String answer, String normalized, String gold, String rule) {
        return new Score(0, answer, normalized, gold, rule, Map.of());
    }

    /** A response in which no answer could be found: wrong, with that reason. */
    public static Score noAnswer(String gold) {
        return new Score(0, null, null, gold, "no-answer", Map.of());
    }

    @JsonIgnore
    public boolean isCorrect() {
        return value >= 1;
    }

    /** What the verdict's own model calls cost. */
    @JsonIgnore
    public double callsCostUsd() {
        return calls.stream().mapToDouble(ModelCall::costUsd).sum();
    }
}
