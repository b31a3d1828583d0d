package org.gapbench.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * 95% confidence intervals over items. A proportion (a mean of unit values that all lie in [0, 1]: accuracy, pass@k,
 * mean@k) gets the {@link Wilson} score interval with a cluster-robust effective sample size, which keeps its
 * coverage at small n and at the edges, where a percentile bootstrap collapses to [0, 0] or [1, 1]. Every other metric
 * gets a percentile bootstrap that resamples whole clusters when items share a passage or problem, falling back to
 * Wilson when its resamples cannot move off 0 or 1. Seeded, so the same results always give the same interval.
 */
public final class Bootstrap {
    public static final int DEFAULT_RESAMPLES = 1000;
    public static final long DEFAULT_SEED = 20250101L;

    private final int resamples;
    private final long seed;

    public Bootstrap(int resamples, long seed) {
        if (resamples < 100) {
            throw new IllegalArgumentException("at least 100 bootstrap resamples are needed for a 95% interval");
        }
        this.resamples = resamples;
        this.seed = seed;
    }

    public static Bootstrap standard() {
        return new Bootstrap(DEFAULT_RESAMPLES, DEFAULT_SEED);
    }

    public int resamples() {
        return resamples;
    }

    public long seed() {
        return seed;
    }

    /**
     * The metric's value on {@code items} and its 95% interval.
     *
     * @param clusterOf the cluster a unit is resampled with (units sharing a passage or a problem); its own id when
     *                  units are independent
     */
    public <T> Interval interval(Metric<T> metric, List<T> items, Function<T, String> clusterOf) {
        if (items.isEmpty()) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN);
        }
        List<int[]> clusters = clusters(items, clusterOf);
        RandomGenerator rng = new Well19937c(seed);
        double[] stats = new double[resamples];
        if (metric instanceof Metric.ItemMean<T> m) {
            double[] values = new double[items.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = m.valueOf(items.get(i));
            }
            double point = Arrays.stream(values).average().orElse(Double.NaN);
            if (Wilson.isProportion(values)) {
                return Wilson.clustered(values, clusters);
            }
            for (int r = 0; r < resamples; r++) {
                double sum = 0;
                int n = 0;
                for (int c = 0; c < clusters.size(); c++) {
                    for (int idx : clusters.get(rng.nextInt(clusters.size()))) {
                        sum += values[idx];
                        n++;
                    }
                }
                stats[r] = sum / n;
            }
            return percentile(point, stats);
        }
        Metric.Corpus<T> m = (Metric.Corpus<T>) metric;
        double point = m.compute(items);
        List<T> sample = new ArrayList<>(items.size());
        for (int r = 0; r < resamples; r++) {
            sample.clear();
            for (int c = 0; c < clusters.size(); c++) {
                for (int idx : clusters.get(rng.nextInt(clusters.size()))) {
                    sample.add(items.get(idx));
                }
            }
            stats[r] = m.compute(sample);
        }
        Interval bootstrapped = percentile(point, stats);
        // A corpus metric stuck at 0 or 1 in every resample (macro-F1 of a run that is all right) is no certainty either.
        if ((point == 0 || point == 1) && bootstrapped.low() == bootstrapped.high()) {
            return Wilson.interval(point, clusters.size());
        }
        return bootstrapped;
    }

    /** How {@link #interval} computes intervals, as {@code summary.json} states it. */
    public static String method(boolean clustered) {
        return "Wilson score interval for proportions (effective n from the " + (clustered ? "cluster" : "item")
                + "-level variance), percentile bootstrap over " + (clustered ? "clusters of items" : "items") + " otherwise";
    }

    /** A 95% percentile interval around {@code point} from the finite resampled statistics. */
    static Interval percentile(double point, double[] stats) {
        double[] finite = Arrays.stream(stats).filter(Double::isFinite).toArray();
        if (finite.length == 0) {
            return new Interval(point, Double.NaN, Double.NaN);
        }
        Percentile p = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        p.setData(finite);
        return new Interval(point, p.evaluate(2.5), p.evaluate(97.5));
    }

    /** Unit indices grouped by cluster id, in first-seen order. */
    static <T> List<int[]> clusters(List<T> items, Function<T, String> clusterOf) {
        Map<String, List<Integer>> byCluster = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String c = clusterOf.apply(items.get(i));
            byCluster.computeIfAbsent(c, k -> new ArrayList<>()).add(i);
        }
        List<int[]> out = new ArrayList<>(byCluster.size());
        for (List<Integer> l : byCluster.values()) {
            out.add(l.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }
}
