package org.gapbench.model.resilient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.gapbench.model.ErrorClass;
import org.gapbench.model.ModelCallException;
import org.junit.jupiter.api.Test;

/** Retry-After is clamped into [0, the cap]; a malformed 200 is retried like a 5xx; nonsense settings are refused. */
class RetryPolicyTest {
    static final RetryPolicy POLICY = new RetryPolicy(6, Duration.ofMillis(100), Duration.ofSeconds(60), Duration.ofMinutes(5));

    static ModelCallException rateLimited(Duration retryAfter) {
        return new ModelCallException(ErrorClass.RATE_LIMITED, "slow down", retryAfter);
    }

    @Test
    void retryAfterIsClampedIntoASaneRange() {
        assertEquals(Duration.ZERO, POLICY.delayAfter(rateLimited(Duration.ofSeconds(-1)), 1), "negative: now");
        assertEquals(Duration.ofSeconds(3), POLICY.delayAfter(rateLimited(Duration.ofSeconds(3)), 1));
        assertEquals(Duration.ofMinutes(5), POLICY.delayAfter(rateLimited(Duration.ofDays(400)), 1), "absurd: the cap");
    }

    @Test
    void backoffDoublesWithJitterWithinItsCap() {
        ModelCallException e = new ModelCallException(ErrorClass.SERVER_ERROR, "500");
        for (int i = 0; i < 50; i++) {
            long first = POLICY.delayAfter(e, 1).toMillis();
            long third = POLICY.delayAfter(e, 3).toMillis();
            assertTrue(first >= 50 && first <= 100, "attempt 1: " + first);
            assertTrue(third >= 200 && third <= 400, "attempt 3: " + third);
        }
    }

    @Test
    void malformedResponsesAreRetriedWithinTheBudget() {
        ModelCallException malformed = new ModelCallException(ErrorClass.MALFORMED_RESPONSE, "not json");
        assertTrue(POLICY.shouldRetry(malformed, 5));
        assertEquals(false, POLICY.shouldRetry(malformed, 6));
        assertEquals(false, POLICY.shouldRetry(new ModelCallException(ErrorClass.RESPONSE_TOO_LARGE, "huge"), 1));
    }

    @Test
    void negativeDelaysAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(3, Duration.ofMillis(-1), Duration.ofSeconds(1), Duration.ZERO));
    }
}
