package org.gapbench.publish.gap;

import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a benchmark stops telling frontier models apart. On the benchmarks docs/gap-analysis.md calls saturated (MMLU,
 * GSM8K, HumanEval, MBPP, MATH, MGSM) the last points are answer-key noise and every frontier release reaches the ceiling
 * within weeks of the others, so once both frontiers are at or above {@link #LEVEL} percent a months-behind figure
 * measures release calendars, not capability, and the report shows none.
 */
public record Saturation(String benchmark, double level) {
    /** Percent, the same for every listed benchmark: one stated rule, not a tuned one. */
    public static final double LEVEL = 90;
    private static final List<String> SATURATED = List.of("mmlu", "gsm8k", "humaneval", "mbpp", "math", "mgsm");
    private static final Map<String, String> NAMES = Map.of("mmlu", "MMLU", "gsm8k", "GSM8K", "humaneval", "HumanEval",
            "mbpp", "MBPP", "math", "MATH", "mgsm", "MGSM");

    /** The saturation of a benchmark or dataset id ({@code gsm8k}, {@code mgsm}), if it is one of the saturated ones. */
    public static Optional<Saturation> of(String benchmark) {
        return benchmark != null && SATURATED.contains(benchmark) ? Optional.of(new Saturation(benchmark, LEVEL)) : Optional.empty();
    }

    /** Why months behind is no headline for {@code r}: both frontiers at or above the level. Empty when it is meaningful. */
    public Optional<String> reason(GapResult r) {
        if (r.usFrontier().isEmpty() || r.cnFrontier().isEmpty()) {
            return Optional.empty();
        }
        double us = r.usFrontier().get(r.usFrontier().size() - 1).score();
        double cn = r.cnFrontier().get(r.cnFrontier().size() - 1).score();
        if (us < level || cn < level) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "Both frontiers are above %.0f%% (US %.1f, China %.1f), where %s is saturated: the "
                + "remaining points are within its answer-key noise, so months behind would measure release dates, not capability "
                + "(docs/gap-analysis.md). No months-behind figure is given.", level, us, cn, NAMES.get(benchmark)));
    }
}
