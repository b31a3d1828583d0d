package org.gapbench.model.resilient;

/**
 * Additive-increase, multiplicative-decrease limit on requests in flight, as TCP does for congestion: a 429 halves
 * the limit (at most once per {@link #COOLDOWN_NANOS}, so a burst of 429s from one overload counts once), and
 * every success adds {@code 1/limit}, so the limit climbs back by about one per round of requests. It never
 * exceeds the configured {@code --concurrency}. This keeps a provider's rate limiter from being hammered by
 * retries while still finding the highest rate it accepts.
 */
final class AdaptiveConcurrency {
    private static final long COOLDOWN_NANOS = 2_000_000_000L;

    private final int max;
    private double limit;
    private int inFlight;
    private long lastDecrease;

    AdaptiveConcurrency(int max) {
        this.max = max;
        this.limit = max;
        this.lastDecrease = System.nanoTime() - COOLDOWN_NANOS - 1;
    }

    synchronized void acquire() throws InterruptedException {
        while (inFlight >= (int) limit) {
            wait();
        }
        inFlight++;
    }

    synchronized void release() {
        inFlight--;
        notifyAll();
    }

    synchronized void onSuccess() {
        if (limit < max) {
            limit = Math.min(max, limit + 1.0 / limit);
            notifyAll();
        }
    }

    synchronized void onRateLimited() {
        long now = System.nanoTime();
        if (now - lastDecrease > COOLDOWN_NANOS) {
            limit = Math.max(1, limit / 2);
            lastDecrease = now;
        }
    }

    synchronized int limit() {
        return (int) limit;
    }
}
