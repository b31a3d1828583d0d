package org.gapbench.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gapbench.stats.Bootstrap;
import org.gapbench.stats.Estimators;
import org.gapbench.stats.Interval;
import org.gapbench.stats.Metric;
import org.gapbench.stats.PairedComparison;
import org.junit.jupiter.api.Test;

/** The core metrics over scores, and the statistics under them (bootstrap, paired tests). */
class MetricsTest {
    static ItemResult item(String id, double... values) {
        List<Score> scores = new ArrayList<>();
        for (double v : values) {
            scores.add(new Score(v, "a", v >= 1 ? "right" : "wrong", "right", "t", Map.of()));
        }
        return new ItemResult(id, null, Map.of(), scores);
    }

    private static double corpus(String name, List<ItemResult> items) {
        return ((Metric.Corpus<ItemResult>) Metrics.resolve(name, 1).get(0)).compute(items);
    }

    @Test
    void passAtKMatchesTheBinomialFormula() {
        for (int n = 1; n <= 20; n++) {
            for (int c = 0; c <= n; c++) {
                for (int k = 1; k <= n; k++) {
                    assertEquals(Estimators.passAtKExact(n, c, k), Estimators.passAtK(n, c, k), 1e-9, n + "," + c + "," + k);
                }
            }
        }
        assertEquals(0.5, Estimators.passAtK(2, 1, 1), 1e-12);
        assertEquals(1.0, Estimators.passAtK(2, 1, 2), 1e-12);
    }

    @Test
    void passAtKExpandsToUsefulKsOnly() {
        List<String> names = Metrics.resolve("pass@k", 20).stream().map(Metric::name).toList();
        assertEquals(List.of("pass@1", "pass@2", "pass@3", "pass@4", "pass@5", "pass@6", "pass@7", "pass@8", "pass@9", "pass@10", "pass@20"), names);
        assertTrue(Metrics.resolve("pass@5", 1).isEmpty(), "pass@5 is not estimable from one sample");
    }

    @Test
    void majorityVoteUsesTheMostFrequentAnswer() {
        Score right = new Score(1, "7", "7", "7", "t", Map.of());
        Score wrong = new Score(0, "8", "8", "7", "t", Map.of());
        assertEquals(0.0, Metrics.majority(List.of(right, wrong, wrong)));
        assertEquals(1.0, Metrics.majority(List.of(wrong, right, right)));
        assertEquals(0.0, Metrics.majority(List.of(Score.noAnswer("7"))));
    }

    @Test
    void balancedAccuracyAndMacroF1() {
        // Always answering "no" on 6 no / 4 yes items: accuracy 0.6, balanced accuracy 0.5.
        List<ItemResult> items = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String gold = i < 6 ? "no" : "yes";
            items.add(new ItemResult("i" + i, null, Map.of(), List.of(new Score(gold.equals("no") ? 1 : 0, "no", "no", gold, "t", Map.of()))));
        }
        assertEquals(0.5, corpus("balanced_accuracy", items), 1e-12);
        // F1(no) = 2*6/(12+4) = 0.75, F1(yes) = 0.
        assertEquals(0.375, corpus("macro_f1", items), 1e-12);
    }

    @Test
    void bootstrapIsSeededAndBracketsTheMean() {
        List<ItemResult> items = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            items.add(item("i" + i, i % 4 == 0 ? 0 : 1));
        }
        Metric<ItemResult> acc = Metrics.resolve("accuracy", 1).get(0);
        Interval a = Bootstrap.standard().interval(acc, items, ItemResult::clusterKey);
        Interval b = Bootstrap.standard().interval(acc, items, ItemResult::clusterKey);
        assertEquals(a, b, "the same data gives the same interval");
        assertEquals(0.75, a.value(), 1e-12);
        assertTrue(a.low() < 0.75 && a.high() > 0.75);
        // The normal-approximation half-width is 1.96 * sqrt(.75 * .25 / 200) = 0.060.
        assertEquals(0.060, a.halfWidth(), 0.012);
    }

    @Test
    void clusteredItemsWidenTheInterval() {
        List<ItemResult> independent = new ArrayList<>();
        List<ItemResult> clustered = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            double v = (i / 10) % 2 == 0 ? 1 : 0; // blocks of ten identical outcomes
            independent.add(item("i" + i, v));
            clustered.add(new ItemResult("i" + i, "passage" + (i / 10), Map.of(), item("i" + i, v).scores()));
        }
        Metric<ItemResult> acc = Metrics.resolve("accuracy", 1).get(0);
        double w1 = Bootstrap.standard().interval(acc, independent, ItemResult::clusterKey).halfWidth();
        double w2 = Bootstrap.standard().interval(acc, clustered, ItemResult::clusterKey).halfWidth();
        assertTrue(w2 > 2 * w1, "clusters of correlated items must widen the CI: " + w1 + " vs " + w2);
    }

    @Test
    void mcNemarOnDiscordantPairsAndHolm() {
        double[] a = new double[100];
        double[] b = new double[100];
        for (int i = 0; i < 100; i++) {
            a[i] = i < 70 ? 1 : 0;
            b[i] = i < 55 ? 1 : 0;
        }
        PairedComparison.Result r = PairedComparison.compare(a, b, Bootstrap.standard());
        assertEquals("McNemar exact", r.test());
        assertEquals(15, r.onlyA());
        assertEquals(0, r.onlyB());
        assertEquals(-0.15, r.difference(), 1e-12);
        assertEquals(2 * Math.pow(0.5, 15), r.pValue(), 1e-12); // exact two-sided binomial, 15 of 15 discordant
        assertTrue(r.differenceCi().high() < 0);
        double[] adj = PairedComparison.holm(new double[] {0.01, 0.04, 0.03});
        assertEquals(0.03, adj[0], 1e-12);
        assertEquals(0.06, adj[1], 1e-12);
        assertEquals(0.06, adj[2], 1e-12);
    }

    @Test
    void noiseIsNotSignificant() {
        double[] a = new double[200];
        double[] b = new double[200];
        java.util.Random rnd = new java.util.Random(1);
        for (int i = 0; i < 200; i++) {
            a[i] = rnd.nextDouble();
            b[i] = rnd.nextDouble();
        }
        PairedComparison.Result r = PairedComparison.compare(a, b, Bootstrap.standard());
        assertEquals("sign-flip permutation", r.test());
        assertTrue(r.pValue() > 0.05, "independent noise: p = " + r.pValue());
    }
}
