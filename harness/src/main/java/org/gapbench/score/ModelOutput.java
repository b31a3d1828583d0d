package org.gapbench.score;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a scorer sees of a response: the final text, separately any reasoning the model returned, and why the model
 * stopped ({@code finishReason}, as journaled: {@code stop}, {@code length}, ...; null when unknown). In a conversation
 * of several turns, {@code turns} holds the model's answer to each user turn in order (the last is {@code text}); a
 * single-turn response has just its text there.
 */
public record ModelOutput(String text, String reasoning, String finishReason, List<String> turns) {
    /** How providers (and other harnesses' logs) say that a response ended at the token limit. */
    private static final Set<String> TOKEN_LIMIT = Set.of("length", "max_tokens", "max_output_tokens", "model_length");

    public ModelOutput {
        text = text == null ? "" : text;
        turns = turns == null || turns.isEmpty() ? List.of(text) : List.copyOf(turns);
    }

    /** A single-turn response. */
    public ModelOutput(String text, String reasoning, String finishReason) {
        this(text, reasoning, finishReason, List.of());
    }

    /** A response whose finish reason is not known (a recording, a test). */
    public ModelOutput(String text, String reasoning) {
        this(text, reasoning, null);
    }

    /** Whether the response was cut by the token limit, so its end is not the model's conclusion. */
    public boolean truncated() {
        return truncated(finishReason);
    }

    /** Whether a finish reason ({@code length}, {@code max_tokens}, ...) says the token limit cut the response. */
    public static boolean truncated(String finishReason) {
        return finishReason != null && TOKEN_LIMIT.contains(finishReason.strip().toLowerCase(Locale.ROOT));
    }
}
