package org.gapbench.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.util.CombinatoricsUtils;

/** The estimators behind the metrics, over plain values: pass@k, majority votes, balanced accuracy, macro-F1. */
public final class Estimators {
    private Estimators() {
    }

    /** The unbiased pass@k estimator of Chen et al. (2021): 1 - C(n-c, k) / C(n, k), as a stable product. */
    public static double passAtK(int n, int c, int k) {
        if (n - c < k) {
            return 1.0;
        }
        double prod = 1.0;
        for (int i = n - c + 1; i <= n; i++) {
            prod *= 1.0 - (double) k / i;
        }
        return 1.0 - prod;
    }

    /** Exact binomial form of {@link #passAtK}, for checking it. */
    public static double passAtKExact(int n, int c, int k) {
        if (n - c < k) {
            return 1.0;
        }
        return 1.0 - CombinatoricsUtils.binomialCoefficientDouble(n - c, k) / CombinatoricsUtils.binomialCoefficientDouble(n, k);
    }

    /** Every k up to 10, then 20, 50, 100, ... up to {@code n}, and {@code n} itself: the pass@k worth reporting. */
    public static List<Integer> passKs(int n) {
        List<Integer> ks = new ArrayList<>();
        for (int k = 1; k <= Math.min(n, 10); k++) {
            ks.add(k);
        }
        for (int base = 10; base <= n; base *= 10) {
            for (int f : new int[] {2, 5, 10}) {
                int k = base * f;
                if (k <= n && !ks.contains(k)) {
                    ks.add(k);
                }
            }
        }
        if (!ks.contains(n)) {
            ks.add(n);
        }
        return ks;
    }

    /**
     * The value of the most frequent answer (ties go to the answer seen first); a null answer never wins a vote, and
     * no answer at all is worth 0.
     */
    public static double majority(List<String> answers, List<Double> values) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, Double> valueOf = new HashMap<>();
        for (int i = 0; i < answers.size(); i++) {
            String key = answers.get(i);
            if (key == null) {
                continue;
            }
            counts.merge(key, 1, Integer::sum);
            valueOf.putIfAbsent(key, values.get(i));
        }
        String best = null;
        int bestCount = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best == null ? 0 : valueOf.get(best);
    }

    /** Mean recall over the gold classes; NaN for no units. */
    public static double balancedAccuracy(List<String> gold, List<Boolean> correct) {
        Map<String, int[]> perClass = new HashMap<>();
        for (int i = 0; i < gold.size(); i++) {
            int[] c = perClass.computeIfAbsent(gold.get(i), k -> new int[2]);
            c[1]++;
            if (correct.get(i)) {
                c[0]++;
            }
        }
        return perClass.values().stream().mapToDouble(c -> (double) c[0] / c[1]).average().orElse(Double.NaN);
    }

    /** Macro-averaged F1 over the classes that occur in {@code gold}; a null prediction is a class of its own. */
    public static double macroF1(List<String> gold, List<String> predicted) {
        Map<String, int[]> counts = new HashMap<>(); // tp, fp, fn
        for (int i = 0; i < gold.size(); i++) {
            String g = gold.get(i);
            String p = predicted.get(i) == null ? "<none>" : predicted.get(i);
            counts.computeIfAbsent(g, k -> new int[3]);
            if (p.equals(g)) {
                counts.get(g)[0]++;
            } else {
                counts.get(g)[2]++;
                counts.computeIfAbsent(p, k -> new int[3])[1]++;
            }
        }
        return counts.entrySet().stream()
                .filter(e -> e.getValue()[0] + e.getValue()[2] > 0)
                .mapToDouble(e -> {
                    int[] c = e.getValue();
                    double denom = 2.0 * c[0] + c[1] + c[2];
                    return denom == 0 ? 0 : 2.0 * c[0] / denom;
                }).average().orElse(Double.NaN);
    }
}
