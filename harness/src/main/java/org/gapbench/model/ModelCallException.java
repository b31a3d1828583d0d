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
    private final boolean unreachable;
    private final String finishReason;
    private final int httpStatus;

    public ModelCallException(ErrorClass errorClass, String message, Duration retryAfter) {
        this(errorClass, message, retryAfter, 1, false, null, 0, null);
    }

    public ModelCallException(ErrorClass errorClass, String message) {
        this(errorClass, message, null);
    }

    private ModelCallException(ErrorClass errorClass, String message, Duration retryAfter, int attempts, boolean unreachable,
                               String finishReason, int httpStatus, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorClass = errorClass;
        this.retryAfter = retryAfter;
        this.attempts = attempts;
        this.unreachable = unreachable;
        this.finishReason = finishReason;
    }

    /** A call that was never made or was abandoned: the run is stopping (Ctrl-C, --max-cost, a failed key). */
    public static ModelCallException stopped(String why) {
        return new ModelCallException(ErrorClass.STOPPED, why, null, 0, false, null, 0, null);
    }

    /** No connection could be made ({@code why}: "connection refused", "unknown host ..."): nothing answered. */
    public static ModelCallException unreachable(String why) {
        return new ModelCallException(ErrorClass.CONNECTION, why, null, 1, true, null, 0, null);
    }

    /**
     * The provider declined to answer: a content filter or a refusal, said as an error rather than in a 200.
     *
     * @param finishReason {@link ModelResponse#CONTENT_FILTER} or {@link ModelResponse#REFUSAL}
     */
    public static ModelCallException refused(String finishReason, String message) {
        return new ModelCallException(ErrorClass.CONTENT_FILTERED, message, null, 1, false, finishReason, 0, null);
    }

    /** The server answered with HTTP {@code status}, classified as {@code errorClass}. */
    public static ModelCallException http(ErrorClass errorClass, int status, String message, Duration retryAfter) {
        return new ModelCallException(errorClass, message, retryAfter, 1, false, null, status, null);
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

    /** True when no connection could be made at all (as opposed to one that broke). */
    public boolean unreachable() {
        return unreachable;
    }

    /** For a refusal, the finish reason to journal; otherwise null. */
    public String finishReason() {
        return finishReason;
    }

    /** The HTTP status the server answered with, or 0 when no status came (a transport failure, a malformed 200). */
    public int httpStatus() {
        return httpStatus;
    }

    /** This failure as the last of {@code n} attempts. */
    public ModelCallException afterAttempts(int n) {
        return new ModelCallException(errorClass, getMessage(), retryAfter, n, unreachable, finishReason, httpStatus, this);
    }

    /**
     * This failure, given {@code times} in a row to the same request, as a {@link ErrorClass#DETERMINISTIC_ERROR}: the
     * message keeps the original class and the server's words.
     */
    public ModelCallException asDeterministic(int times, int n) {
        String m = errorClass.label() + ", the same " + times + " times in a row (not retried; --retry-errors asks again): " + getMessage();
        return new ModelCallException(ErrorClass.DETERMINISTIC_ERROR, m, null, n, false, null, httpStatus, this);
    }
}
