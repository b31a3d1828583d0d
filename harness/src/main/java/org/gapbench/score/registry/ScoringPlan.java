package org.gapbench.score.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.gapbench.config.ConfigException;
import org.gapbench.score.BoundScorer;
import org.gapbench.score.ItemResult;
import org.gapbench.score.Metrics;
import org.gapbench.score.Scorer;
import org.gapbench.score.ScoringContext;
import org.gapbench.score.lang.LanguageCheckedScorer;
import org.gapbench.score.lang.LanguageFidelity;
import org.gapbench.stats.Metric;
import org.gapbench.suite.ScorerConfig;
import org.gapbench.suite.SuiteSpec;

/**
 * A suite's scoring, bound and checked: its scorer family with typed options, plus the metrics it lists, each known
 * to the core or declared by the family. Binding is where a suite's scorer configuration is judged — at
 * {@code validate} and before a run sends any request — so every mistake is a {@code suite.yaml:LINE} error.
 *
 * <p>Every family also takes {@code expect_language}: the verdict is unchanged, the language of each answer is
 * recorded, and the {@code language_fidelity} metric reports the rate.
 */
public final class ScoringPlan {
    private final BoundScorer scorer;
    private final String expectLanguage;
    private final List<String> metricNames;
    private final Map<String, Metric<ItemResult>> own;

    private ScoringPlan(BoundScorer scorer, String expectLanguage, List<String> metricNames, Map<String, Metric<ItemResult>> own) {
        this.scorer = scorer;
        this.expectLanguage = expectLanguage;
        this.metricNames = metricNames;
        this.own = own;
    }

    /** Binds {@code suite}'s scorer and metrics; throws a {@code file:line} {@link ConfigException}. */
    public static ScoringPlan of(SuiteSpec suite) {
        ScorerConfig config = suite.scorer();
        BoundScorer bound = bind(config);
        String expect = expectedLanguage(config);
        Map<String, Metric<ItemResult>> own = new LinkedHashMap<>(bound.metrics());
        if (expect != null) {
            own.put(LanguageFidelity.NAME, LanguageFidelity.metric());
        }
        for (int i = 0; i < suite.metrics().size(); i++) {
            String m = suite.metrics().get(i);
            if (!Metrics.known(m) && !own.containsKey(m)) {
                Set<String> mine = new TreeSet<>(own.keySet());
                String hint = m.equals(LanguageFidelity.NAME) ? " (it needs the scorer option expect_language)" : "";
                throw new ConfigException(suite.source(), suite.lines().lineOf("/metrics/" + i), "unknown metric '" + m
                        + "' for scorer " + config.name() + hint + " (known: " + Metrics.describe()
                        + (mine.isEmpty() ? "" : ", " + String.join(", ", mine)) + ")");
            }
        }
        return new ScoringPlan(bound, expect, suite.metrics(), own);
    }

    /** Refuses items that lack a field the scorer's options name, at that option's line ({@link BoundScorer#checkItems}). */
    public void checkItems(List<org.gapbench.dataset.Item> items) {
        scorer.checkItems(items);
    }

    /** The scorer, ready to score (a code scorer opens its sandbox here). */
    public Scorer scorer(ScoringContext context) {
        return withLanguage(scorer.create(context), expectLanguage);
    }

    /** The scorer a {@code scorer:} block describes, checked the same way (for tools and tests that have no suite). */
    public static Scorer scorer(ScorerConfig config, ScoringContext context) {
        return withLanguage(bind(config).create(context), expectedLanguage(config));
    }

    private static BoundScorer bind(ScorerConfig config) {
        if (!ScorerRegistry.known(config.name())) {
            throw new ConfigException(config.lines().file(), config.lineOf("name"), "unknown scorer '" + config.name()
                    + "' (known: " + String.join(", ", ScorerRegistry.names()) + ")");
        }
        return BoundScorer.bind(ScorerRegistry.family(config.name()), config, Set.of(LanguageCheckedScorer.OPTION));
    }

    private static String expectedLanguage(ScorerConfig config) {
        Object lang = config.options().get(LanguageCheckedScorer.OPTION);
        return lang == null || lang.toString().isBlank() ? null : lang.toString().trim();
    }

    private static Scorer withLanguage(Scorer s, String expected) {
        return expected == null ? s : new LanguageCheckedScorer(s, expected);
    }

    public String scorerName() {
        return scorer.name();
    }

    /** The models the scorer will ask (judges, references), as specs. */
    public List<org.gapbench.score.ScorerModel> models() {
        return scorer.models();
    }

    /** The datasets the scorer reads besides the suite's. */
    public List<String> datasets() {
        return scorer.datasets();
    }

    /** Whether {@code --judge} may replace the scorer's judges. */
    public boolean takesJudges() {
        return scorer.takesJudges();
    }

    /** Whether a run of the suite needs at least one judge. */
    public boolean requiresJudges() {
        return scorer.requiresJudges();
    }

    /** The metrics to report when each item has {@code samples} samples, in the suite's order ({@code pass@k} expanded). */
    public List<Metric<ItemResult>> metrics(int samples) {
        List<Metric<ItemResult>> out = new ArrayList<>();
        for (String name : metricNames) {
            Metric<ItemResult> m = own.get(name);
            if (m != null) {
                out.add(m);
            } else {
                out.addAll(Metrics.resolve(name, samples));
            }
        }
        return out;
    }

    /** Whether the metric {@code name} is a proportion (shown as a percentage) rather than a value on a scale of its own. */
    public static boolean isProportion(String name, int samples) {
        List<Metric<ItemResult>> m = anyMetric(name, samples);
        return m.isEmpty() || m.get(0).proportion();
    }

    /** Any metric by name, from the core or any family: for readers of runs (the gate) that know only the name. */
    public static List<Metric<ItemResult>> anyMetric(String name, int samples) {
        if (Metrics.known(name)) {
            return Metrics.resolve(name, samples);
        }
        if (name.equals(LanguageFidelity.NAME)) {
            return List.of(LanguageFidelity.metric());
        }
        for (var f : ScorerRegistry.all()) {
            Metric<ItemResult> m = f.metrics().get(name);
            if (m != null) {
                return List.of(m);
            }
        }
        throw new IllegalArgumentException("unknown metric " + name);
    }

    /**
     * The metric a leaderboard ranks a run by: the first concrete metric its suite's list gives at {@code samples} per
     * item, as {@link #metrics} expands it ({@code pass@k} is {@code pass@1} first). Null when none is estimable.
     * Readers of a run call it with the names in {@code run.json}, so runs of a suite file that changed still resolve.
     */
    public static String primaryMetric(List<String> names, int samples) {
        for (String name : names) {
            try {
                List<Metric<ItemResult>> concrete = anyMetric(name, samples);
                if (!concrete.isEmpty()) {
                    return concrete.get(0).name();
                }
            } catch (IllegalArgumentException e) {
                // a metric this version no longer knows: the next one in the list ranks
            }
        }
        return null;
    }

    /** Whether {@code name} is a metric of the core or of any family. */
    public static boolean knownMetric(String name) {
        try {
            anyMetric(name, 1);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static String describeMetrics() {
        Set<String> all = new TreeSet<>();
        all.add(LanguageFidelity.NAME);
        ScorerRegistry.all().forEach(f -> all.addAll(f.metrics().keySet()));
        return Metrics.describe() + ", " + String.join(", ", all);
    }
}
