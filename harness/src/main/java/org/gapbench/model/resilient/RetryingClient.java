package org.gapbench.model.resilient;

import org.gapbench.model.ChatClient;
import org.gapbench.model.ErrorClass;
import org.gapbench.model.ModelCallException;
import org.gapbench.model.ModelRequest;
import org.gapbench.model.ModelResponse;
import org.gapbench.model.ModelTarget;

/**
 * Retries a retryable failure (429, 5xx, timeout, reset) under the {@link RetryPolicy}, honouring Retry-After, and
 * counts the attempts. A key the provider refuses stops the whole run once, with the variable to check; a raised
 * {@link StopSignal} ends the backoff at once.
 */
final class RetryingClient extends ForwardingClient {
    private final RetryPolicy policy;
    private final StopSignal stop;
    private final ModelTarget target;

    RetryingClient(ChatClient inner, RetryPolicy policy, StopSignal stop, ModelTarget target) {
        super(inner);
        this.policy = policy;
        this.stop = stop;
        this.target = target;
    }

    @Override
    public ModelResponse complete(ModelRequest request) throws ModelCallException {
        for (int attempt = 1; ; attempt++) {
            if (stop.stopped()) {
                throw ModelCallException.stopped(stop.reason());
            }
            try {
                ModelResponse r = inner.complete(request);
                return r.withTrace(r.trace().withAttempts(attempt));
            } catch (ModelCallException e) {
                if (e.errorClass() == ErrorClass.STOPPED) {
                    throw e;
                }
                if (e.errorClass() == ErrorClass.AUTHENTICATION) {
                    stop.stop("authentication failed for " + target.profile().name() + " (" + e.getMessage()
                            + "): check " + target.apiKeyEnv());
                }
                if (stop.stopped() || !policy.shouldRetry(e, attempt)) {
                    throw e.afterAttempts(attempt);
                }
                try {
                    if (stop.awaitStop(policy.delayAfter(e, attempt))) {
                        throw e.afterAttempts(attempt);
                    }
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e.afterAttempts(attempt);
                }
            }
        }
    }
}
