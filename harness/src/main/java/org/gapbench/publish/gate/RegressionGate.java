package org.gapbench.publish.gate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.gapbench.config.ConfigException;
import org.gapbench.results.RunDirectory;
import org.gapbench.results.RunIdentity;
import org.gapbench.results.RunTally;
import org.gapbench.results.Summary;
import org.gapbench.score.ItemResult;
import org.gapbench.score.registry.ScoringPlan;
import org.gapbench.stats.Bootstrap;
import org.gapbench.stats.Interval;
import org.gapbench.stats.Metric;
import org.gapbench.stats.PairedComparison;

/**
 * Decides whether a candidate run regressed against a baseline. A metric fails only when its drop is larger than
 * {@code maxDrop} <em>and</em> significant (paired test on the shared items, Holm-corrected over all metrics), so
 * an improvement or a noisy wobble passes. Before that, the pair must be comparable (same suite version, prompt,
 * scorer and dataset files; the model, generation settings and item selection may differ, since they are what a
 * change under test changes) and the candidate must be usable (complete, few errors).
 */
public final class RegressionGate {
    private static final double Z975 = new NormalDistribution().inverseCumulativeProbability(0.975);

    private final GateSettings settings;

    public RegressionGate(GateSettings settings) {
        this.settings = settings;
    }

    /**
     * Compares each {@code candidates[i]} with {@code baselines[i]}.
     *
     * @param baselineModel the entry to take from a report's {@code results.json}; null: the candidate's model
     */
    public GateReport check(List<Path> baselines, List<Path> candidates, String baselineModel) {
        if (baselines.size() != candidates.size()) {
            throw new ConfigException("give one --baseline per --run (got " + baselines.size() + " and " + candidates.size() + ")");
        }
        List<Pending> pending = new ArrayList<>();
        for (int i = 0; i < baselines.size(); i++) {
            RunResults candidate = RunResults.load(candidates.get(i));
            pending.add(compare(RunResults.loadBaseline(baselines.get(i), candidate, baselineModel), candidate));
        }
        return decide(pending);
    }

    /** A pair whose metrics are computed but whose p-values are not yet corrected for multiplicity. */
    private record Pending(String suite, String baseline, String candidate, GateReport.Status blocked, String problem,
                           List<Raw> metrics) {
    }

    private record Raw(String metric, int n, double baseline, double candidate, Interval change, double pValue, String test) {
    }

    private Pending compare(RunResults base, RunResults cand) {
        String suite = cand.suite();
        String b = base.describe();
        String c = cand.describe();
        List<String> differences = incomparabilities(base, cand);
        if (!differences.isEmpty()) {
            return new Pending(suite, b, c, GateReport.Status.INCOMPARABLE,
                    "runs are not comparable (baseline vs candidate): " + String.join("; ", differences), List.of());
        }
        String unhealthy = health(cand.tally());
        if (unhealthy != null) {
            return new Pending(suite, b, c, GateReport.Status.UNHEALTHY, unhealthy, List.of());
        }
        List<Raw> raws = new ArrayList<>();
        for (String metric : settings.metrics()) {
            Raw raw = base.paired() && cand.paired() && itemMean(metric, base) != null && itemMean(metric, cand) != null
                    ? paired(metric, base, cand) : unpaired(metric, base, cand);
            if (raw.n() < settings.minOverlap()) {
                return new Pending(suite, b, c, GateReport.Status.INCOMPARABLE, "only " + raw.n() + " items "
                        + (raw.test().startsWith("unpaired") ? "scored" : "shared by both runs")
                        + " for " + metric + ", fewer than --min-overlap " + settings.minOverlap(), List.of());
            }
            raws.add(raw);
        }
        return new Pending(suite, b, c, null, null, raws);
    }

    /**
     * What makes the two runs measure different things. The candidate's identity is given the baseline's model,
     * generation, samples and selection before {@link RunIdentity#differencesFrom} is asked, so only what must
     * match is named.
     */
    private static List<String> incomparabilities(RunResults base, RunResults cand) {
        List<String> d = new ArrayList<>();
        for (RunResults r : List.of(base, cand)) {
            if (r.paired() && r.identity().shard() != null && r.identity().shard().count() > 1) {
                d.add(r.source() + " is shard " + r.identity().shard() + " of a run: merge the shards first (gapbench merge)");
            }
        }
        if (base.paired() && cand.paired()) {
            RunIdentity bi = base.identity();
            RunIdentity ci = cand.identity();
            RunIdentity aligned = new RunIdentity(ci.format(), ci.suite(), ci.dataset(), bi.model(), bi.generation(), bi.samples(),
                    bi.selection(), bi.shard(), bi.harness(), ci.judges(), ci.scorerData());
            d.addAll(aligned.differencesFrom(bi));
        } else {
            // A bare summary names its suite and version only, a report's entry its suite only; the rest cannot be checked.
            String bv = base.paired() ? base.identity().suite().version() : base.summary().suiteVersion();
            String cv = cand.paired() ? cand.identity().suite().version() : cand.summary().suiteVersion();
            if (!base.suite().equals(cand.suite())) {
                d.add("suite " + base.suite() + " vs " + cand.suite());
            } else if (bv != null && cv != null && !bv.equals(cv)) {
                d.add("suite version " + bv + " vs " + cv);
            }
        }
        return d;
    }

    /** Why the candidate cannot be judged (counted from its journal, not from a possibly stale summary), or null. */
    private String health(RunTally t) {
        if (t.missing() > 0) {
            return String.format("candidate run incomplete: %d of %d samples never finished; re-run the same command to finish it",
                    t.missing(), t.samples());
        }
        double rate = t.samples() == 0 ? 0 : (double) t.errors() / t.samples();
        if (rate > settings.maxErrorRate()) {
            return String.format("candidate error rate %.1f%% (%d of %d samples, %s) exceeds --max-error-rate %.1f%%",
                    100 * rate, t.errors(), t.samples(), t.errorsByClass(), 100 * settings.maxErrorRate());
        }
        return null;
    }

    private static Metric.ItemMean<ItemResult> itemMean(String name, RunResults run) {
        for (Metric<ItemResult> m : ScoringPlan.anyMetric(name, run.identity().samples())) {
            if (m.name().equals(name) && m instanceof Metric.ItemMean<ItemResult> im) {
                return im;
            }
        }
        return null;
    }

    private static Raw paired(String metric, RunResults base, RunResults cand) {
        Metric.ItemMean<ItemResult> mb = itemMean(metric, base);
        Metric.ItemMean<ItemResult> mc = itemMean(metric, cand);
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        for (Map.Entry<String, ItemResult> e : base.items().entrySet()) {
            ItemResult other = cand.items().get(e.getKey());
            if (other != null) {
                a.add(mb.valueOf(e.getValue()));
                b.add(mc.valueOf(other));
            }
        }
        PairedComparison.Result r = PairedComparison.compare(a.stream().mapToDouble(Double::doubleValue).toArray(),
                b.stream().mapToDouble(Double::doubleValue).toArray(), Bootstrap.standard());
        String test = r.test().equals("McNemar exact")
                ? String.format("McNemar exact, paired (%d items right only in baseline, %d only in candidate)", r.onlyA(), r.onlyB())
                : r.test() + ", paired";
        return new Raw(metric, r.n(), r.meanA(), r.meanB(), r.differenceCi(), r.pValue(), test);
    }

    /** A bare summary has no per-item scores: a z-test on the two runs' bootstrap CIs, which ignores the pairing. */
    private static Raw unpaired(String metric, RunResults base, RunResults cand) {
        Summary.MetricValue vb = metricValue(metric, base);
        Summary.MetricValue vc = metricValue(metric, cand);
        double se = Math.hypot(standardError(vb), standardError(vc));
        double diff = vc.value() - vb.value();
        double p = se == 0 ? (diff == 0 ? 1 : 0) : 2 * (1 - new NormalDistribution().cumulativeProbability(Math.abs(diff) / se));
        int n = Math.min(base.summary().counts().itemsScored(), cand.summary().counts().itemsScored());
        return new Raw(metric, n, vb.value(), vc.value(), new Interval(diff, diff - Z975 * se, diff + Z975 * se), p,
                "unpaired z-test from the runs' 95% CIs");
    }

    private static Summary.MetricValue metricValue(String metric, RunResults run) {
        if (run.summary() == null) {
            throw new ConfigException(run.source() + " has no " + RunDirectory.SUMMARY
                    + ", needed for metric " + metric + ": re-run or re-score it (gapbench score)");
        }
        Summary.MetricValue v = run.summary().metrics().get(metric);
        if (v == null || v.value() == null) {
            throw new ConfigException(run.source() + " has no value for metric " + metric + " (it has: "
                    + String.join(", ", run.summary().metrics().keySet()) + ")");
        }
        return v;
    }

    private static double standardError(Summary.MetricValue v) {
        return v.ci95() == null ? 0 : (v.ci95().get(1) - v.ci95().get(0)) / (2 * Z975);
    }

    private GateReport decide(List<Pending> pending) {
        List<Raw> all = pending.stream().flatMap(p -> p.metrics().stream()).toList();
        double[] adjusted = PairedComparison.holm(all.stream().mapToDouble(Raw::pValue).toArray());
        int k = 0;
        List<GateReport.Comparison> out = new ArrayList<>();
        for (Pending p : pending) {
            List<GateReport.MetricCheck> checks = new ArrayList<>();
            boolean regressed = false;
            for (Raw r : p.metrics()) {
                double padj = adjusted[k++];
                double drop = -r.change().value();
                boolean regression = drop > settings.maxDrop() && padj < settings.alpha();
                regressed |= regression;
                checks.add(new GateReport.MetricCheck(r.metric(), r.n(), r.baseline(), r.candidate(), r.change(), padj, r.test(),
                        regression, verdict(r, drop, padj, regression)));
            }
            GateReport.Status status = p.blocked() != null ? p.blocked() : regressed ? GateReport.Status.REGRESSION : GateReport.Status.PASS;
            out.add(new GateReport.Comparison(p.suite(), p.baseline(), p.candidate(), status, p.problem(), checks));
        }
        return new GateReport(settings, out);
    }

    private String verdict(Raw r, double drop, double p, boolean regression) {
        String numbers = String.format("%s %.4f -> %.4f (change %+.4f, 95%% CI [%+.4f, %+.4f]) on %d items; %s; p = %.3g (Holm)",
                r.metric(), r.baseline(), r.candidate(), r.change().value(), r.change().low(), r.change().high(), r.n(), r.test(), p);
        if (regression) {
            return String.format("REGRESSION: drop %.4f > --max-drop %.4f and p < --alpha %.3g. %s", drop, settings.maxDrop(), settings.alpha(), numbers);
        }
        if (drop <= 0) {
            return "pass: no drop. " + numbers;
        }
        if (drop <= settings.maxDrop()) {
            return String.format("pass: drop %.4f within --max-drop %.4f. %s", drop, settings.maxDrop(), numbers);
        }
        return String.format("pass: drop %.4f not significant (p >= --alpha %.3g), consistent with noise. %s", drop, settings.alpha(), numbers);
    }
}
