package org.gapbench.results;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.gapbench.score.Score;

/**
 * One line of {@code samples.jsonl}: everything known about one sample. Exactly one of {@code score}, {@code error}
 * and {@code refusal} is set: an error is recorded with its class and is never scored as a wrong answer; a refusal
 * (a provider's content filter, a model declining, with its {@code finish_reason}) is an outcome of its own, counted
 * apart from both, and not asked again. {@code model}
 * is the model the provider says answered, when it said. Token counts are -1 when the provider did not say.
 * A conversation of several turns keeps each turn in {@code turns} (answer, tokens, cost, whether cached); then
 * {@code response} is the last turn's answer and the counts are the conversation's totals.
 * Build one with {@link #builder}; the record's order of fields is the journal's, not an API.
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
        @JsonProperty("refusal") String refusal,
        @JsonProperty("attempts") int attempts,
        @JsonProperty("latency_ms") long latencyMs,
        @JsonProperty("tokens_in") int tokensIn,
        @JsonProperty("tokens_out") int tokensOut,
        @JsonProperty("tokens_reasoning") int tokensReasoning,
        @JsonProperty("cost_usd") double costUsd,
        @JsonProperty("cached") boolean cached,
        @JsonProperty("finish_reason") String finishReason,
        @JsonProperty("model") String model,
        @JsonProperty("turns") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Turn> turns,
        @JsonProperty("batch") @JsonInclude(JsonInclude.Include.NON_NULL) String batch) {

    public SampleRecord {
        turns = turns == null ? List.of() : List.copyOf(turns);
    }

    /** One turn of a conversation: the model's answer to one user turn and what it took. */
    public record Turn(@JsonProperty("response") String response, @JsonProperty("reasoning") String reasoning,
                       @JsonProperty("tokens_in") int tokensIn, @JsonProperty("tokens_out") int tokensOut,
                       @JsonProperty("cost_usd") double costUsd, @JsonProperty("cached") boolean cached,
                       @JsonProperty("attempts") int attempts, @JsonProperty("finish_reason") String finishReason) {
    }

    /** The model's answer to each user turn in order: the turns' answers, or just the response of a single turn. */
    @JsonIgnore
    public List<String> answers() {
        return turns.isEmpty() ? (response == null ? List.of() : List.of(response)) : turns.stream().map(Turn::response).toList();
    }

    /** The class of error a scorer's own failure is recorded with: a scorer bug is never a wrong answer. */
    public static final String SCORER_FAILED = "scorer_failed";

    @JsonIgnore
    public String key() {
        return key(item, sample);
    }

    /** The unit key {@code item#sample}: a journal holds at most one current record per key. */
    public static String key(String item, int sample) {
        return item + "#" + sample;
    }

    @JsonIgnore
    public boolean isError() {
        return error != null;
    }

    /** The provider or the model declined to answer: neither scored nor an error. */
    @JsonIgnore
    public boolean isRefusal() {
        return refusal != null && error == null;
    }

    public static Builder builder(String item, int sample) {
        return new Builder(item, sample);
    }

    public Builder toBuilder() {
        Builder b = new Builder(item, sample);
        b.promptHash = promptHash;
        b.response = response;
        b.reasoning = reasoning;
        b.score = score;
        b.error = error;
        b.errorMessage = errorMessage;
        b.refusal = refusal;
        b.attempts = attempts;
        b.latencyMs = latencyMs;
        b.tokensIn = tokensIn;
        b.tokensOut = tokensOut;
        b.tokensReasoning = tokensReasoning;
        b.costUsd = costUsd;
        b.cached = cached;
        b.finishReason = finishReason;
        b.model = model;
        b.turns = turns;
        b.batch = batch;
        return b;
    }

    /** This record scored with {@code s} (an error it carried is cleared). */
    public SampleRecord withScore(Score s) {
        return toBuilder().score(s).error(null, null).build();
    }

    /** This record with its score replaced by a {@code scorer_failed} error. */
    public SampleRecord withScorerFailure(RuntimeException e) {
        return toBuilder().score(null).error(SCORER_FAILED, e.toString()).build();
    }

    /** Builds a record; every field not set keeps its "unknown" value (null, 0, or -1 for token counts). */
    public static final class Builder {
        private final String item;
        private final int sample;
        private String promptHash;
        private String response;
        private String reasoning;
        private Score score;
        private String error;
        private String errorMessage;
        private String refusal;
        private int attempts;
        private long latencyMs;
        private int tokensIn = -1;
        private String batch;
        private int tokensOut = -1;
        private int tokensReasoning = -1;
        private double costUsd;
        private boolean cached;
        private String finishReason;
        private String model;
        private List<Turn> turns = List.of();

        private Builder(String item, int sample) {
            this.item = item;
            this.sample = sample;
        }

        public Builder promptHash(String v) {
            promptHash = v;
            return this;
        }

        public Builder response(String v) {
            response = v;
            return this;
        }

        public Builder reasoning(String v) {
            reasoning = v;
            return this;
        }

        public Builder score(Score v) {
            score = v;
            return this;
        }

        /** @param errorClass the lower-case class ({@code rate_limited}, {@code scorer_failed}, ...), null for none */
        public Builder error(String errorClass, String message) {
            error = errorClass;
            errorMessage = message;
            return this;
        }

        /**
         * A refusal: {@code why} is what the provider said (its finish reason, the model's refusal text, or the
         * filter's HTTP message).
         */
        public Builder refusal(String why) {
            refusal = why;
            return this;
        }

        public Builder attempts(int v) {
            attempts = v;
            return this;
        }

        public Builder latencyMs(long v) {
            latencyMs = v;
            return this;
        }

        public Builder tokens(int in, int out, int reasoningTokens) {
            tokensIn = in;
            tokensOut = out;
            tokensReasoning = reasoningTokens;
            return this;
        }

        public Builder costUsd(double v) {
            costUsd = v;
            return this;
        }

        public Builder cached(boolean v) {
            cached = v;
            return this;
        }

        public Builder finishReason(String v) {
            finishReason = v;
            return this;
        }

        public Builder model(String v) {
            model = v;
            return this;
        }

        /** The provider batch that answered this sample ({@code run --batch}), or null. */
        public Builder batch(String v) {
            batch = v;
            return this;
        }

        /** The turns of a conversation of several turns (none for a single turn). */
        public Builder turns(List<Turn> v) {
            turns = v;
            return this;
        }

        public SampleRecord build() {
            return new SampleRecord(item, sample, promptHash, response, reasoning, score, error, errorMessage, refusal, attempts,
                    latencyMs, tokensIn, tokensOut, tokensReasoning, costUsd, cached, finishReason, model, turns, batch);
        }
    }
}
