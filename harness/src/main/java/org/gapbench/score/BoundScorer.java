package org.gapbench.score;

import java.util.Map;
import java.util.Set;
import org.gapbench.stats.Metric;
import org.gapbench.suite.ScorerConfig;

/** A scorer family with its options read and checked: what a suite's {@code scorer:} block means. */
public final class BoundScorer {
    private final ScorerFamily<?> family;
    private final Object options;

    private BoundScorer(ScorerFamily<?> family, Object options) {
        this.family = family;
        this.options = options;
    }

    /**
     * Reads {@code config} with {@code family}; a bad value or an option the family did not read is a
     * {@code file:line} error. Keys in {@code common} are read by the caller (options every family takes).
     */
    public static <O> BoundScorer bind(ScorerFamily<O> family, ScorerConfig config, Set<String> common) {
        ScorerOptions reader = new ScorerOptions(config);
        common.forEach(k -> reader.string(k, null));
        O options = family.options(reader);
        reader.rejectUnread();
        return new BoundScorer(family, options);
    }

    public String name() {
        return family.name();
    }

    public Map<String, Metric<ItemResult>> metrics() {
        return family.metrics();
    }

    @SuppressWarnings("unchecked")
    public Scorer create(ScoringContext context) {
        return ((ScorerFamily<Object>) family).create(options, context);
    }
}
