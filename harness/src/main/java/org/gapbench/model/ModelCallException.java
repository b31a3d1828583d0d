package org.gapbench.model;

import java.time.Duration;

/** A failed model call, classified. The message never contains an API key (see {@link Secrets}). */
public class ModelCallException extends Exception {
    private final ErrorClass errorClass;
    private final Duration retryAfter;

    public ModelCallException(ErrorClass errorClass, String message, Duration retryAfter) {
        super(message);
        this.errorClass = errorClass;
        this.retryAfter = retryAfter;
    }

    public ModelCallException(ErrorClass errorClass, String message) {
        this(errorClass, message, null);
    }

    public ErrorClass errorClass() {
        return errorClass;
    }

    /** The server's Retry-After, when it sent one. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
