package org.gapbench.stats;

import java.util.List;

/**
 * A statistic over a suite's item results. Most metrics are means of a per-item value ({@link ItemMean});
 * the rest ({@link Corpus}) need the whole set at once, like macro-F1. Both get a bootstrap CI over items.
 */
public sealed interface Metric permits Metric.ItemMean, Metric.Corpus {
    String name();

    /** A metric that is the mean over items of {@link #valueOf}. */
    non-sealed interface ItemMean extends Metric {
        double valueOf(ItemResult item);
    }

    /** A metric computed from the whole list of items (resampled as a whole by the bootstrap). */
    non-sealed interface Corpus extends Metric {
        double compute(List<ItemResult> items);
    }

    static ItemMean itemMean(String name, java.util.function.ToDoubleFunction<ItemResult> f) {
        return new ItemMean() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public double valueOf(ItemResult item) {
                return f.applyAsDouble(item);
            }
        };
    }

    static Corpus corpus(String name, java.util.function.ToDoubleFunction<List<ItemResult>> f) {
        return new Corpus() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public double compute(List<ItemResult> items) {
                return f.applyAsDouble(items);
            }
        };
    }
}
