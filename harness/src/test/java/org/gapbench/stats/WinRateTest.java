package org.gapbench.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.gapbench.stats.PairwiseWinRate.Pair;
import org.gapbench.stats.PairwiseWinRate.Verdict;
import org.junit.jupiter.api.Test;

/** AlpacaEval's weighted win rate and the pairwise win rates in both orders, against hand-computed values. */
class WinRateTest {
    private static final Bootstrap BOOTSTRAP = Bootstrap.standard();

    @Test
    void weightedWinRateIsTheMeanProbabilityWithAlpacaEvalsCountsAndStandardError() {
        // AlpacaEval preferences 2, 1, 1.5, 1.8 -> probabilities 1, 0, 0.5, 0.8; one item the judge failed
        double[] p = {PreferenceWinRate.fromAlpacaEval(2), PreferenceWinRate.fromAlpacaEval(1), 0.5, 0.8, Double.NaN};
        PreferenceWinRate.Result r = PreferenceWinRate.of(p, BOOTSTRAP);
        assertEquals(4, r.items());
        assertEquals(1, r.missing());
        assertEquals(2.3 / 4, r.winRate().value(), 1e-12);
        // sample sd: deviations .425 -.575 -.075 .225 -> squares .180625 + .330625 + .005625 + .050625 = .5675
        assertEquals(Math.sqrt(0.5675 / 3) / 2, r.standardError(), 1e-12);
        assertEquals(2, r.wins());
        assertEquals(1, r.losses());
        assertEquals(1, r.draws());
        assertEquals(2.5 / 4, r.discreteWinRate().value(), 1e-12);
        assertTrue(r.winRate().low() < r.winRate().value() && r.winRate().value() < r.winRate().high());
        assertEquals(r, PreferenceWinRate.of(p, BOOTSTRAP), "seeded: the same interval every time");
        assertThrows(IllegalArgumentException.class, () -> PreferenceWinRate.of(new double[] {1.5}, BOOTSTRAP));
    }

    /** A judge certain on every item is no certainty about the win rate: the interval falls back to Wilson's. */
    @Test
    void aUnanimousJudgeStillGetsAnInterval() {
        double[] p = new double[20];
        Arrays.fill(p, 1);
        PreferenceWinRate.Result r = PreferenceWinRate.of(p, BOOTSTRAP);
        assertEquals(1, r.winRate().value());
        assertEquals(1 - 0.161, r.winRate().low(), 0.001);
    }

    @Test
    void bootstrapIntervalOfTheWeightedWinRateCoversAtTheNominalRate() {
        Random rng = new Random(9);
        Bootstrap bootstrap = new Bootstrap(400, 3);
        int covered = 0;
        int replications = 300;
        for (int r = 0; r < replications; r++) {
            double[] p = new double[80];
            for (int i = 0; i < p.length; i++) {
                p[i] = rng.nextDouble() < 0.3 ? rng.nextDouble() * 0.2 + 0.8 : rng.nextDouble() * 0.3; // mean 0.375
            }
            PreferenceWinRate.Result w = PreferenceWinRate.of(p, bootstrap);
            covered += w.winRate().low() <= 0.375 && 0.375 <= w.winRate().high() ? 1 : 0;
        }
        System.out.println("WinRateTest: weighted win rate coverage " + (double) covered / replications);
        assertTrue(covered >= 0.91 * replications && covered <= 0.985 * replications, covered + "/" + replications);
    }

    @Test
    void bothOrdersMustAgreeForAWinAndADisagreementIsATie() {
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pairs.add(new Pair("w" + i, Verdict.WIN, Verdict.WIN));
        }
        pairs.add(new Pair("l", Verdict.LOSS, Verdict.LOSS));
        pairs.add(new Pair("first", Verdict.WIN, Verdict.LOSS)); // the answer shown first won both times
        pairs.add(new Pair("second", Verdict.LOSS, Verdict.WIN));
        pairs.add(new Pair("half", Verdict.WIN, Verdict.TIE));
        pairs.add(new Pair("tie", Verdict.TIE, Verdict.TIE));
        pairs.add(new Pair("error", Verdict.WIN, null));
        PairwiseWinRate.Result r = PairwiseWinRate.of(pairs, BOOTSTRAP);
        assertEquals(10, r.pairs());
        assertEquals(1, r.excluded());
        assertEquals(5, r.wins());
        assertEquals(4, r.ties());
        assertEquals(1, r.losses());
        assertEquals(0.5, r.winRate().value(), 1e-12);
        assertEquals(0.1, r.lossRate().value(), 1e-12);
        assertEquals(0.7, r.adjustedWinRate().value(), 1e-12);
        assertEquals(3, r.inconsistent());
        assertEquals(0.3, r.positionBias().value(), 1e-12);
        assertEquals(1, r.favouredFirst());
        assertEquals(1, r.favouredSecond());
        // 5/10 with independent pairs: Wilson [0.2366, 0.7634]
        assertEquals(0.2366, r.winRate().low(), 0.0005);
        assertEquals(0.7634, r.winRate().high(), 0.0005);
    }
}
