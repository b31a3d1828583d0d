package org.gapbench.model;

/**
 * Something that answers chat requests: a provider over HTTP, the oracle, or a replay of recorded outputs.
 * Implementations are thread-safe and make exactly one attempt: retries and rate limits belong to the runner.
 */
public interface ChatClient extends AutoCloseable {
    ModelResponse complete(ModelRequest request) throws ModelCallException;

    /** True when the answers cost nothing and need no cache (oracle, replay). */
    default boolean local() {
        return false;
    }

    /**
     * Abandons the calls in flight at once, because the run is stopping (Ctrl-C): each fails as
     * {@link ErrorClass#STOPPED}, and its sample stays to be done. Clients that answer at once need do nothing.
     */
    default void abort() {
    }

    @Override
    default void close() {
    }
}
