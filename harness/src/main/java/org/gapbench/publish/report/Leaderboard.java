package org.gapbench.publish.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.gapbench.results.Summary;
import org.gapbench.stats.Bootstrap;
import org.gapbench.stats.PairedComparison;

/**
 * One suite's leaderboard with honest ranks: every pair of runs is compared on the items both scored (McNemar for
 * binary scores, sign-flip permutation otherwise), the p-values are Holm-corrected across the whole leaderboard, and a
 * run's rank is 1 + the number of runs significantly better than it. Runs that cannot be told apart share a rank.
 */
record Leaderboard(String suite, String metric, List<Entry> entries, List<Comparison> comparisons) {

    static final double ALPHA = 0.05;

    record Entry(RunResult run, double value, Double ciLow, Double ciHigh, int rank, int items) {
        boolean tied(List<Entry> all) {
            return all.stream().filter(e -> e.rank == rank).count() > 1;
        }
    }

    /** {@code better} beats {@code worse} when the Holm-adjusted p-value is below {@link #ALPHA}. */
    record Comparison(String a, String b, int sharedItems, double difference, double diffLow, double diffHigh, double pValue,
                      double pAdjusted, String test) {
        boolean significant() {
            return pAdjusted < ALPHA;
        }
    }

    static Leaderboard of(String suite, List<RunResult> runs, Bootstrap bootstrap) {
        List<RunResult> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(Leaderboard::value).reversed().thenComparing(RunResult::name));
        List<PairedComparison.Result> raw = new ArrayList<>();
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            for (int j = i + 1; j < sorted.size(); j++) {
                raw.add(compare(sorted.get(i), sorted.get(j), bootstrap));
                pairs.add(new int[] {i, j});
            }
        }
        double[] adjusted = PairedComparison.holm(raw.stream().mapToDouble(PairedComparison.Result::pValue).toArray());
        List<Comparison> comparisons = new ArrayList<>();
        int[] betterThan = new int[sorted.size()];
        for (int k = 0; k < raw.size(); k++) {
            PairedComparison.Result r = raw.get(k);
            int i = pairs.get(k)[0];
            int j = pairs.get(k)[1];
            Comparison c = new Comparison(sorted.get(i).name(), sorted.get(j).name(), r.n(), -r.difference(),
                    -r.differenceCi().high(), -r.differenceCi().low(), r.pValue(), adjusted[k], r.test());
            comparisons.add(c);
            if (r.n() > 0 && c.significant()) {
                if (c.difference() > 0) {
                    betterThan[j]++;
                } else if (c.difference() < 0) {
                    betterThan[i]++;
                }
            }
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            RunResult r = sorted.get(i);
            Summary.MetricValue v = r.metricValue();
            boolean ci = v != null && v.ci95() != null;
            entries.add(new Entry(r, value(r), ci ? v.ci95().get(0) : null, ci ? v.ci95().get(1) : null, 1 + betterThan[i],
                    r.itemValues().size()));
        }
        // Equal scores can differ in rank (their paired tests against others differ): list the better rank first.
        entries.sort(Comparator.comparingDouble(Entry::value).reversed().thenComparingInt(Entry::rank)
                .thenComparing(e -> e.run().name()));
        String metric = sorted.isEmpty() ? "" : sorted.get(0).metric();
        return new Leaderboard(suite, metric, entries, comparisons);
    }

    /** a is the higher-placed run; the comparison's difference is a - b. */
    private static PairedComparison.Result compare(RunResult a, RunResult b, Bootstrap bootstrap) {
        List<String> shared = a.itemValues().keySet().stream().filter(b.itemValues()::containsKey).sorted().toList();
        double[] x = shared.stream().mapToDouble(a.itemValues()::get).toArray();
        double[] y = shared.stream().mapToDouble(b.itemValues()::get).toArray();
        return PairedComparison.compare(x, y, bootstrap);
    }

    private static double value(RunResult r) {
        Summary.MetricValue v = r.metricValue();
        return v == null || v.value() == null ? Double.NEGATIVE_INFINITY : v.value();
    }
}
