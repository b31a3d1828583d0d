package org.gapbench.model;

/**
 * What it took to get one answer, filled in by the decorators of {@code model.resilient} on the way out: a provider
 * reports {@link #NONE}; the retry decorator counts the attempts, the cache marks a hit, the meter prices the call.
 *
 * @param attempts HTTP attempts made (0 for a cache hit or a local provider)
 * @param cached   answered from the response cache
 * @param costUsd  what the call cost at catalog prices (0 when cached or unpriced)
 */
public record CallTrace(int attempts, boolean cached, double costUsd) {
    public static final CallTrace NONE = new CallTrace(0, false, 0);

    public CallTrace withAttempts(int n) {
        return new CallTrace(n, cached, costUsd);
    }

    public CallTrace withCost(double usd) {
        return new CallTrace(attempts, cached, usd);
    }

    public static CallTrace cacheHit() {
        return new CallTrace(0, true, 0);
    }
}
