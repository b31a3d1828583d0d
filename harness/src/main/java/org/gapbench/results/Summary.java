package org.gapbench.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.gapbench.stats.Interval;

/**
 * {@code summary.json}: each metric with its 95% CI, the counts (errors apart from scored samples), a breakdown
 * by the suite's grouping fields, and how the intervals were computed.
 */
public record Summary(
        @JsonProperty("suite") String suite,
        @JsonProperty("suite_version") String suiteVersion,
        @JsonProperty("model") String model,
        @JsonProperty("metrics") Map<String, MetricValue> metrics,
        @JsonProperty("counts") Counts counts,
        @JsonProperty("errors_by_class") Map<String, Integer> errorsByClass,
        @JsonProperty("breakdowns") Map<String, Map<String, Group>> breakdowns,
        @JsonProperty("statistics") Statistics statistics,
        @JsonProperty("usage") Usage usage,
        @JsonProperty("complete") boolean complete,
        @JsonProperty("run_fingerprint") String runFingerprint,
        @JsonProperty("by_judge") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, MetricValue> byJudge) {

    public Summary {
        byJudge = byJudge == null ? Map.of() : byJudge;
    }

    public record MetricValue(@JsonProperty("value") Double value, @JsonProperty("ci95") List<Double> ci95) {
        public static MetricValue of(Interval i) {
            return new MetricValue(finite(i.value()), Double.isFinite(i.low()) ? List.of(i.low(), i.high()) : null);
        }

        private static Double finite(double d) {
            return Double.isFinite(d) ? d : null;
        }
    }

    /**
     * @param items          items in the run (this shard)
     * @param itemsScored    items with at least one scored sample (the denominator of the metrics)
     * @param samples        samples expected (items x samples per item)
     * @param scored         samples scored
     * @param errors         samples that ended in an error (not scored, not counted as wrong)
     * @param missing        samples not attempted yet (a stopped or crashed run)
     * @param noAnswer       scored samples in which no answer was found
     * @param refused        samples the provider's filter or the model declined to answer: neither scored nor errors
     *                       (the metrics are over answered samples; the refusal rate is a finding of its own)
     * @param truncated      scored samples the token limit cut (finish reason {@code length}); the math checker scores
     *                       them only when an explicit final answer came before the cut
     */
    public record Counts(@JsonProperty("items") int items, @JsonProperty("items_scored") int itemsScored,
                         @JsonProperty("samples") int samples, @JsonProperty("scored") int scored,
                         @JsonProperty("errors") int errors, @JsonProperty("missing") int missing,
                         @JsonProperty("no_answer") int noAnswer, @JsonProperty("refused") int refused,
                         @JsonProperty("truncated") int truncated) {

        /** Refused samples as a fraction of the samples that have an outcome (scored or refused), 0 when none has. */
        public double refusalRate() {
            return scored + refused == 0 ? 0 : (double) refused / (scored + refused);
        }
    }

    public record Group(@JsonProperty("items") int items, @JsonProperty("metrics") Map<String, MetricValue> metrics) {
    }

    public record Statistics(@JsonProperty("interval") String interval, @JsonProperty("resamples") int resamples,
                             @JsonProperty("seed") long seed, @JsonProperty("cluster_by") String clusterBy) {
    }

    /**
     * @param costUsd      what the run's model calls cost at catalog prices, judges included
     * @param judgeCostUsd the judges' part of it (left out of the file when there were none)
     * @param batchSamples samples answered through a provider batch at the batch price (left out when none)
     */
    public record Usage(@JsonProperty("tokens_in") long tokensIn, @JsonProperty("tokens_out") long tokensOut,
                        @JsonProperty("cost_usd") double costUsd, @JsonProperty("cached_samples") int cachedSamples,
                        @JsonProperty("judge_cost_usd") @JsonInclude(JsonInclude.Include.NON_DEFAULT) double judgeCostUsd,
                        @JsonProperty("batch_samples") @JsonInclude(JsonInclude.Include.NON_DEFAULT) int batchSamples) {
    }
}
