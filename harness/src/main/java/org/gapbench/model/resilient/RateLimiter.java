package org.gapbench.model.resilient;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Requests-per-minute and tokens-per-minute limits of one provider. Requests are spaced evenly (no bursts that
 * trip the provider's own limiter); tokens are counted over a sliding minute and block new requests while the
 * last minute's usage is at the limit. Zero means unlimited.
 */
public final class RateLimiter {
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final long intervalNanos;
    private final int tokensPerMinute;
    private long nextFree = System.nanoTime();
    private final Deque<long[]> tokenLog = new ArrayDeque<>();
    private long tokensInWindow;

    public RateLimiter(int requestsPerMinute, int tokensPerMinute) {
        this.intervalNanos = requestsPerMinute <= 0 ? 0 : MINUTE_NANOS / requestsPerMinute;
        this.tokensPerMinute = tokensPerMinute;
    }

    public boolean unlimited() {
        return intervalNanos == 0 && tokensPerMinute <= 0;
    }

    /** Blocks until one more request may start. */
    public void acquire() throws InterruptedException {
        if (unlimited()) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            while (tokensPerMinute > 0 && tokensInWindow >= tokensPerMinute) {
                expire(now);
                if (tokensInWindow < tokensPerMinute) {
                    break;
                }
                long oldest = tokenLog.peekFirst()[0];
                long sleep = oldest + MINUTE_NANOS - now;
                wait(Math.max(1, sleep / 1_000_000));
                now = System.nanoTime();
            }
            long start = Math.max(now, nextFree);
            nextFree = start + intervalNanos;
            wait = start - now;
        }
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    /** Records the tokens a finished request used. */
    public synchronized void recordTokens(int tokens) {
        if (tokensPerMinute <= 0 || tokens <= 0) {
            return;
        }
        tokenLog.addLast(new long[] {System.nanoTime(), tokens});
        tokensInWindow += tokens;
    }

    private void expire(long now) {
        while (!tokenLog.isEmpty() && tokenLog.peekFirst()[0] + MINUTE_NANOS <= now) {
            tokensInWindow -= tokenLog.removeFirst()[1];
        }
    }
}
