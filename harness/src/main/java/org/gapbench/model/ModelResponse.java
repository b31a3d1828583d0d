package org.gapbench.model;

/**
 * A model's answer. {@code reasoning} holds what the provider returned as thinking (reasoning_content,
 * thinking blocks) separately from the final text. Token counts are -1 when the provider did not say.
 * {@code model} is the model the provider says answered (an alias such as {@code gpt-4o} resolves to a dated
 * version), or null when it did not say. {@code trace} is how the answer was obtained (attempts, cache, cost).
 */
public record ModelResponse(String text, String reasoning, int inputTokens, int outputTokens, int reasoningTokens,
                            String finishReason, String model, CallTrace trace) {
    /** The finish reason of an answer a provider's content filter stopped (OpenAI, DeepSeek, Gemini's SAFETY...). */
    public static final String CONTENT_FILTER = "content_filter";
    /** The finish reason of an answer the model refused to give (OpenAI's message.refusal, Anthropic's refusal). */
    public static final String REFUSAL = "refusal";

    public ModelResponse {
        text = text == null ? "" : text;
        trace = trace == null ? CallTrace.NONE : trace;
    }

    /** A provider's answer, before any decorator has traced it. */
    public ModelResponse(String text, String reasoning, int inputTokens, int outputTokens, int reasoningTokens,
                         String finishReason, String model) {
        this(text, reasoning, inputTokens, outputTokens, reasoningTokens, finishReason, model, CallTrace.NONE);
    }

    /** True when the provider declined to answer: the sample is a refusal, neither scored nor an error. */
    public boolean refused() {
        return CONTENT_FILTER.equals(finishReason) || REFUSAL.equals(finishReason);
    }

    public static ModelResponse ofText(String text) {
        return new ModelResponse(text, null, -1, -1, -1, "stop", null);
    }

    public ModelResponse withTrace(CallTrace t) {
        return new ModelResponse(text, reasoning, inputTokens, outputTokens, reasoningTokens, finishReason, model, t);
    }
}
