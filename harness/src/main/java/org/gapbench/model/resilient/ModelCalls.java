package org.gapbench.model.resilient;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.gapbench.model.CallTrace;
import org.gapbench.model.ChatClient;
import org.gapbench.model.ModelRequest;
import org.gapbench.model.ModelResponse;
import org.gapbench.model.ModelTarget;

/**
 * The one road every model call of a run takes, whoever makes it (the runner for a sample, a scorer for a judge
 * verdict): a bare provider client is wrapped, outermost first, in
 * <ol>
 *   <li>the response cache (a hit costs nothing and needs no permit),</li>
 *   <li>the meter (catalog prices, the {@code --max-cost} budget),</li>
 *   <li>retries with backoff and Retry-After, which a {@link StopSignal} cuts short,</li>
 *   <li>the endpoint's limits: RPM, TPM and an adaptive limit on requests in flight.</li>
 * </ol>
 * Endpoints are told apart by provider and base URL; two clients of one endpoint (the model under test and a
 * judge served by the same provider) share its limits, as the provider's own limiter does.
 */
public final class ModelCalls implements AutoCloseable {
    private final Supplier<ResponseCache> openCache;
    private ResponseCache cache;
    private boolean cacheOpened;
    private final RetryPolicy retry;
    private final CostMeter meter;
    private final StopSignal stop;
    private final LongAdder requests = new LongAdder();
    private final Map<String, Endpoint> endpoints = new HashMap<>();
    private final List<ChatClient> bare = new CopyOnWriteArrayList<>();

    private record Endpoint(RateLimiter rate, AdaptiveConcurrency inFlight, EndpointHealth health) {
    }

    /**
     * @param cache opens the response cache (or gives null when it cannot), or null for none; it is opened when the
     *              first client that needs it is wrapped, so a run of a local model without judges never touches the
     *              database
     */
    public ModelCalls(Supplier<ResponseCache> cache, RetryPolicy retry, CostMeter meter, StopSignal stop) {
        this.openCache = cache;
        this.retry = retry;
        this.meter = meter;
        this.stop = stop;
    }

    /** {@code bare} (one attempt per call, as a provider opens it) on the road. Closing the result closes it. */
    public ChatClient wrap(ChatClient bare, ModelTarget target, Limits limits) {
        Endpoint e = endpoint(target, limits);
        this.bare.add(bare);
        ChatClient c = new LimitedClient(bare, e.rate(), e.inFlight(), requests);
        c = new RetryingClient(c, retry, stop, target, e.health());
        c = new MeteredClient(c, target.entry(), meter);
        ResponseCache rc = openCache == null || bare.local() ? null : cache();
        if (rc != null) {
            c = new CachingClient(c, rc, target);
        }
        return c;
    }

    /** The cache, opened on first use; null when it could not be (the run goes on without one). */
    private synchronized ResponseCache cache() {
        if (!cacheOpened) {
            cacheOpened = true;
            cache = openCache.get();
        }
        return cache;
    }

    private synchronized Endpoint endpoint(ModelTarget target, Limits limits) {
        return endpoints.computeIfAbsent(target.profile().name() + " " + target.baseUrl(), k -> new Endpoint(
                new RateLimiter(limits.requestsPerMinute(), limits.tokensPerMinute()), new AdaptiveConcurrency(limits.concurrency()),
                new EndpointHealth()));
    }

    /** Abandons every call in flight on this road (the run was interrupted): each fails as STOPPED. */
    public void abortInFlight() {
        bare.forEach(ChatClient::abort);
    }

    public StopSignal stop() {
        return stop;
    }

    public CostMeter meter() {
        return meter;
    }

    /** HTTP requests sent so far, retries included (cache hits and local providers send none). */
    public long requests() {
        return requests.sum();
    }

    /** Why some answers could not be kept in the cache (the run is unaffected: its journal holds them), or null. */
    public synchronized String cacheWriteFailure() {
        return cache == null ? null : cache.writeFailure();
    }

    /** Closes the cache (if it was opened) after its writer has stored everything handed to it. */
    @Override
    public synchronized void close() {
        if (cache != null) {
            cache.close();
        }
    }

    /** The response-cache key of {@code request} to {@code target}: what names a request in a batch ({@code custom_id}). */
    public static String key(ModelTarget target, ModelRequest request) {
        return ResponseCache.key(target.profile().name(), target.baseUrl(), target.modelName(), request.params(),
                request.messages(), request.sample());
    }

    /** The cached answer to {@code request}, if the cache holds a usable one (a batch never sends a cache hit). */
    public java.util.Optional<ModelResponse> cached(ModelTarget target, ModelRequest request) {
        ResponseCache rc = openCache == null ? null : cache();
        if (rc == null) {
            return java.util.Optional.empty();
        }
        return rc.get(key(target, request)).filter(r -> request.usable(r.text()));
    }

    /**
     * An answer that came by batch: kept in the response cache like any answer, priced at {@code usd} (the batch
     * price) and counted against the budget. Returns the answer with its trace (one attempt, not cached, its cost).
     */
    public ModelResponse batchAnswer(ModelTarget target, ModelRequest request, ModelResponse response, double usd) {
        ResponseCache rc = openCache == null ? null : cache();
        if (rc != null && request.usable(response.text())) {
            rc.put(key(target, request), response);
        }
        meter.add(usd);
        return response.withTrace(new CallTrace(1, false, usd));
    }
}
