package org.gapbench.model.resilient;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.gapbench.model.ErrorClass;
import org.gapbench.model.ModelCallException;

/**
 * Exponential backoff with full jitter for retryable failures (429, 5xx, timeouts, resets, malformed 200s). A
 * server's Retry-After is honoured within [0, {@code maxRetryAfter}]: a negative one means now, an absurd one waits
 * the cap; authentication and bad-request errors are never retried. An HTTP 500 that repeats word for word
 * {@link #SAME_ERROR_LIMIT} times in a row is taken as deterministic and not retried further.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {

    /**
     * How many identical HTTP 500s in a row make a failure deterministic. Three, because a server restarting or a
     * brief fault rarely repeats its exact words over the ~3 s of backoff between them, while llama.cpp's "output that
     * does not match the expected format" at temperature 0 repeats forever.
     */
    public static final int SAME_ERROR_LIMIT = 3;

    public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(5));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (baseDelay.isNegative() || maxDelay.isNegative() || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("retry delays must not be negative");
        }
    }

    /** Whether attempt number {@code attempt} (1-based) that failed with {@code e} should be followed by another. */
    public boolean shouldRetry(ModelCallException e, int attempt) {
        return e.errorClass().retryable() && attempt < maxAttempts;
    }

    /**
     * Whether {@code e} is the kind of failure that can be deterministic: an HTTP 500 (an error of the server's own
     * making) without Retry-After. 502, 503 and 504 say a gateway or an overloaded server failed, which passes; 429
     * repeats its words while the limit lasts; timeouts and resets are the network's.
     */
    public boolean mayBeDeterministic(ModelCallException e) {
        return e.errorClass() == ErrorClass.SERVER_ERROR && e.httpStatus() == 500 && e.retryAfter() == null;
    }

    /** How long to wait before attempt {@code attempt + 1}. */
    public Duration delayAfter(ModelCallException e, int attempt) {
        if (e.retryAfter() != null) {
            Duration d = e.retryAfter();
            return d.isNegative() ? Duration.ZERO : d.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : d;
        }
        long cap = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(Math.max(attempt - 1, 0), 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
    }
}
