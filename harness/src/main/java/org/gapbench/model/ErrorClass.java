package org.gapbench.model;

/**
 * Why a model call failed. Errors are counted apart from answers: an error is never a wrong answer. A retryable
 * class is tried again within the attempt budget: a malformed 200 is as passing as a 5xx, a body past the size cap
 * would be as large again. {@link #CONTENT_FILTERED} is the provider declining to answer: the runner journals it as
 * a refusal, an outcome of its own.
 */
public enum ErrorClass {
    RATE_LIMITED(true),
    SERVER_ERROR(true),
    TIMEOUT(true),
    CONNECTION(true),
    AUTHENTICATION(false),
    BAD_REQUEST(false),
    MODEL_NOT_FOUND(false),
    CONTENT_FILTERED(false),
    MALFORMED_RESPONSE(true),
    /** The body grew past {@code --max-response-mb}; the exchange was cut there. */
    RESPONSE_TOO_LARGE(false),
    NO_RECORDING(false),
    /**
     * The same request got the same error (class, status and message) {@link org.gapbench.model.resilient.RetryPolicy#SAME_ERROR_LIMIT}
     * times in a row: a failure that another attempt cannot mend, such as llama.cpp's HTTP 500 for output that does not
     * parse. Not retried, and a re-run does not ask again unless told to ({@code --retry-errors}).
     */
    DETERMINISTIC_ERROR(false),
    /**
     * A judge answered, but its parse rule found no rating in the text, each of the times it was asked: the sample is
     * an error of its own (asked again on resume), never a score.
     */
    UNPARSEABLE_VERDICT(false),
    /** Not an outcome: the call was not made because the run is stopping; the sample stays to be done. */
    STOPPED(false),
    INTERNAL(false);

    private final boolean retryable;

    ErrorClass(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The class of a provider's failed HTTP status (4xx or 5xx), for every wire format and the batch APIs alike. */
    public static ErrorClass ofHttpStatus(int status) {
        return status == 429 ? RATE_LIMITED
                : status == 401 || status == 403 ? AUTHENTICATION
                : status == 404 ? MODEL_NOT_FOUND
                : status == 408 ? TIMEOUT
                : status >= 500 ? SERVER_ERROR
                : BAD_REQUEST;
    }

    /** The lower-case name used in journals and summaries. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
