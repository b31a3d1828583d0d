package org.gapbench.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProportionsTest {
    @Test
    void wilsonIntervalsMatchTheTextbookValuesAndNeverCollapseAtTheEdges() {
        Interval none = Proportions.wilson(0, 20);
        assertEquals(0.0, none.value());
        assertEquals(0.0, none.low());
        assertEquals(0.1611, none.high(), 1e-4, "0 of 20 is not certainty");
        Interval all = Proportions.wilson(20, 20);
        assertEquals(0.8389, all.low(), 1e-4);
        assertEquals(1.0, all.high());
        Interval half = Proportions.wilson(50, 100);
        assertEquals(0.4038, half.low(), 1e-4);
        assertEquals(0.5962, half.high(), 1e-4);
        assertTrue(Double.isNaN(Proportions.wilson(0, 0).value()));
    }

    /** Simulated binomials: the 95% interval holds the true proportion about 95% of the time, edges included. */
    @Test
    void coverageIsNearNinetyFivePercent() {
        SplittableRandom r = new SplittableRandom(7);
        for (double p : new double[] {0.02, 0.5, 0.98}) {
            for (int n : new int[] {20, 200}) {
                int covered = 0;
                int trials = 4000;
                for (int t = 0; t < trials; t++) {
                    int k = 0;
                    for (int i = 0; i < n; i++) {
                        k += r.nextDouble() < p ? 1 : 0;
                    }
                    Interval ci = Proportions.wilson(k, n);
                    covered += ci.low() <= p && p <= ci.high() ? 1 : 0;
                }
                double coverage = (double) covered / trials;
                assertTrue(coverage > 0.90 && coverage < 0.995, "p " + p + ", n " + n + ": coverage " + coverage);
            }
        }
    }
}
