package org.gapbench.run;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.gapbench.score.Score;

/**
 * One line of {@code samples.jsonl}: everything known about one sample. Exactly one of {@code score} and
 * {@code error} is set: an error is recorded with its class and is never scored as a wrong answer. {@code model}
 * is the model the provider says answered, when it said.
 */
public record SampleRecord(
        @JsonProperty("item") String item,
        @JsonProperty("sample") int sample,
        @JsonProperty("prompt_hash") String promptHash,
        @JsonProperty("response") String response,
        @JsonProperty("reasoning") String reasoning,
        @JsonProperty("score") Score score,
        @JsonProperty("error") String error,
        @JsonProperty("error_message") String errorMessage,
        @JsonProperty("attempts") int attempts,
        @JsonProperty("latency_ms") long latencyMs,
        @JsonProperty("tokens_in") int tokensIn,
        @JsonProperty("tokens_out") int tokensOut,
        @JsonProperty("tokens_reasoning") int tokensReasoning,
        @JsonProperty("cost_usd") double costUsd,
        @JsonProperty("cached") boolean cached,
        @JsonProperty("finish_reason") String finishReason,
        @JsonProperty("model") String model) {

    @JsonIgnore
    public String key() {
        return key(item, sample);
    }

    public static String key(String item, int sample) {
        return item + "#" + sample;
    }

    @JsonIgnore
    public boolean isError() {
        return error != null;
    }

    public SampleRecord withScore(Score s) {
        return new SampleRecord(item, sample, promptHash, response, reasoning, s, error, errorMessage, attempts, latencyMs,
                tokensIn, tokensOut, tokensReasoning, costUsd, cached, finishReason, model);
    }

    /** This record with its score replaced by a {@code scorer_failed} error: a scorer bug is never a wrong answer. */
    public SampleRecord withScorerFailure(RuntimeException e) {
        return new SampleRecord(item, sample, promptHash, response, reasoning, null, "scorer_failed", e.toString(), attempts,
                latencyMs, tokensIn, tokensOut, tokensReasoning, costUsd, cached, finishReason, model);
    }

    /** This record without the response and reasoning texts, for code that needs only scores and counts. */
    public SampleRecord withoutTexts() {
        return new SampleRecord(item, sample, promptHash, null, null, score, error, errorMessage, attempts, latencyMs,
                tokensIn, tokensOut, tokensReasoning, costUsd, cached, finishReason, model);
    }
}
