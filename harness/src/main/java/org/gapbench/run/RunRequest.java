package org.gapbench.run;

import org.gapbench.model.GenerationParams;
import org.gapbench.results.RunIdentity;

/**
 * What the user asked for, before anything is resolved. Build one with {@link #builder}: everything but the suite and
 * the model has a default (all items, the suite's samples and generation parameters, no shard).
 *
 * @param samples    samples per item, or null for the suite's default
 * @param overrides  generation parameters that replace the suite's (null fields keep the suite's)
 * @param limit      a seeded stratified sample of this many items, or null for all
 * @param as         catalog id to attribute the run to (for replays of recorded outputs), or null
 * @param judges     judge model specs replacing a judged suite's {@code judges} ({@code --judge}), or null for the suite's
 * @param judgeBaseUrl the judges' endpoint replacing the suite's {@code judge_base_url}, or null
 */
public record RunRequest(String suiteId, String modelSpec, String baseUrl, String apiKeyEnv, Integer limit, long seed,
                         Integer samples, GenerationParams overrides, RunIdentity.Shard shard, String as, java.util.List<String> judges,
                         String judgeBaseUrl) {
    public static final long DEFAULT_SEED = 1234;

    public static Builder builder(String suiteId, String modelSpec) {
        return new Builder(suiteId, modelSpec);
    }

    public Builder toBuilder() {
        return new Builder(suiteId, modelSpec).baseUrl(baseUrl).apiKeyEnv(apiKeyEnv).limit(limit).seed(seed).samples(samples)
                .overrides(overrides).shard(shard).as(as).judges(judges).judgeBaseUrl(judgeBaseUrl);
    }

    public static final class Builder {
        private final String suiteId;
        private final String modelSpec;
        private String baseUrl;
        private String apiKeyEnv;
        private Integer limit;
        private long seed = DEFAULT_SEED;
        private Integer samples;
        private GenerationParams overrides;
        private RunIdentity.Shard shard;
        private String as;
        private java.util.List<String> judges;
        private String judgeBaseUrl;

        private Builder(String suiteId, String modelSpec) {
            this.suiteId = suiteId;
            this.modelSpec = modelSpec;
        }

        public Builder baseUrl(String v) {
            baseUrl = v;
            return this;
        }

        public Builder apiKeyEnv(String v) {
            apiKeyEnv = v;
            return this;
        }

        public Builder limit(Integer v) {
            limit = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder samples(Integer v) {
            samples = v;
            return this;
        }

        public Builder overrides(GenerationParams v) {
            overrides = v;
            return this;
        }

        public Builder shard(RunIdentity.Shard v) {
            shard = v;
            return this;
        }

        public Builder as(String v) {
            as = v;
            return this;
        }

        /** Judges replacing the suite's ({@code --judge a,b}); null or empty keeps the suite's. */
        public Builder judges(java.util.List<String> v) {
            judges = v == null || v.isEmpty() ? null : java.util.List.copyOf(v);
            return this;
        }

        public Builder judgeBaseUrl(String v) {
            judgeBaseUrl = v;
            return this;
        }

        public RunRequest build() {
            return new RunRequest(suiteId, modelSpec, baseUrl, apiKeyEnv, limit, seed, samples, overrides, shard, as, judges, judgeBaseUrl);
        }
    }
}
