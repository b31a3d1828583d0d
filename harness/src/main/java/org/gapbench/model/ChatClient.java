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

    @Override
    default void close() {
    }
}
