package org.gapbench.stats;

/**
 * Intervals for a proportion from its counts alone, for callers that keep no list of items (a million graded answers
 * streamed in flat memory).
 */
public final class Proportions {
    /** The 97.5% quantile of the standard normal distribution. */
    private static final double Z = 1.959963984540054;

    private Proportions() {
    }

    /**
     * {@code successes / n} with its 95% Wilson score interval, which keeps its coverage at small n and at the edges
     * (0 of 20 is [0, 0.161], where a percentile bootstrap would claim [0, 0]). NaN for n = 0.
     */
    public static Interval wilson(long successes, long n) {
        if (n <= 0) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN);
        }
        if (successes < 0 || successes > n) {
            throw new IllegalArgumentException("successes must be within [0, n], got " + successes + " of " + n);
        }
        double p = (double) successes / n;
        double z2 = Z * Z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return new Interval(p, Math.max(0, centre - half), Math.min(1, centre + half));
    }
}
