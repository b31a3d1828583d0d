package org.gapbench.model;

/**
 * A model's answer. {@code reasoning} holds what the provider returned as thinking (reasoning_content,
 * thinking blocks) separately from the final text. Token counts are -1 when the provider did not say.
 * {@code model} is the model the provider says answered (an alias such as {@code gpt-4o} resolves to a dated
 * version), or null when it did not say.
 */
public record ModelResponse(String text, String reasoning, int inputTokens, int outputTokens, int reasoningTokens,
                            String finishReason, String model) {
    public ModelResponse {
        text = text == null ? "" : text;
    }

    public static ModelResponse ofText(String text) {
        return new ModelResponse(text, null, -1, -1, -1, "stop", null);
    }
}
