package org.gapbench.model.resilient;

import org.gapbench.model.ChatClient;
import org.gapbench.model.ErrorClass;
import org.gapbench.model.ModelCallException;
import org.gapbench.model.ModelRequest;
import org.gapbench.model.ModelResponse;
import org.gapbench.model.ModelTarget;

/**
 * Retries a retryable failure (429, 5xx, timeout, reset, malformed 200) under the {@link RetryPolicy}, honouring
 * Retry-After, and counts the attempts. A key the provider refuses stops the whole run once, with the variable to
 * check; so does an endpoint nobody answers at ({@link EndpointHealth}); a raised {@link StopSignal} ends the backoff
 * at once. The same HTTP 500, word for word, {@link RetryPolicy#SAME_ERROR_LIMIT} times in a row ends the retries as a
 * {@link ErrorClass#DETERMINISTIC_ERROR}.
 */
final class RetryingClient extends ForwardingClient {
    private final RetryPolicy policy;
    private final StopSignal stop;
    private final ModelTarget target;
    private final EndpointHealth health;

    RetryingClient(ChatClient inner, RetryPolicy policy, StopSignal stop, ModelTarget target, EndpointHealth health) {
        super(inner);
        this.policy = policy;
        this.stop = stop;
        this.target = target;
        this.health = health;
    }

    @Override
    public ModelResponse complete(ModelRequest request) throws ModelCallException {
        String lastError = null;
        int sameInARow = 0;
        for (int attempt = 1; ; attempt++) {
            if (stop.stopped()) {
                throw ModelCallException.stopped(stop.reason());
            }
            try {
                ModelResponse r = inner.complete(request);
                health.answered();
                return r.withTrace(r.trace().withAttempts(attempt));
            } catch (ModelCallException e) {
                if (e.errorClass() == ErrorClass.STOPPED) {
                    throw e;
                }
                if (e.unreachable()) {
                    if (health.unreachable()) {
                        stop.stop("cannot connect to " + target.baseUrl() + ": " + e.getMessage() + " \u2014 is the server running?");
                    }
                } else if (e.errorClass() != ErrorClass.TIMEOUT && e.errorClass() != ErrorClass.CONNECTION) {
                    health.answered();
                }
                if (e.errorClass() == ErrorClass.AUTHENTICATION) {
                    stop.stop("authentication failed for " + target.profile().name() + " (" + e.getMessage()
                            + "): check " + target.apiKeyEnv());
                }
                String error = policy.mayBeDeterministic(e) ? e.httpStatus() + " " + e.getMessage() : null;
                sameInARow = error != null && error.equals(lastError) ? sameInARow + 1 : error != null ? 1 : 0;
                lastError = error;
                if (sameInARow >= RetryPolicy.SAME_ERROR_LIMIT) {
                    throw e.asDeterministic(sameInARow, attempt);
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
