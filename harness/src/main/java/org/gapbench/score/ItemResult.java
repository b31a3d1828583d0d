package org.gapbench.score;

import java.util.List;
import java.util.Map;

/**
 * The scored samples of one item (errors left out: an error is never a wrong answer), with the fields that group it
 * ({@code groups}) and the cluster it is resampled with by the bootstrap (null when items are independent).
 */
public record ItemResult(String itemId, String cluster, Map<String, String> groups, List<Score> scores) {
    public ItemResult {
        scores = List.copyOf(scores);
    }

    /** The bootstrap's resampling unit: the cluster, or the item itself. */
    public String clusterKey() {
        return cluster == null ? itemId : cluster;
    }

    public Score first() {
        return scores.get(0);
    }

    public int correctCount() {
        int c = 0;
        for (Score s : scores) {
            if (s.isCorrect()) {
                c++;
            }
        }
        return c;
    }

    public double meanValue() {
        double sum = 0;
        for (Score s : scores) {
            sum += s.value();
        }
        return scores.isEmpty() ? 0 : sum / scores.size();
    }
}
