package org.gapbench.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.BinomialTest;

/**
 * Compares two models on the same items. Binary scores use McNemar's exact test (a binomial test on the
 * discordant pairs); graded scores use a seeded sign-flip permutation test on the per-item differences. The
 * difference always comes with a paired-bootstrap 95% interval. {@link #holm} corrects a family of p-values.
 */
public final class PairedComparison {
    private static final int PERMUTATIONS = 10_000;

    private PairedComparison() {
    }

    /**
     * @param n          items compared
     * @param difference mean(b) - mean(a): positive when b is better
     * @param onlyA      binary scores: items a got right and b got wrong (McNemar's discordant pairs)
     * @param onlyB      binary scores: items b got right and a got wrong
     */
    public record Result(int n, double meanA, double meanB, double difference, Interval differenceCi, double pValue,
                         String test, int onlyA, int onlyB) {
    }

    /** {@code a[i]} and {@code b[i]} are the two models' values on the same item i. */
    public static Result compare(double[] a, double[] b, Bootstrap bootstrap) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired samples must have the same length");
        }
        int n = a.length;
        if (n == 0) {
            return new Result(0, Double.NaN, Double.NaN, Double.NaN, new Interval(Double.NaN, Double.NaN, Double.NaN), 1, "none", 0, 0);
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = b[i] - a[i];
        }
        double meanA = Arrays.stream(a).average().orElse(0);
        double meanB = Arrays.stream(b).average().orElse(0);
        double diff = meanB - meanA;
        Interval ci = bootstrapMean(d, diff, bootstrap);
        if (binary(a) && binary(b)) {
            int onlyA = 0;
            int onlyB = 0;
            for (int i = 0; i < n; i++) {
                if (a[i] == 1 && b[i] == 0) {
                    onlyA++;
                } else if (a[i] == 0 && b[i] == 1) {
                    onlyB++;
                }
            }
            int discordant = onlyA + onlyB;
            double p = discordant == 0 ? 1.0
                    : BinomialTest.withDefaults().with(AlternativeHypothesis.TWO_SIDED).test(discordant, onlyB, 0.5).getPValue();
            return new Result(n, meanA, meanB, diff, ci, p, "McNemar exact", onlyA, onlyB);
        }
        return new Result(n, meanA, meanB, diff, ci, signFlipPValue(d, bootstrap.seed()), "sign-flip permutation", 0, 0);
    }

    private static boolean binary(double[] x) {
        for (double v : x) {
            if (v != 0 && v != 1) {
                return false;
            }
        }
        return true;
    }

    private static Interval bootstrapMean(double[] d, double point, Bootstrap bootstrap) {
        RandomGenerator rng = new Well19937c(bootstrap.seed());
        double[] stats = new double[bootstrap.resamples()];
        for (int r = 0; r < stats.length; r++) {
            double sum = 0;
            for (int i = 0; i < d.length; i++) {
                sum += d[rng.nextInt(d.length)];
            }
            stats[r] = sum / d.length;
        }
        Percentile p = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        p.setData(stats);
        return new Interval(point, p.evaluate(2.5), p.evaluate(97.5));
    }

    /** Two-sided p-value of the mean difference under random sign flips, with the +1 correction (never 0). */
    static double signFlipPValue(double[] d, long seed) {
        double observed = Math.abs(Arrays.stream(d).sum());
        RandomGenerator rng = new Well19937c(seed);
        int extreme = 0;
        for (int r = 0; r < PERMUTATIONS; r++) {
            double s = 0;
            for (double v : d) {
                s += rng.nextBoolean() ? v : -v;
            }
            if (Math.abs(s) >= observed - 1e-12) {
                extreme++;
            }
        }
        return (extreme + 1.0) / (PERMUTATIONS + 1.0);
    }

    /** Holm-Bonferroni adjusted p-values, in the order given. */
    public static double[] holm(double[] p) {
        int m = p.length;
        Integer[] order = IntStream.range(0, m).boxed().sorted(Comparator.comparingDouble(i -> p[i])).toArray(Integer[]::new);
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int i = order[rank];
            running = Math.max(running, Math.min(1, (m - rank) * p[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }
}
