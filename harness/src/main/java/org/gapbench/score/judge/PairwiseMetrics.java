package org.gapbench.score.judge;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gapbench.score.ItemResult;
import org.gapbench.score.Score;
import org.gapbench.stats.Metric;

/**
 * Pairwise suites' metrics, each a mean over questions (bootstrap CI over questions): the adjusted win rate
 * (win 1, tie 0.5, loss 0: the headline, as the upstream leaderboards print it), the win, loss and tie rates, and the
 * position-bias rate (the share of judge verdict pairs that gave the same slot both orders).
 */
final class PairwiseMetrics {
    static final String ADJUSTED = "adjusted_win_rate";
    static final String WIN = "win_rate";
    static final String LOSS = "loss_rate";
    static final String TIE = "tie_rate";
    static final String POSITION = "position_bias_rate";
    /** AlpacaEval's names: the mean probability (the adjusted win rate, with graded preferences) and the discrete rate. */
    static final String WEIGHTED = "weighted_win_rate";
    static final String DISCRETE = "discrete_win_rate";

    private PairwiseMetrics() {
    }

    static Map<String, Metric<ItemResult>> all() {
        Map<String, Metric<ItemResult>> m = new LinkedHashMap<>();
        m.put(ADJUSTED, Metric.itemMean(ADJUSTED, ItemResult::meanValue));
        // a corpus mean, so the bootstrap resamples it: graded probabilities are not counts (Wilson is for those)
        m.put(WEIGHTED, Metric.corpus(WEIGHTED, items -> items.stream().mapToDouble(ItemResult::meanValue).average().orElse(Double.NaN)));
        m.put(DISCRETE, Metric.itemMean(DISCRETE, r -> r.meanValue() > 0.5 ? 1 : r.meanValue() < 0.5 ? 0 : 0.5));
        for (String k : new String[] {WIN, LOSS, TIE, POSITION}) {
            m.put(k, Metric.itemMean(k, r -> r.scores().stream().map(Score::details).map(d -> d.get(k))
                    .filter(v -> v instanceof Number).mapToDouble(v -> ((Number) v).doubleValue()).average().orElse(Double.NaN)));
        }
        return m;
    }
}
