package org.gapbench.publish.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gapbench.io.Hashes;
import org.gapbench.results.RunIdentity;
import org.gapbench.results.RunReader;
import org.gapbench.results.SampleRecord;
import org.gapbench.results.Summary;
import org.gapbench.score.Score;

/**
 * One finished run as the report needs it: identity, summary, the per-item mean score (for paired comparisons; errors
 * are left out, never counted as wrong) and the first items' samples in full for the drill-down.
 */
record RunResult(String name, RunIdentity identity, Summary summary, Map<String, Double> itemValues, List<SampleRecord> drillDown) {

    static final int DRILL_DOWN_ITEMS = 20;

    static RunResult load(Path dir) {
        RunReader run = RunReader.open(dir);
        RunIdentity id = run.identity();
        Summary summary = run.summary();
        Map<String, Score> latest = new LinkedHashMap<>();
        Map<String, String> itemOf = new HashMap<>();
        // The drill-down shows the DRILL_DOWN_ITEMS items with the smallest hash of their id: the same items for
        // every model and every re-run, whatever order the journal was written in (it follows thread timing).
        TreeMap<String, String> drillItems = new TreeMap<>(); // hash -> item id
        Map<String, Map<String, SampleRecord>> drill = new HashMap<>(); // item id -> sample key -> record
        run.forEachLatest(r -> {
            latest.put(r.key(), r.isError() ? null : r.score());
            itemOf.put(r.key(), r.item());
            // Whole records (with the response) only for the drill-down items, so a large run stays small in memory.
            String hash = Hashes.sha256(r.item());
            if (!drillItems.containsKey(hash)) {
                if (drillItems.size() == DRILL_DOWN_ITEMS && hash.compareTo(drillItems.lastKey()) > 0) {
                    return;
                }
                drillItems.put(hash, r.item());
                if (drillItems.size() > DRILL_DOWN_ITEMS) {
                    drill.remove(drillItems.pollLastEntry().getValue());
                }
            }
            drill.computeIfAbsent(r.item(), k -> new TreeMap<>()).put(r.key(), r);
        });
        List<SampleRecord> drillDown = new ArrayList<>();
        drillItems.values().forEach(item -> drillDown.addAll(drill.get(item).values()));
        Map<String, double[]> sums = new LinkedHashMap<>();
        latest.forEach((key, score) -> {
            if (score != null) {
                double[] s = sums.computeIfAbsent(itemOf.get(key), k -> new double[2]);
                s[0] += score.value();
                s[1]++;
            }
        });
        Map<String, Double> values = new HashMap<>();
        sums.forEach((item, s) -> values.put(item, s[0] / s[1]));
        String name = id.model().name() != null ? id.model().name() : String.valueOf(dir.getFileName());
        return new RunResult(name, id, summary, values, List.copyOf(drillDown));
    }

    String suite() {
        return identity.suite().id();
    }

    /** The suite's first metric: the one the leaderboard ranks by. */
    String metric() {
        return identity.suite().metrics().isEmpty() ? "accuracy" : identity.suite().metrics().get(0);
    }

    Summary.MetricValue metricValue() {
        return summary.metrics().get(metric());
    }

    String country() {
        return identity.model().country() == null ? "" : identity.model().country();
    }

    Boolean openWeights() {
        return identity.model().openWeights();
    }
}
