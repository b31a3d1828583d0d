package org.gapbench.results;

import java.util.Map;
import java.util.TreeMap;
import org.gapbench.score.ModelOutput;

/**
 * The state of a run's samples, from the current record of each: how many were expected, scored, ended in an error
 * (by class) or never ran. The one place that counts them, for the summary, the gate and the report alike.
 *
 * @param noAnswer scored samples in which no answer was found
 * @param refused  samples the provider or the model declined to answer (neither scored nor errors)
 * @param truncated scored samples the token limit cut (finish reason {@code length})
 * @param cached   samples answered from the response cache
 * @param batched  samples answered through a provider batch ({@code run --batch})
 * @param costUsd  every model call's cost, the judges' ({@code judgeCostUsd}) included
 */
public record RunTally(int samples, int scored, int errors, int missing, int noAnswer, int refused, int truncated, int cached,
                       Map<String, Integer> errorsByClass, long tokensIn, long tokensOut, double costUsd, double judgeCostUsd, int batched) {

    public boolean complete() {
        return errors == 0 && missing == 0;
    }

    /** The tally of the current records {@code latest} of a run that expects {@code expectedSamples}. */
    public static RunTally of(Iterable<SampleRecord> latest, int expectedSamples) {
        Counter c = new Counter();
        latest.forEach(c::add);
        return c.build(expectedSamples);
    }

    /** What a {@code summary.json} copied out of its run still tells (no journal to count from). */
    public static RunTally of(Summary s) {
        Summary.Counts c = s.counts();
        Summary.Usage u = s.usage();
        return new RunTally(c.samples(), c.scored(), c.errors(), c.missing(), c.noAnswer(), c.refused(), c.truncated(),
                u == null ? 0 : u.cachedSamples(),
                s.errorsByClass() == null ? Map.of() : Map.copyOf(s.errorsByClass()), u == null ? 0 : u.tokensIn(),
                u == null ? 0 : u.tokensOut(), u == null ? 0 : u.costUsd(), u == null ? 0 : u.judgeCostUsd(),
                u == null ? 0 : u.batchSamples());
    }

    /** Counts records one at a time; {@link #build} needs the number of samples the run expects. */
    public static final class Counter {
        private int scored;
        private int errors;
        private int noAnswer;
        private int refused;
        private int truncated;
        private int cached;
        private int batched;
        private long tokensIn;
        private long tokensOut;
        private double cost;
        private double judgeCost;
        private final Map<String, Integer> byClass = new TreeMap<>();

        public void add(SampleRecord r) {
            tokensIn += Math.max(0, r.tokensIn());
            tokensOut += Math.max(0, r.tokensOut());
            cost += r.costUsd();
            if (r.cached()) {
                cached++;
            }
            if (r.batch() != null) {
                batched++;
            }
            if (r.isError()) {
                errors++;
                byClass.merge(r.error(), 1, Integer::sum);
            } else if (r.isRefusal()) {
                refused++;
            } else if (r.score() != null) {
                scored++;
                judgeCost += r.score().callsCostUsd();
                if (r.score().answer() == null) {
                    noAnswer++;
                }
                if (ModelOutput.truncated(r.finishReason())) {
                    truncated++;
                }
            }
        }

        public RunTally build(int expectedSamples) {
            return new RunTally(expectedSamples, scored, errors, Math.max(0, expectedSamples - scored - errors - refused), noAnswer,
                    refused, truncated, cached,
                    Map.copyOf(byClass), tokensIn, tokensOut, cost + judgeCost, judgeCost, batched);
        }
    }
}
