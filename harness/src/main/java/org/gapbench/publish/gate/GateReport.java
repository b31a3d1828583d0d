package org.gapbench.publish.gate;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.gapbench.stats.Interval;

/** What {@code gapbench check} found, for the console, JUnit XML and Markdown. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GateReport(GateSettings settings, List<Comparison> comparisons) {

    public enum Status {
        PASS(0), REGRESSION(1), INCOMPARABLE(2), UNHEALTHY(3);

        /** The process exit code (see {@code Main}). */
        public final int exitCode;

        Status(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    /**
     * One baseline/candidate pair.
     *
     * @param problem why the pair could not be compared (status INCOMPARABLE or UNHEALTHY), else null
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Comparison(String suite, String baseline, String candidate, Status status, String problem,
                             List<MetricCheck> metrics) {
    }

    /**
     * One metric of one pair.
     *
     * @param n          items compared (shared items when paired)
     * @param change     candidate - baseline (negative is a drop) with its 95% CI
     * @param pValue     two-sided, Holm-adjusted over every metric the gate checked
     * @param test       the test that gave the p-value
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MetricCheck(String metric, int n, double baseline, double candidate, Interval change, double pValue,
                              String test, boolean regression, String verdict) {
    }

    /** Configuration problems first, then unusable runs, then regressions: the most fundamental failure wins. */
    public Status status() {
        Status worst = Status.PASS;
        for (Comparison c : comparisons) {
            if (rank(c.status()) > rank(worst)) {
                worst = c.status();
            }
        }
        return worst;
    }

    public int exitCode() {
        return status().exitCode;
    }

    private static int rank(Status s) {
        return switch (s) {
            case PASS -> 0;
            case REGRESSION -> 1;
            case UNHEALTHY -> 2;
            case INCOMPARABLE -> 3;
        };
    }
}
