package org.gapbench.model.resilient;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.gapbench.model.ModelCallException;

/**
 * Exponential backoff with full jitter for retryable failures (429, 5xx, timeouts, resets, malformed 200s). A
 * server's Retry-After is honoured within [0, {@code maxRetryAfter}]: a negative one means now, an absurd one waits
 * the cap; authentication and bad-request errors are never retried.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {

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
