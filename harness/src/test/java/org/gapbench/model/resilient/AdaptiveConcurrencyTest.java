package org.gapbench.model.resilient;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AdaptiveConcurrencyTest {
    @Test
    void halvesOnRateLimitOncePerBurstAndClimbsBackOnSuccess() {
        AdaptiveConcurrency c = new AdaptiveConcurrency(16);
        c.onRateLimited();
        c.onRateLimited(); // the same overload: counted once
        assertEquals(8, c.limit());
        for (int i = 0; i < 9; i++) {
            c.onSuccess();
        }
        assertEquals(9, c.limit(), "about one more per round (limit) of successes");
        for (int i = 0; i < 1000; i++) {
            c.onSuccess();
        }
        assertEquals(16, c.limit(), "never above the configured concurrency");
    }
}
