package org.gapbench.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gapbench.dataset.Item;
import org.gapbench.score.Score;
import org.gapbench.stats.Bootstrap;
import org.gapbench.stats.ItemResult;
import org.gapbench.stats.Metric;
import org.gapbench.stats.MetricRegistry;
import org.gapbench.suite.SuiteSpec;

/** Reads a journal and computes the run's {@link Summary}. The journal is streamed; only scores are kept. */
public final class Summarizer {
    private final Bootstrap bootstrap;

    public Summarizer(Bootstrap bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** The last record per (item, sample): a retried error is superseded by its later outcome. */
    public static Map<String, SampleRecord> latest(Path journal) {
        Map<String, SampleRecord> latest = new HashMap<>();
        Journal.read(journal, r -> latest.put(r.key(), r.withoutTexts()));
        return latest;
    }


    public Summary summarize(PreparedRun run, Path journal) {
        return summarize(run, latest(journal));
    }

    public Summary summarize(PreparedRun run, Map<String, SampleRecord> records) {
        SuiteSpec suite = run.suite();
        List<ItemResult> results = new ArrayList<>();
        int scored = 0;
        int errors = 0;
        int noAnswer = 0;
        int cached = 0;
        long tokensIn = 0;
        long tokensOut = 0;
        double cost = 0;
        Map<String, Integer> errorsByClass = new TreeMap<>();
        for (Item item : run.items()) {
            List<Score> scores = new ArrayList<>(run.samples());
            for (int s = 0; s < run.samples(); s++) {
                SampleRecord r = records.get(SampleRecord.key(item.id(), s));
                if (r == null) {
                    continue;
                }
                tokensIn += Math.max(0, r.tokensIn());
                tokensOut += Math.max(0, r.tokensOut());
                cost += r.costUsd();
                if (r.cached()) {
                    cached++;
                }
                if (r.isError()) {
                    errors++;
                    errorsByClass.merge(r.error(), 1, Integer::sum);
                } else if (r.score() != null) {
                    scored++;
                    scores.add(r.score());
                    if (r.score().answer() == null) {
                        noAnswer++;
                    }
                }
            }
            if (!scores.isEmpty()) {
                results.add(new ItemResult(item.id(), suite.cluster() == null ? null : item.text(suite.cluster()), groups(item, suite), scores));
            }
        }
        List<Metric> metrics = MetricRegistry.resolve(suite.metrics(), run.samples());
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
        int expected = run.sampleCount();
        int missing = expected - scored - errors;
        return new Summary(suite.id(), suite.version(), run.target().displayName(), values,
                new Summary.Counts(run.items().size(), results.size(), expected, scored, errors, missing, noAnswer),
                errorsByClass, breakdowns,
                new Summary.Statistics("percentile bootstrap over " + (suite.cluster() == null ? "items" : "clusters of items"),
                        bootstrap.resamples(), bootstrap.seed(), suite.cluster()),
                new Summary.Usage(tokensIn, tokensOut, cost, cached),
                missing == 0 && errors == 0, run.identity().fingerprint());
    }

    /**
     * The metrics' intervals, computed in parallel: the bootstrap is most of a summary's CPU, and each interval
     * seeds its own generator, so the result does not depend on the order or the thread.
     */
    private Map<String, Summary.MetricValue> compute(List<Metric> metrics, List<ItemResult> results) {
        List<Summary.MetricValue> values = metrics.parallelStream()
                .map(m -> Summary.MetricValue.of(bootstrap.interval(m, results))).toList();
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
