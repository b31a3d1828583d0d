package org.gapbench.publish.gate;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.gapbench.config.ConfigException;
import org.gapbench.score.registry.ScoringPlan;

/**
 * The thresholds of {@code gapbench check}.
 *
 * @param metrics      metric names to gate on (as in {@code summary.json}); higher is better for all of them
 * @param maxDrop      a drop (baseline - candidate, absolute) must exceed this to fail
 * @param alpha        ...and be significant at this level, after Holm's correction over all metrics checked
 * @param maxErrorRate samples ending in errors, as a fraction of the candidate's samples, above which the run is unusable
 * @param minOverlap   fewest shared items for a comparison to mean anything
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GateSettings(List<String> metrics, double maxDrop, double alpha, double maxErrorRate, int minOverlap) {
    public GateSettings {
        metrics = List.copyOf(metrics);
        if (metrics.isEmpty()) {
            throw new ConfigException("--metric: name at least one metric");
        }
        for (String m : metrics) {
            if (!ScoringPlan.knownMetric(m)) {
                throw new ConfigException("--metric " + m + ": unknown metric (known: " + ScoringPlan.describeMetrics() + ")");
            }
        }
        if (maxDrop < 0 || maxDrop > 1) {
            throw new ConfigException("--max-drop must be within [0, 1], got " + maxDrop);
        }
        if (alpha <= 0 || alpha >= 1) {
            throw new ConfigException("--alpha must be within (0, 1), got " + alpha);
        }
        if (maxErrorRate < 0 || maxErrorRate > 1) {
            throw new ConfigException("--max-error-rate must be within [0, 1], got " + maxErrorRate);
        }
        if (minOverlap < 1) {
            throw new ConfigException("--min-overlap must be at least 1, got " + minOverlap);
        }
    }
}
