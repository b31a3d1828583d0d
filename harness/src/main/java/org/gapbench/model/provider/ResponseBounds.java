package org.gapbench.model.provider;

import java.time.Duration;

/**
 * How long one HTTP exchange with a provider may last, headers and body together ({@code --timeout}), how large
 * its body may grow ({@code --max-response-mb}), and, for a streamed answer, how long the stream may send nothing
 * ({@code --stream-idle-timeout}). A chat completion of a million tokens is about 4 MiB of JSON, so the default cap
 * of 16 MiB never cuts a real answer, and 64 requests in flight hold at most 1 GiB even when every one of them is an
 * endless stream.
 */
public record ResponseBounds(Duration timeout, long maxBytes, Duration idleTimeout) {
    public static final long DEFAULT_MAX_MB = 16;
    /** Anthropic pings every few seconds and OpenAI-compatible servers send a chunk per token: two silent minutes is a dead stream. */
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(120);
    public static final ResponseBounds DEFAULT = new ResponseBounds(Duration.ofSeconds(120), DEFAULT_MAX_MB << 20, DEFAULT_IDLE);

    public ResponseBounds {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
    }

    /** {@code timeout} and {@code maxBytes}, with the default idle timeout of a stream. */
    public ResponseBounds(Duration timeout, long maxBytes) {
        this(timeout, maxBytes, DEFAULT_IDLE);
    }

    /** {@code timeout} with the default size cap. */
    public static ResponseBounds of(Duration timeout) {
        return new ResponseBounds(timeout, DEFAULT.maxBytes());
    }

    static String describe(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }
}
