package org.gapbench.model.resilient;

import org.gapbench.model.CatalogEntry;
import org.gapbench.model.ChatClient;
import org.gapbench.model.ModelCallException;
import org.gapbench.model.ModelRequest;
import org.gapbench.model.ModelResponse;

/**
 * Prices every answer at the catalog's rates and adds it to the run's meter; refuses to start a call once the
 * budget is spent (the refusal is {@code stopped}: the sample is left to do, never recorded as an error).
 */
final class MeteredClient extends ForwardingClient {
    private final CatalogEntry prices;
    private final CostMeter meter;

    /** @param prices the catalog entry of the model, or null when it is not priced */
    MeteredClient(ChatClient inner, CatalogEntry prices, CostMeter meter) {
        super(inner);
        this.prices = prices;
        this.meter = meter;
    }

    @Override
    public ModelResponse complete(ModelRequest request) throws ModelCallException {
        if (meter.exhausted()) {
            throw ModelCallException.stopped(String.format("the --max-cost budget of $%.4f is spent", meter.budgetUsd()));
        }
        ModelResponse r = inner.complete(request);
        double cost = prices == null ? 0 : prices.cost(r.inputTokens(), r.outputTokens());
        meter.add(cost);
        return r.withTrace(r.trace().withCost(cost));
    }
}
