package org.gapbench.model.resilient;

import java.util.Optional;
import org.gapbench.model.CallTrace;
import org.gapbench.model.ChatClient;
import org.gapbench.model.ModelCallException;
import org.gapbench.model.ModelRequest;
import org.gapbench.model.ModelResponse;
import org.gapbench.model.ModelTarget;

/** Answers a request from the response cache when it can, and keeps every fresh answer there. */
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
        if (hit.isPresent()) {
            return hit.get().withTrace(CallTrace.cacheHit());
        }
        ModelResponse fresh = inner.complete(request);
        cache.put(key, fresh);
        return fresh;
    }
}
