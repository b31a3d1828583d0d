package org.gapbench.model;

/**
 * A model's answer. {@code reasoning} holds what the provider returned as thinking (reasoning_content,
 * thinking blocks) separately from the final text. Token counts are -1 when the provider did not say.
 */
public record ModelResponse(String text, String reasoning, int inputTokens, int outputTokens, int reasoningTokens,
                            String finishReason) {
    public ModelResponse {
        text = text == null ? "" : text;
    }

    public static ModelResponse ofText(String text) {
        return new ModelResponse(text, null, -1, -1, -1, "stop");
    }
}
