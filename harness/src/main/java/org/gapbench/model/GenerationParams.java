package org.gapbench.model;

/**
 * Sampling parameters sent to the model. Null means "provider default" and is left out of the request.
 */
public record GenerationParams(Double temperature, Integer maxTokens, Double topP, Integer seed) {

    public static final GenerationParams DEFAULT = new GenerationParams(0.0, 2048, null, null);

    /** Command-line overrides win over the suite's values. */
    public GenerationParams overriddenBy(GenerationParams o) {
        return new GenerationParams(
                o.temperature != null ? o.temperature : temperature,
                o.maxTokens != null ? o.maxTokens : maxTokens,
                o.topP != null ? o.topP : topP,
                o.seed != null ? o.seed : seed);
    }
}
