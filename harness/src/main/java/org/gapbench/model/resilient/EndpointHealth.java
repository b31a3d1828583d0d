package org.gapbench.model.resilient;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether an endpoint has ever answered. A wrong port, a server that is not up or a misspelled host fails every
 * request the same way; retrying each sample with backoff would take minutes for a small run and hours for a large
 * one. So after {@link #DEAD_AFTER} failures in a row to connect at all, with nothing ever answered (an HTTP error is
 * an answer), the run stops. One answer, even a 500, and the endpoint is alive for the rest of the run: its later
 * connection failures are retried like any other.
 */
final class EndpointHealth {
    /** Connection failures in a row, with nothing answered, that make an endpoint dead. */
    static final int DEAD_AFTER = 3;

    private final AtomicBoolean answered = new AtomicBoolean();
    private final AtomicInteger unreachableInARow = new AtomicInteger();

    /** Something answered: a response, or an HTTP error. */
    void answered() {
        answered.set(true);
        unreachableInARow.set(0);
    }

    /** A connection could not be made; true when that makes the endpoint dead. */
    boolean unreachable() {
        return !answered.get() && unreachableInARow.incrementAndGet() >= DEAD_AFTER;
    }
}
