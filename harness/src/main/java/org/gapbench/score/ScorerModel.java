package org.gapbench.score;

/**
 * A model a scorer asks (a judge, a reference answerer): its spec and endpoint, as the scorer will open it through
 * {@link JudgeClients}. Declared ahead so the run resolves it and names it in its identity before any request.
 *
 * @param baseUrl the endpoint, or null for the provider's default
 */
public record ScorerModel(String spec, String baseUrl) {
}
