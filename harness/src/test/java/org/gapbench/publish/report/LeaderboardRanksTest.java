package org.gapbench.publish.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gapbench.stats.Bootstrap;
import org.junit.jupiter.api.Test;

/**
 * The ranks' stated property, checked on leaderboards built to break it: runs on different item subsets, of different
 * sizes, with equal scores reached on different items, and identical copies. (The demo's runs are checked in
 * {@link DemoReportTest}.)
 */
class LeaderboardRanksTest {
    private static final Bootstrap BOOTSTRAP = new Bootstrap(200, Bootstrap.DEFAULT_SEED);

    /** Checks every promise the page makes about the ranks of {@code values} (best first). */
    static void assertRanksKeepTheirPromise(double[] values, Leaderboard.Ranking r, String what) {
        int[] ranks = r.ranks();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                assertTrue(ranks[i] >= ranks[i - 1], what + ": ranks never go down the list " + Arrays.toString(ranks));
            }
            for (int k = i; k < values.length; k++) {
                if (values[k] == values[i]) {
                    assertEquals(ranks[i], ranks[k], what + ": equal scores share a rank " + Arrays.toString(ranks));
                }
                // a run ranked r, like every run listed below it, has at least r - 1 runs significantly better
                assertTrue(r.betterRuns()[k] >= ranks[i] - 1, what + ": run " + k + " below rank " + ranks[i] + " has only "
                        + r.betterRuns()[k] + " better " + Arrays.toString(r.betterRuns()));
            }
        }
    }

    @Test
    void randomLeaderboardsOnOverlappingItemSets() {
        Random rng = new Random(2025);
        for (int trial = 0; trial < 60; trial++) {
            int runs = 3 + rng.nextInt(6);
            List<Map<String, Double>> items = new ArrayList<>();
            for (int m = 0; m < runs; m++) {
                double p = 0.3 + 0.6 * rng.nextDouble();
                int from = rng.nextInt(150);
                int count = rng.nextBoolean() ? 30 + rng.nextInt(60) : 200 + rng.nextInt(200); // small and large runs overlap
                Map<String, Double> v = new HashMap<>();
                for (int i = from; i < from + count; i++) {
                    v.put("item" + i, rng.nextDouble() < p ? 1.0 : 0.0);
                }
                items.add(v);
                if (rng.nextInt(4) == 0) {
                    items.add(new HashMap<>(v)); // an identical run
                }
            }
            check(items, "trial " + trial);
        }
    }

    /**
     * The case: two runs with the same score, one compared on many items with a strong run (significantly
     * worse), the other on few (not significantly worse). Counting significant betters alone ranked them 2 and 1 in
     * the wrong order; the ranks must be equal.
     */
    @Test
    void equalScoresReachedOnDifferentItemsShareARank() {
        Map<String, Double> strong = new HashMap<>();
        Map<String, Double> wide = new HashMap<>();
        Map<String, Double> narrow = new HashMap<>();
        for (int i = 0; i < 400; i++) {
            strong.put("i" + i, i % 10 == 0 ? 0.0 : 1.0); // 0.90
            wide.put("i" + i, i % 5 < 3 ? 1.0 : 0.0); // 0.60 on all 400 items
        }
        for (int i = 0; i < 20; i++) {
            narrow.put("i" + (400 + i), i % 5 < 3 ? 1.0 : 0.0); // 0.60 on 20 items nobody else has
        }
        List<Map<String, Double>> items = List.of(strong, wide, narrow);
        Leaderboard.Ranking r = check(items, "equal scores");
        assertEquals(1, r.betterRuns()[1], "the wide run is significantly worse than the strong one");
        assertEquals(0, r.betterRuns()[2], "the narrow run shares no items: nothing is significantly better than it");
        assertEquals(r.ranks()[1], r.ranks()[2]);
        assertEquals(1, r.ranks()[0]);
    }

    @Test
    void identicalRunsRankEqualAndAnEmptyOverlapIsNeverADifference() {
        Map<String, Double> a = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            a.put("i" + i, i % 3 == 0 ? 0.0 : 1.0);
        }
        Leaderboard.Ranking r = check(List.of(a, new HashMap<>(a), new HashMap<>(a)), "identical");
        assertEquals(List.of(1, 1, 1), Arrays.stream(r.ranks()).boxed().toList());
        r.pairs().forEach(p -> assertEquals(1.0, p.pAdjusted(), 1e-12));
    }

    private static Leaderboard.Ranking check(List<Map<String, Double>> items, String what) {
        List<Map<String, Double>> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingDouble(LeaderboardRanksTest::mean).reversed());
        double[] values = sorted.stream().mapToDouble(LeaderboardRanksTest::mean).toArray();
        Leaderboard.Ranking r = Leaderboard.rank(values, sorted, BOOTSTRAP);
        assertRanksKeepTheirPromise(values, r, what);
        return r;
    }

    private static double mean(Map<String, Double> v) {
        return v.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
