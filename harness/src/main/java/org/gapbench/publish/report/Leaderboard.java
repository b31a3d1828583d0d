package org.gapbench.publish.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.gapbench.results.Summary;
import org.gapbench.stats.Bootstrap;
import org.gapbench.stats.PairedComparison;

/**
 * One suite's leaderboard. Every pair of runs is compared on the items both scored (McNemar for binary scores, sign-flip
 * permutation otherwise), with p-values Holm-corrected across the whole leaderboard. Runs are listed by their metric,
 * best first, and ranked so that what the rank says holds by construction ({@link #ranks}):
 * <b>a run ranked r — like every run listed below it — is significantly worse than at least r − 1 runs.</b>
 * Runs with equal scores share a rank, and ranks never decrease down the list.
 */
record Leaderboard(String suite, String metric, List<Entry> entries, List<Comparison> comparisons, boolean percent) {

    /**
     * The metric's value as every format of the report shows it: a proportion as a percentage with one decimal, a value
     * on a scale of its own (a judge's mean rating) as it is, with two.
     */
    String format(double v) {
        if (!Double.isFinite(v)) {
            return "-";
        }
        return percent ? ReportModel.pct(v) : String.format(java.util.Locale.ROOT, "%.2f", v);
    }

    /** How the metric is shown: "%", or its own scale. */
    String unit() {
        return percent ? "%" : "the judges' scale";
    }


    static final double ALPHA = 0.05;

    /**
     * @param betterRuns runs significantly better than this one (its own count; the rank may be lower, never higher)
     */
    record Entry(RunResult run, double value, Double ciLow, Double ciHigh, int rank, int betterRuns, int items) {
        boolean tied(List<Entry> all) {
            return all.stream().filter(e -> e.rank == rank).count() > 1;
        }
    }

    /** {@code a} is listed above {@code b}; {@code a} beats {@code b} when the Holm-adjusted p-value is below {@link #ALPHA}. */
    record Comparison(String a, String b, int sharedItems, double difference, double diffLow, double diffHigh, double pValue,
                      double pAdjusted, String test) {
        boolean significant() {
            return sharedItems > 0 && pAdjusted < ALPHA;
        }
    }

    static Leaderboard of(String suite, List<RunResult> runs, Bootstrap bootstrap) {
        List<RunResult> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(Leaderboard::value).reversed().thenComparing(RunResult::name));
        double[] values = sorted.stream().mapToDouble(Leaderboard::value).toArray();
        Ranking ranking = rank(values, sorted.stream().map(RunResult::itemValues).toList(), bootstrap);
        List<Comparison> comparisons = new ArrayList<>();
        for (Ranking.Pair p : ranking.pairs()) {
            PairedComparison.Result r = p.result();
            comparisons.add(new Comparison(sorted.get(p.i()).name(), sorted.get(p.j()).name(), r.n(), -r.difference(),
                    -r.differenceCi().high(), -r.differenceCi().low(), r.pValue(), p.pAdjusted(), r.test()));
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            RunResult r = sorted.get(i);
            Summary.MetricValue v = r.metricValue();
            boolean ci = v != null && v.ci95() != null;
            entries.add(new Entry(r, values[i], ci ? v.ci95().get(0) : null, ci ? v.ci95().get(1) : null, ranking.ranks()[i],
                    ranking.betterRuns()[i], r.itemValues().size()));
        }
        String metric = sorted.isEmpty() ? "" : sorted.get(0).metric();
        boolean percent = sorted.isEmpty() || org.gapbench.score.registry.ScoringPlan.isProportion(metric, sorted.get(0).identity().samples());
        return new Leaderboard(suite, metric, List.copyOf(entries), List.copyOf(comparisons), percent);
    }

    /** The paired tests of every pair (i above j), their Holm-adjusted p-values, and the ranks they give. */
    record Ranking(int[] ranks, int[] betterRuns, List<Pair> pairs) {
        record Pair(int i, int j, PairedComparison.Result result, double pAdjusted) {
        }
    }

    /**
     * Ranks runs listed best first ({@code values} non-increasing), each with its per-item values for the paired tests.
     * {@code better[k]} counts the runs significantly better than run k (Holm-adjusted p below alpha, higher mean on
     * the shared items). Then {@code rank[i] = 1 + min(better[k])} over every run k scoring at most {@code values[i]}:
     * the minimum over the run itself, its equals and everything below it. So equal scores share a rank, ranks never
     * decrease down the list, and a run ranked r and every run below it each have at least r − 1 runs significantly
     * better. The plain count {@code 1 + better[i]} has none of these: paired tests on different item sets are not
     * transitive, and two runs with the same score can differ in what they are significantly worse than.
     */
    static Ranking rank(double[] values, List<Map<String, Double>> itemValues, Bootstrap bootstrap) {
        int n = values.length;
        for (int i = 1; i < n; i++) {
            if (values[i] > values[i - 1]) {
                throw new IllegalArgumentException("runs must be listed best first");
            }
        }
        List<PairedComparison.Result> raw = new ArrayList<>();
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                raw.add(compare(itemValues.get(i), itemValues.get(j), bootstrap));
                pairs.add(new int[] {i, j});
            }
        }
        double[] adjusted = PairedComparison.holm(raw.stream().mapToDouble(PairedComparison.Result::pValue).toArray());
        int[] better = new int[n];
        List<Ranking.Pair> out = new ArrayList<>();
        for (int k = 0; k < raw.size(); k++) {
            PairedComparison.Result r = raw.get(k);
            int i = pairs.get(k)[0];
            int j = pairs.get(k)[1];
            out.add(new Ranking.Pair(i, j, r, adjusted[k]));
            if (r.n() > 0 && adjusted[k] < ALPHA) {
                if (r.difference() < 0) { // b - a: the run listed above did better on the shared items
                    better[j]++;
                } else if (r.difference() > 0) {
                    better[i]++;
                }
            }
        }
        int[] ranks = new int[n];
        int floor = Integer.MAX_VALUE;
        for (int end = n - 1; end >= 0; ) {
            int start = end;
            while (start > 0 && values[start - 1] == values[end]) {
                start--;
            }
            for (int k = start; k <= end; k++) {
                floor = Math.min(floor, better[k]);
            }
            for (int k = start; k <= end; k++) {
                ranks[k] = 1 + floor;
            }
            end = start - 1;
        }
        return new Ranking(ranks, better, List.copyOf(out));
    }

    /** a is the higher-placed run; the result's difference is b - a. */
    private static PairedComparison.Result compare(Map<String, Double> a, Map<String, Double> b, Bootstrap bootstrap) {
        List<String> shared = a.keySet().stream().filter(b::containsKey).sorted().toList();
        double[] x = shared.stream().mapToDouble(a::get).toArray();
        double[] y = shared.stream().mapToDouble(b::get).toArray();
        return PairedComparison.compare(x, y, bootstrap);
    }

    private static double value(RunResult r) {
        Summary.MetricValue v = r.metricValue();
        return v == null || v.value() == null ? Double.NEGATIVE_INFINITY : v.value();
    }
}
