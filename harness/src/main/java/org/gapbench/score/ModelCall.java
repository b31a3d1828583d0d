package org.gapbench.score;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.gapbench.model.ModelResponse;

/**
 * A model call a verdict needed (a judge), as journaled with the score: who was asked, which model the provider says
 * answered, and what it took.
 *
 * @param asked the model spec the scorer asked ({@code openai:gpt-4o-2024-08-06})
 * @param model the model the provider says answered, or null when it did not say
 */
public record ModelCall(@JsonProperty("asked") String asked, @JsonProperty("model") String model,
                        @JsonProperty("tokens_in") int tokensIn, @JsonProperty("tokens_out") int tokensOut,
                        @JsonProperty("cost_usd") double costUsd, @JsonProperty("cached") boolean cached,
                        @JsonProperty("attempts") int attempts) {

    public static ModelCall of(String asked, ModelResponse r) {
        return new ModelCall(asked, r.model(), r.inputTokens(), r.outputTokens(), r.trace().costUsd(), r.trace().cached(),
                r.trace().attempts());
    }
}
