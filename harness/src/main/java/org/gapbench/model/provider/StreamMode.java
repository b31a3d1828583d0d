package org.gapbench.model.provider;

import org.gapbench.model.ProviderProfile;

/**
 * Whether a provider's answer comes as one JSON body or as a stream of server-sent events ({@code run --stream},
 * {@code --no-stream}). Streaming changes how the bytes travel, never what is asked: the request's parameters, the
 * cache key and the run's identity are the same either way, and so is the journaled answer.
 *
 * <p>{@link #AUTO} streams only where not streaming fails: Anthropic requests whose {@code max_tokens} exceeds
 * {@link #ANTHROPIC_NON_STREAMING_MAX_TOKENS}, which Anthropic's own SDKs refuse to send without streaming (they
 * estimate an hour per 128,000 output tokens and stream anything expected to pass 10 minutes) and which networks drop
 * as idle connections. Everything else is not streamed unless asked: a streamed answer costs more bytes and CPU, and
 * the OpenAI-compatible servers differ in how faithfully they stream (some reject {@code stream_options}).
 */
public enum StreamMode {
    AUTO, ON, OFF;

    /** 60 min × max_tokens / 128,000 > 10 min: the Anthropic SDKs' limit for a non-streaming request. */
    public static final int ANTHROPIC_NON_STREAMING_MAX_TOKENS = 21_333;

    /** From {@code --stream} / {@code --no-stream}: null (neither given) is {@link #AUTO}. */
    public static StreamMode of(Boolean flag) {
        return flag == null ? AUTO : flag ? ON : OFF;
    }

    /** Whether a request over {@code wire} streams: only the OpenAI and Anthropic wire formats can. */
    public boolean streams(ProviderProfile.Wire wire, Integer maxTokens) {
        if (!canStream(wire)) {
            return false;
        }
        return switch (this) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> wire == ProviderProfile.Wire.ANTHROPIC && maxTokens != null && maxTokens > ANTHROPIC_NON_STREAMING_MAX_TOKENS;
        };
    }

    /** The wire formats gapbench streams. */
    public static boolean canStream(ProviderProfile.Wire wire) {
        return wire == ProviderProfile.Wire.OPENAI || wire == ProviderProfile.Wire.ANTHROPIC;
    }
}
