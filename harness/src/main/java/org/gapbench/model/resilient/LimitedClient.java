package org.gapbench.model.resilient;

import java.util.concurrent.atomic.LongAdder;
import org.gapbench.model.ChatClient;
import org.gapbench.model.ErrorClass;
import org.gapbench.model.ModelCallException;
import org.gapbench.model.ModelRequest;
import org.gapbench.model.ModelResponse;

/**
 * One attempt within the endpoint's limits: the rate limiter spaces requests (RPM) and holds them while the last
 * minute's tokens are at the TPM limit; the adaptive limit bounds requests in flight and halves on a 429. Every
 * request that reaches the network is counted.
 */
final class LimitedClient extends ForwardingClient {
    private final RateLimiter rate;
    private final AdaptiveConcurrency inFlight;
    private final LongAdder requests;

    LimitedClient(ChatClient inner, RateLimiter rate, AdaptiveConcurrency inFlight, LongAdder requests) {
        super(inner);
        this.rate = rate;
        this.inFlight = inFlight;
        this.requests = requests;
    }

    @Override
    public ModelResponse complete(ModelRequest request) throws ModelCallException {
        try {
            rate.acquire();
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ModelCallException.stopped("interrupted");
        }
        try {
            if (!inner.local()) {
                requests.increment();
            }
            ModelResponse r = inner.complete(request);
            inFlight.onSuccess();
            rate.recordTokens(Math.max(0, r.inputTokens()) + Math.max(0, r.outputTokens()));
            return r;
        } catch (ModelCallException e) {
            if (e.errorClass() == ErrorClass.RATE_LIMITED) {
                inFlight.onRateLimited();
            }
            throw e;
        } finally {
            inFlight.release();
        }
    }
}
