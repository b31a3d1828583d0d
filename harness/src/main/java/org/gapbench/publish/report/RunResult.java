package org.gapbench.publish.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gapbench.config.ConfigException;
import org.gapbench.io.Hashes;
import org.gapbench.model.Catalog;
import org.gapbench.model.CatalogEntry;
import org.gapbench.results.RunIdentity;
import org.gapbench.results.RunReader;
import org.gapbench.results.SampleRecord;
import org.gapbench.results.Summary;
import org.gapbench.score.Score;
import org.gapbench.score.registry.ScoringPlan;

/**
 * One run as the report needs it: identity, summary, the metric it is ranked by, the per-item mean score (for paired
 * comparisons; errors are left out, never counted as wrong), what its answers cost, and the first items' samples in
 * full for the drill-down.
 *
 * @param dir      where the run was read from: for messages only, never published
 * @param metric   the concrete metric the leaderboard ranks by ({@code pass@k} resolves to {@code pass@1})
 * @param usage    tokens of the samples that report them, and their cost at catalog prices
 */
record RunResult(Path dir, String name, RunIdentity identity, Summary summary, String metric, Map<String, Double> itemValues,
                 Usage usage, List<SampleRecord> drillDown) {

    static final int DRILL_DOWN_ITEMS = 20;

    /**
     * The model's own calls (judges left out: they are the evaluation's cost, not the model's).
     *
     * @param answered      samples with an answer (scored, not an error)
     * @param counted       answered samples whose provider reported token counts (a recording may have none)
     * @param tokensOut     output tokens of the counted samples; providers count reasoning tokens in them
     * @param costUsd       the counted samples' tokens at the catalog's prices; null when the catalog has no price
     */
    record Usage(int answered, int counted, long tokensIn, long tokensOut, Double costUsd) {
        boolean known() {
            return counted > 0 && counted == answered;
        }

        /** Output tokens per answer, reasoning included; null when the run's provider reported none. */
        Double tokensPerAnswer() {
            return known() ? (double) tokensOut / counted : null;
        }

        /** USD per scored item (all its samples); null unless every answer's tokens and the model's prices are known. */
        Double costPerItem(int items) {
            return known() && costUsd != null && items > 0 ? costUsd / items : null;
        }
    }

    static RunResult load(Path dir, Catalog catalog) {
        RunReader run = RunReader.open(dir);
        RunIdentity id = run.identity();
        Summary summary = run.summary();
        Map<String, Score> latest = new LinkedHashMap<>();
        Map<String, String> itemOf = new HashMap<>();
        // The drill-down shows the DRILL_DOWN_ITEMS items with the smallest hash of their id: the same items for
        // every model and every re-run, whatever order the journal was written in (it follows thread timing).
        TreeMap<String, String> drillItems = new TreeMap<>(); // hash -> item id
        Map<String, Map<String, SampleRecord>> drill = new HashMap<>(); // item id -> sample key -> record
        CatalogEntry prices = id.model().name() == null ? null : catalog.find(id.model().name()).orElse(null);
        long[] tokens = new long[2];
        int[] counts = new int[2]; // answered, counted
        double[] cost = {0};
        run.forEachLatest(r -> {
            latest.put(r.key(), r.isError() ? null : r.score());
            itemOf.put(r.key(), r.item());
            if (!r.isError() && r.score() != null) {
                counts[0]++;
                if (r.tokensIn() >= 0 && r.tokensOut() >= 0) {
                    counts[1]++;
                    tokens[0] += r.tokensIn();
                    tokens[1] += r.tokensOut();
                    cost[0] += prices == null ? 0 : prices.cost(r.tokensIn(), r.tokensOut());
                }
            }
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
        String metric = ScoringPlan.primaryMetric(id.suite().metrics().isEmpty() ? List.of("accuracy") : id.suite().metrics(),
                id.samples());
        if (metric == null) {
            throw new ConfigException(dir + ": none of the suite's metrics " + id.suite().metrics() + " can be estimated with "
                    + id.samples() + " sample(s) per item, so the run has nothing to rank by");
        }
        boolean priced = prices != null && prices.priceInputPerM() != null && prices.priceOutputPerM() != null;
        Usage usage = new Usage(counts[0], counts[1], tokens[0], tokens[1], priced ? cost[0] : null);
        return new RunResult(dir, name, id, summary, metric, values, usage, List.copyOf(drillDown));
    }

    String suite() {
        return identity.suite().id();
    }

    Summary.MetricValue metricValue() {
        return summary.metrics().get(metric);
    }

    String country() {
        return identity.model().country() == null ? "" : identity.model().country();
    }

    Boolean openWeights() {
        return identity.model().openWeights();
    }

    boolean complete() {
        return summary.complete();
    }

    int itemsScored() {
        return summary.counts().itemsScored();
    }

    Double costPerItem() {
        return usage.costPerItem(itemsScored());
    }

    /** What an incomplete run lacks, for its badge: "12 errors (connection 12), 3 missing of 100 samples". */
    String incompleteness() {
        Summary.Counts c = summary.counts();
        List<String> parts = new ArrayList<>();
        if (c.errors() > 0) {
            StringBuilder s = new StringBuilder(c.errors() + (c.errors() == 1 ? " error" : " errors"));
            if (summary.errorsByClass() != null && !summary.errorsByClass().isEmpty()) {
                List<String> classes = new ArrayList<>();
                new TreeMap<>(summary.errorsByClass()).forEach((k, v) -> classes.add(k + " " + v));
                s.append(" (").append(String.join(", ", classes)).append(")");
            }
            parts.add(s.toString());
        }
        if (c.missing() > 0) {
            parts.add(c.missing() + " missing");
        }
        return String.join(", ", parts) + " of " + c.samples() + " samples";
    }
}
