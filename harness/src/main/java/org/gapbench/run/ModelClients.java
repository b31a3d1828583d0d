package org.gapbench.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gapbench.model.Catalog;
import org.gapbench.model.ChatClient;
import org.gapbench.model.GenerationParams;
import org.gapbench.model.ModelTarget;
import org.gapbench.model.provider.Providers;
import org.gapbench.model.provider.ResponseBounds;
import org.gapbench.model.provider.StreamMode;
import org.gapbench.model.resilient.Limits;
import org.gapbench.model.resilient.ModelCalls;
import org.gapbench.score.JudgeClients;
import org.gapbench.suite.PromptTemplate;

/**
 * Opens every model client of a run — the model under test and each judge its scorer asks for — and puts each on
 * the run's one road ({@link ModelCalls}): nothing else in the harness opens a provider.
 */
final class ModelClients implements JudgeClients, AutoCloseable {
    private final ModelCalls calls;
    private final Catalog catalog;
    private final ResponseBounds bounds;
    private final StreamMode stream;
    private final List<ChatClient> opened = new ArrayList<>();
    private Map<String, ModelTarget> resolved = Map.of();

    ModelClients(ModelCalls calls, Catalog catalog, ResponseBounds bounds, StreamMode stream) {
        this.calls = calls;
        this.catalog = catalog;
        this.bounds = bounds;
        this.stream = stream;
    }

    /** The model under test. */
    synchronized ChatClient subject(PreparedRun run, Limits limits) {
        ChatClient bare = Providers.open(run.target(), run.params(), item -> PromptTemplate.renderText(run.suite().oracle(), item), bounds, stream);
        return keep(calls.wrap(bare, run.target(), limits));
    }

    /** The judges as the run resolved them (a recording found and hashed), by the spec the scorer names them with. */
    synchronized ModelClients resolving(Map<String, ModelTarget> judges) {
        resolved = Map.copyOf(judges);
        return this;
    }

    /** A judge: the catalog prices it, the profile's limits apply (shared with the subject on the same endpoint). */
    @Override
    public synchronized ChatClient open(String modelSpec, String baseUrl, GenerationParams params) {
        ModelTarget target = resolved.containsKey(modelSpec) ? resolved.get(modelSpec) : ModelTarget.resolve(modelSpec, catalog, baseUrl, null, null);
        ChatClient bare = Providers.open(target, params, item -> {
            throw new IllegalStateException("the oracle cannot judge");
        }, bounds, stream);
        return keep(calls.wrap(bare, target, Limits.of(target.profile(), null, null, null)));
    }

    private ChatClient keep(ChatClient c) {
        opened.add(c);
        return c;
    }

    @Override
    public synchronized void close() {
        opened.forEach(ChatClient::close);
        opened.clear();
    }
}
