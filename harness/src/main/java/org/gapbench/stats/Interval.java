package org.gapbench.stats;

/** A point estimate with its 95% confidence interval. */
public record Interval(double value, double low, double high) {
    public double halfWidth() {
        return (high - low) / 2;
    }
}
