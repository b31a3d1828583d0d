package org.gapbench.run;

import org.gapbench.model.GenerationParams;

/**
 * What the user asked for on the command line, before anything is resolved.
 *
 * @param samples    samples per item, or null for the suite's default
 * @param overrides  generation parameters that replace the suite's (null fields keep the suite's)
 * @param limit      a seeded stratified sample of this many items, or null for all
 * @param as         catalog id to attribute the run to (for replays of recorded outputs), or null
 */
public record RunRequest(String suiteId, String modelSpec, String baseUrl, String apiKeyEnv, Integer limit, long seed,
                         Integer samples, GenerationParams overrides, RunIdentity.Shard shard, String as) {
    public static final long DEFAULT_SEED = 1234;
}
