package org.gapbench.score;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.gapbench.stats.Metric;

/**
 * The scorer SPI: one family of scorers ({@code math}, {@code python-tests}, {@code choice}, ...) names itself, reads
 * its typed options from a suite's {@code scorer:} block, creates its scorer, and declares the metrics it adds to
 * the {@link Metrics core ones}. Options are read when a suite is bound (at {@code validate} and before a run makes
 * any request), so a bad option never surfaces mid-run.
 *
 * @param <O> the family's options, as a record
 */
public interface ScorerFamily<O> {
    String name();

    /** Reads and checks the options; an option this method does not read is reported as unknown afterwards. */
    O options(ScorerOptions options);

    /** The scorer; called once per run (or re-scoring), with what the command line provides. */
    Scorer create(O options, ScoringContext context);

    /** Metrics only this family's scores can feed (keigo flags, judge ratings, ...), by name. */
    default Map<String, Metric<ItemResult>> metrics() {
        return Map.of();
    }

    /**
     * The models the scorer will ask (judges, a reference answerer), as model specs: resolved and named in the run's
     * identity before any request, a recording by its sha256.
     */
    default List<ScorerModel> models(O options) {
        return List.of();
    }

    /** The datasets (manifest ids) the scorer reads through {@link ScoringContext#data()}: read and checked before any request. */
    default List<String> datasets(O options) {
        return List.of();
    }

    /** Whether the family takes {@code judges} that {@code --judge} may replace. */
    default boolean takesJudges() {
        return false;
    }

    /** Whether a run needs at least one judge (a judged suite) or may go without (judges add a metric of their own). */
    default boolean requiresJudges() {
        return takesJudges();
    }

    static <O> ScorerFamily<O> of(String name, Function<ScorerOptions, O> options, BiFunction<O, ScoringContext, Scorer> create) {
        return of(name, options, create, Map.of());
    }

    static <O> ScorerFamily<O> of(String name, Function<ScorerOptions, O> options, BiFunction<O, ScoringContext, Scorer> create,
                                  Map<String, Metric<ItemResult>> metrics) {
        return new ScorerFamily<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public O options(ScorerOptions o) {
                return options.apply(o);
            }

            @Override
            public Scorer create(O o, ScoringContext context) {
                return create.apply(o, context);
            }

            @Override
            public Map<String, Metric<ItemResult>> metrics() {
                return metrics;
            }
        };
    }
}
