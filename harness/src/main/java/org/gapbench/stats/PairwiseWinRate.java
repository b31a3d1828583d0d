package org.gapbench.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A model against a baseline, judged in both orders (MT-Bench's and Japanese Vicuna QA's pairwise rule, FastChat's
 * {@code show_result.py}): the pair's outcome is the verdict both orders agree on, and a tie when they disagree. The win
 * rate is wins / n, the adjusted win rate (wins + ties / 2) / n. The position-bias rate is the share of pairs whose
 * verdict changes when the two answers swap places. A pair with an order the judge could not give (an error) is left
 * out of every rate and counted; it is never a tie.
 */
public final class PairwiseWinRate {
    private PairwiseWinRate() {
    }

    /** A verdict from the model's side (the model beat the baseline, tied, or lost), whatever the order shown. */
    public enum Verdict {
        WIN, TIE, LOSS
    }

    /**
     * One item judged twice; each verdict is from the model's side, so a judge that always prefers the answer shown
     * first gives {@code WIN} with the model first and {@code LOSS} with the baseline first. A null verdict is a judge
     * error.
     */
    public record Pair(String cluster, Verdict modelFirst, Verdict baselineFirst) {
        public boolean complete() {
            return modelFirst != null && baselineFirst != null;
        }

        /** The upstream rule: the verdict both orders give, a tie when they differ. */
        public Verdict outcome() {
            return modelFirst == baselineFirst ? modelFirst : Verdict.TIE;
        }

        public boolean consistent() {
            return modelFirst == baselineFirst;
        }
    }

    /**
     * @param pairs          pairs with both verdicts (the n of every rate)
     * @param excluded       pairs with an order missing (a judge error), left out
     * @param positionBias   share of the pairs whose two verdicts differ (any change: a win that becomes a tie too)
     * @param favouredFirst  pairs where the answer shown first won in both orders
     * @param favouredSecond pairs where the answer shown second won in both orders
     */
    public record Result(int pairs, int excluded, int wins, int ties, int losses, Interval winRate, Interval lossRate,
                         Interval adjustedWinRate, int inconsistent, Interval positionBias, int favouredFirst,
                         int favouredSecond) {
    }

    public static Result of(List<Pair> all, Bootstrap bootstrap) {
        List<Pair> pairs = new ArrayList<>(all.size());
        for (Pair p : all) {
            if (p.complete()) {
                pairs.add(p);
            }
        }
        int wins = 0;
        int ties = 0;
        int losses = 0;
        int inconsistent = 0;
        int first = 0;
        int second = 0;
        for (Pair p : pairs) {
            switch (p.outcome()) {
                case WIN -> wins++;
                case TIE -> ties++;
                case LOSS -> losses++;
            }
            if (!p.consistent()) {
                inconsistent++;
            }
            if (p.modelFirst() == Verdict.WIN && p.baselineFirst() == Verdict.LOSS) {
                first++;
            } else if (p.modelFirst() == Verdict.LOSS && p.baselineFirst() == Verdict.WIN) {
                second++;
            }
        }
        // Every rate is a (graded) proportion over the same pairs: Wilson's interval, widened for clusters.
        return new Result(pairs.size(), all.size() - pairs.size(), wins, ties, losses,
                rate(bootstrap, "win_rate", pairs, p -> p.outcome() == Verdict.WIN ? 1 : 0),
                rate(bootstrap, "loss_rate", pairs, p -> p.outcome() == Verdict.LOSS ? 1 : 0),
                rate(bootstrap, "adjusted_win_rate", pairs, p -> switch (p.outcome()) {
                    case WIN -> 1;
                    case TIE -> 0.5;
                    case LOSS -> 0;
                }),
                inconsistent,
                rate(bootstrap, "position_bias_rate", pairs, p -> p.consistent() ? 0 : 1),
                first, second);
    }

    private static Interval rate(Bootstrap bootstrap, String name, List<Pair> pairs,
                                 ToDoubleFunction<Pair> value) {
        return bootstrap.interval(Metric.itemMean(name, value), pairs, Pair::cluster);
    }
}
