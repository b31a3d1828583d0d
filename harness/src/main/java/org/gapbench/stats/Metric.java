package org.gapbench.stats;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A statistic over a list of units (items, usually). Most metrics are means of a per-unit value ({@link ItemMean});
 * the rest ({@link Corpus}) need the whole list at once, like macro-F1. Both get a bootstrap CI. The unit type is the
 * caller's: this package knows nothing of scores.
 */
public sealed interface Metric<T> permits Metric.ItemMean, Metric.Corpus {
    String name();

    /**
     * Whether the metric is a proportion in [0, 1] (accuracy, a win rate), shown as a percentage; false for one on a
     * scale of its own (a judge's mean rating, 1–10), shown as it is.
     */
    default boolean proportion() {
        return true;
    }

    /** A metric that is the mean over units of {@link #valueOf}. */
    non-sealed interface ItemMean<T> extends Metric<T> {
        double valueOf(T item);
    }

    /** A metric computed from the whole list of units (resampled as a whole by the bootstrap). */
    non-sealed interface Corpus<T> extends Metric<T> {
        double compute(List<T> items);
    }

    static <T> ItemMean<T> itemMean(String name, ToDoubleFunction<T> f) {
        return new ItemMean<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public double valueOf(T item) {
                return f.applyAsDouble(item);
            }
        };
    }

    /** A mean over units of a value on a scale of its own (not a proportion): a judge's rating. */
    static <T> ItemMean<T> scaledMean(String name, ToDoubleFunction<T> f) {
        return new ItemMean<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public double valueOf(T item) {
                return f.applyAsDouble(item);
            }

            @Override
            public boolean proportion() {
                return false;
            }
        };
    }

    static <T> Corpus<T> corpus(String name, ToDoubleFunction<List<T>> f) {
        return new Corpus<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public double compute(List<T> items) {
                return f.applyAsDouble(items);
            }
        };
    }
}
