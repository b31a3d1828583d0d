package org.gapbench.model.resilient;

import java.util.Optional;
import org.gapbench.model.CallTrace;
import org.gapbench.model.ChatClient;
import org.gapbench.model.ModelCallException;
import org.gapbench.model.ModelRequest;
import org.gapbench.model.ModelResponse;
import org.gapbench.model.ModelTarget;

/**
 * Answers a request from the response cache when it can, and keeps every fresh answer there, except one the caller
 * says it cannot use ({@link ModelRequest#usable}): that is asked again next time rather than replayed forever.
 */
final class CachingClient extends ForwardingClient {
    private final ResponseCache cache;
    private final ModelTarget target;

    CachingClient(ChatClient inner, ResponseCache cache, ModelTarget target) {
        super(inner);
        this.cache = cache;
        this.target = target;
    }

    @Override
    public ModelResponse complete(ModelRequest request) throws ModelCallException {
        String key = ResponseCache.key(target.profile().name(), target.baseUrl(), target.modelName(), request.params(),
                request.messages(), request.sample());
        Optional<ModelResponse> hit = cache.get(key);
        if (hit.isPresent() && request.usable(hit.get().text())) {
            return hit.get().withTrace(CallTrace.cacheHit());
        }
        ModelResponse fresh = inner.complete(request);
        if (request.usable(fresh.text())) {
            cache.put(key, fresh);
        }
        return fresh;
    }
}
