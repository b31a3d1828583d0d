package org.gapbench.stats;

import java.util.List;

/**
 * The Wilson score interval for a proportion (Wilson 1927; recommended by Brown, Cai and DasGupta 2001 for its
 * coverage at small n and near 0 and 1). Clustered or graded units enter through an effective sample size
 * {@code n_eff = p(1 - p) / Var(p)}, with the variance of the mean estimated from cluster totals (the design effect of
 * Kish, as Korn and Graubard 1998 use it for survey proportions): independent 0/1 items give {@code n_eff = n}, the
 * classic interval. {@code n_eff} is kept between the number of clusters and the number of units, so clustering only
 * ever widens the interval; at p = 0 or 1, where no variance can be estimated, it is the number of clusters.
 */
public final class Wilson {
    /** The two-sided 95% normal quantile. */
    static final double Z = 1.959963984540054;

    private Wilson() {
    }

    /** Whether {@code values} are a proportion's units: every one in [0, 1]. */
    static boolean isProportion(double[] values) {
        for (double v : values) {
            if (!(v >= 0 && v <= 1)) {
                return false;
            }
        }
        return values.length > 0;
    }

    /** The 95% Wilson interval of a proportion {@code p} observed on {@code n} independent units. */
    public static Interval interval(double p, double n) {
        if (!(n > 0) || !Double.isFinite(p)) {
            return new Interval(p, Double.NaN, Double.NaN);
        }
        double z2 = Z * Z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = Z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // p itself always lies inside; clamping only removes rounding outside [0, 1].
        return new Interval(p, Math.max(0, Math.min(p, centre - half)), Math.min(1, Math.max(p, centre + half)));
    }

    /** The mean of {@code values} with its Wilson interval, units grouped into {@code clusters} (indices into values). */
    static Interval clustered(double[] values, List<int[]> clusters) {
        int n = values.length;
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double p = sum / n;
        double spread = 0;
        for (int[] c : clusters) {
            double residual = 0;
            for (int i : c) {
                residual += values[i] - p;
            }
            spread += residual * residual;
        }
        double variance = spread / ((double) n * n); // of the mean, from cluster totals
        double effective = p * (1 - p) == 0 || variance == 0 ? clusters.size() : p * (1 - p) / variance;
        return interval(p, Math.max(clusters.size(), Math.min(n, effective)));
    }
}
