package org.gapbench.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.math3.util.CombinatoricsUtils;
import org.gapbench.score.Score;

/**
 * The metrics a suite may list. {@code pass@k} and {@code maj@k} take a number or the letter {@code k}
 * (= samples per item); {@code pass@k} with a letter expands to every useful k up to the sample count.
 */
public final class MetricRegistry {
    private static final Pattern AT = Pattern.compile("(pass|maj|mean)@(\\d+|k)");
    private static final Map<String, java.util.function.Function<Integer, List<Metric>>> NAMED = new LinkedHashMap<>();

    static {
        NAMED.put("accuracy", n -> List.of(Metric.itemMean("accuracy", ItemResult::meanValue)));
        NAMED.put("balanced_accuracy", n -> List.of(Metric.corpus("balanced_accuracy", MetricRegistry::balancedAccuracy)));
        NAMED.put("macro_f1", n -> List.of(Metric.corpus("macro_f1", MetricRegistry::macroF1)));
        NAMED.put("language_fidelity", n -> List.of(org.gapbench.score.lang.LanguageFidelity.metric()));
        NAMED.put("keico_flag_f1", n -> List.of(org.gapbench.score.ja.JaMetrics.keicoFlagF1()));
        NAMED.put("register_pass_rate", n -> List.of(org.gapbench.score.ja.JaMetrics.detailRate("register_pass_rate", "register_pass")));
        NAMED.put("judge_score", n -> List.of(org.gapbench.score.ja.JaMetrics.detailMean("judge_score", "judge_score")));
        NAMED.put("judge_spread", n -> List.of(org.gapbench.score.ja.JaMetrics.detailMean("judge_spread", "judge_spread")));
        NAMED.put("closer_to_correct", n -> List.of(org.gapbench.score.ja.JaMetrics.detailRate("closer_to_correct", "closer_to_correct")));
    }

    private MetricRegistry() {
    }

    public static boolean known(String name) {
        return NAMED.containsKey(name) || AT.matcher(name).matches();
    }

    public static String describe() {
        return String.join(", ", NAMED.keySet()) + ", pass@N, pass@k, maj@N, maj@k, mean@k";
    }

    /** Registers a further metric (for scorers whose suites need one). */
    public static synchronized void register(String name, java.util.function.Function<Integer, List<Metric>> factory) {
        NAMED.put(name, factory);
    }

    /** The concrete metrics for {@code names} when each item has {@code samples} samples. */
    public static List<Metric> resolve(List<String> names, int samples) {
        List<Metric> out = new ArrayList<>();
        for (String name : names) {
            var named = NAMED.get(name);
            if (named != null) {
                out.addAll(named.apply(samples));
                continue;
            }
            Matcher m = AT.matcher(name);
            if (!m.matches()) {
                throw new IllegalArgumentException("unknown metric " + name);
            }
            String kind = m.group(1);
            List<Integer> ks = m.group(2).equals("k") ? (kind.equals("pass") ? passKs(samples) : List.of(samples))
                    : List.of(Integer.parseInt(m.group(2)));
            for (int k : ks) {
                if (k > samples) {
                    continue; // not estimable with fewer samples than k; reported as absent, not as zero
                }
                switch (kind) {
                    case "pass" -> out.add(Metric.itemMean("pass@" + k, r -> passAtK(r.scores().size(), r.correctCount(), k)));
                    case "maj" -> out.add(Metric.itemMean("maj@" + k, r -> majority(r.scores().subList(0, Math.min(k, r.scores().size())))));
                    default -> out.add(Metric.itemMean("mean@" + k, r -> mean(r.scores().subList(0, Math.min(k, r.scores().size())))));
                }
            }
        }
        return out;
    }

    /** Every k up to 10, then 20, 50, 100, ... up to the sample count. */
    static List<Integer> passKs(int n) {
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

    /** Exact binomial form, used by tests to check {@link #passAtK}. */
    static double passAtKExact(int n, int c, int k) {
        if (n - c < k) {
            return 1.0;
        }
        return 1.0 - CombinatoricsUtils.binomialCoefficientDouble(n - c, k) / CombinatoricsUtils.binomialCoefficientDouble(n, k);
    }

    private static double mean(List<Score> scores) {
        return scores.stream().mapToDouble(Score::value).average().orElse(0);
    }

    /** Value of the most frequent answer (ties go to the answer seen first); no answer never wins a vote. */
    static double majority(List<Score> scores) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, Double> valueOf = new HashMap<>();
        for (Score s : scores) {
            String key = s.normalized() != null ? s.normalized() : s.answer();
            if (key == null) {
                continue;
            }
            counts.merge(key, 1, Integer::sum);
            valueOf.putIfAbsent(key, s.value());
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

    /** Mean recall over gold classes, on each item's first sample (predicted label = normalized answer). */
    static double balancedAccuracy(List<ItemResult> items) {
        Map<String, int[]> perClass = new HashMap<>();
        for (ItemResult r : items) {
            Score s = r.scores().get(0);
            int[] c = perClass.computeIfAbsent(String.valueOf(s.gold()), k -> new int[2]);
            c[1]++;
            if (s.isCorrect()) {
                c[0]++;
            }
        }
        return perClass.values().stream().mapToDouble(c -> (double) c[0] / c[1]).average().orElse(Double.NaN);
    }

    /** Macro-averaged F1 over the gold classes, on each item's first sample. */
    static double macroF1(List<ItemResult> items) {
        Map<String, int[]> counts = new HashMap<>(); // tp, fp, fn
        for (ItemResult r : items) {
            Score s = r.scores().get(0);
            String gold = String.valueOf(s.gold());
            String pred = s.normalized() == null ? "<none>" : s.normalized();
            counts.computeIfAbsent(gold, k -> new int[3]);
            if (pred.equals(gold)) {
                counts.get(gold)[0]++;
            } else {
                counts.get(gold)[2]++;
                counts.computeIfAbsent(pred, k -> new int[3])[1]++;
            }
        }
        return counts.entrySet().stream()
                .filter(e -> e.getValue()[0] + e.getValue()[2] > 0) // classes that occur in the gold labels
                .mapToDouble(e -> {
                    int[] c = e.getValue();
                    double denom = 2.0 * c[0] + c[1] + c[2];
                    return denom == 0 ? 0 : 2.0 * c[0] / denom;
                }).average().orElse(Double.NaN);
    }
}
