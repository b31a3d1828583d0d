package org.gapbench.score.judge;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gapbench.score.ItemResult;
import org.gapbench.score.Score;
import org.gapbench.stats.Metric;

/**
 * The judged suites' metrics, on the judges' own scale (1–10 for MT-Bench) so they read as published: the panel's
 * mean rating over items ({@code judge_rating}) and per turn. Each is a mean over items of the item's mean over
 * samples, so the bootstrap CI is over questions.
 */
final class JudgeMetrics {
    static final String RATING = "judge_rating";
    static final int MAX_TURNS = 3;

    private JudgeMetrics() {
    }

    static Map<String, Metric<ItemResult>> ratings() {
        Map<String, Metric<ItemResult>> m = new LinkedHashMap<>();
        m.put(RATING, mean(RATING));
        for (int t = 1; t <= MAX_TURNS; t++) {
            m.put(RATING + "_turn" + t, mean(RATING + "_turn" + t));
        }
        return m;
    }

    private static Metric<ItemResult> mean(String key) {
        return Metric.scaledMean(key, r -> r.scores().stream().map(Score::details).map(d -> d.get(key))
                .filter(v -> v instanceof Number).mapToDouble(v -> ((Number) v).doubleValue()).average().orElse(Double.NaN));
    }
}
