package org.gapbench.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gapbench.dataset.Item;
import org.gapbench.results.RunTally;
import org.gapbench.results.SampleRecord;
import org.gapbench.results.Summary;
import org.gapbench.score.ItemResult;
import org.gapbench.score.JudgeVerdict;
import org.gapbench.score.Score;
import org.gapbench.stats.Bootstrap;
import org.gapbench.stats.Metric;
import org.gapbench.suite.SuiteSpec;

/** Computes a run's {@link Summary} from the current record of each of its units. */
final class Summarizer {
    private final Bootstrap bootstrap;

    Summarizer(Bootstrap bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** @param records the current record of each unit (as {@code RunReader.latest} gives them), texts not needed */
    Summary summarize(PreparedRun run, Map<String, SampleRecord> records) {
        SuiteSpec suite = run.suite();
        List<ItemResult> results = new ArrayList<>();
        RunTally.Counter tally = new RunTally.Counter();
        for (Item item : run.items()) {
            List<Score> scores = new ArrayList<>(run.samples());
            for (int s = 0; s < run.samples(); s++) {
                SampleRecord r = records.get(SampleRecord.key(item.id(), s));
                if (r == null) {
                    continue;
                }
                tally.add(r);
                if (!r.isError() && r.score() != null) {
                    scores.add(r.score());
                }
            }
            if (!scores.isEmpty()) {
                results.add(new ItemResult(item.id(), suite.cluster() == null ? null : item.text(suite.cluster()), groups(item, suite), scores));
            }
        }
        List<Metric<ItemResult>> metrics = run.scoring().metrics(run.samples());
        Map<String, Summary.MetricValue> values = compute(metrics, results);
        Map<String, Map<String, Summary.Group>> breakdowns = new LinkedHashMap<>();
        for (String field : suite.breakdowns()) {
            Map<String, List<ItemResult>> byValue = new TreeMap<>();
            for (ItemResult r : results) {
                byValue.computeIfAbsent(r.groups().get(field), k -> new ArrayList<>()).add(r);
            }
            Map<String, Summary.Group> groups = new LinkedHashMap<>();
            byValue.forEach((value, items) -> groups.put(value, new Summary.Group(items.size(), compute(metrics, items))));
            breakdowns.put(field, groups);
        }
        RunTally t = tally.build(run.sampleCount());
        return new Summary(suite.id(), suite.version(), run.target().displayName(), values,
                new Summary.Counts(run.items().size(), results.size(), t.samples(), t.scored(), t.errors(), t.missing(), t.noAnswer(),
                        t.refused(), t.truncated()),
                new TreeMap<>(t.errorsByClass()), breakdowns,
                new Summary.Statistics(Bootstrap.method(suite.cluster() != null),
                        bootstrap.resamples(), bootstrap.seed(), suite.cluster()),
                new Summary.Usage(t.tokensIn(), t.tokensOut(), t.costUsd(), t.cached(), t.judgeCostUsd(), t.batched()),
                t.complete(), run.identity().fingerprint(), byJudge(results));
    }

    /**
     * A judged run's grade from each judge apart (its mean over items of its grades: a rating judge's mean rating, a
     * pairwise judge's win 1 / tie 0.5 / loss 0), with a bootstrap interval: the panel's headline never hides a judge.
     * Empty for a suite no model judges.
     */
    /** One item's mean grade from one judge, with the cluster the bootstrap resamples it in. */
    private record Graded(String cluster, double grade) {
    }

    private Map<String, Summary.MetricValue> byJudge(List<ItemResult> results) {
        // each item's mean grade from each judge, read from its scores once
        Map<String, List<Graded>> byJudge = new TreeMap<>();
        for (ItemResult r : results) {
            Map<String, double[]> sums = new HashMap<>();
            r.scores().forEach(s -> JudgeVerdict.gradesByJudge(s).forEach((judge, g) -> {
                double[] sum = sums.computeIfAbsent(judge, k -> new double[2]);
                sum[0] += g;
                sum[1]++;
            }));
            sums.forEach((judge, sum) -> byJudge.computeIfAbsent(judge, k -> new ArrayList<>()).add(new Graded(r.clusterKey(), sum[0] / sum[1])));
        }
        Map<String, Summary.MetricValue> out = new TreeMap<>();
        byJudge.forEach((judge, grades) -> {
            Metric<Graded> m = Metric.itemMean(judge, Graded::grade);
            out.put(judge, Summary.MetricValue.of(bootstrap.interval(m, grades, Graded::cluster)));
        });
        return out;
    }

    /**
     * The metrics' intervals, computed in parallel: the bootstrap is most of a summary's CPU, and each interval
     * seeds its own generator, so the result does not depend on the order or the thread.
     */
    private Map<String, Summary.MetricValue> compute(List<Metric<ItemResult>> metrics, List<ItemResult> results) {
        List<Summary.MetricValue> values = metrics.parallelStream()
                .map(m -> Summary.MetricValue.of(bootstrap.interval(m, results, ItemResult::clusterKey))).toList();
        Map<String, Summary.MetricValue> out = new LinkedHashMap<>();
        for (int i = 0; i < metrics.size(); i++) {
            out.put(metrics.get(i).name(), values.get(i));
        }
        return out;
    }

    private static Map<String, String> groups(Item item, SuiteSpec suite) {
        if (suite.breakdowns().isEmpty()) {
            return Map.of();
        }
        Map<String, String> g = new HashMap<>();
        for (String f : suite.breakdowns()) {
            g.put(f, item.text(f));
        }
        return g;
    }
}
