package org.gapbench.score;

import org.gapbench.model.ChatClient;
import org.gapbench.model.GenerationParams;
import org.gapbench.model.ModelCallException;

/**
 * How a model-graded scorer reaches its judges. A run hands its scorers an implementation whose clients take the
 * same road as the model under test (cache, retries, limits, cost, {@code --max-cost}); a scorer never opens a
 * client of its own.
 */
@FunctionalInterface
public interface JudgeClients {
    /**
     * @param modelSpec a catalog id or {@code <provider>:<model>}
     * @param baseUrl   the endpoint, or null for the provider's default
     */
    ChatClient open(String modelSpec, String baseUrl, GenerationParams params);

    /** Where no judge may be asked (validate): every call is refused as {@code stopped}, never answered. */
    JudgeClients NONE = (spec, url, params) -> request -> {
        throw ModelCallException.stopped("judges are not asked here");
    };
}
