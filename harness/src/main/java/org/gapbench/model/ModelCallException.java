package org.gapbench.model;

import java.time.Duration;

/**
 * A failed model call, classified. The message never contains an API key (see {@link Secrets}). {@code attempts}
 * is how many HTTP attempts the call made before it gave up (set by the retry decorator).
 */
public class ModelCallException extends Exception {
    private final ErrorClass errorClass;
    private final Duration retryAfter;
    private final int attempts;

    public ModelCallException(ErrorClass errorClass, String message, Duration retryAfter) {
        this(errorClass, message, retryAfter, 1, null);
    }

    public ModelCallException(ErrorClass errorClass, String message) {
        this(errorClass, message, null);
    }

    private ModelCallException(ErrorClass errorClass, String message, Duration retryAfter, int attempts, Throwable cause) {
        super(message, cause);
        this.errorClass = errorClass;
        this.retryAfter = retryAfter;
        this.attempts = attempts;
    }

    /** A call that was never made: the run is stopping (Ctrl-C, --max-cost, a failed key). */
    public static ModelCallException stopped(String why) {
        return new ModelCallException(ErrorClass.STOPPED, why, null, 0, null);
    }

    public ErrorClass errorClass() {
        return errorClass;
    }

    /** The server's Retry-After, when it sent one. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public int attempts() {
        return attempts;
    }

    /** This failure as the last of {@code n} attempts. */
    public ModelCallException afterAttempts(int n) {
        return new ModelCallException(errorClass, getMessage(), retryAfter, n, this);
    }
}
