package org.gapbench.score;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gapbench.stats.Estimators;
import org.gapbench.stats.Metric;

/**
 * The metrics every suite may list, whatever its scorer: {@code accuracy}, {@code balanced_accuracy},
 * {@code macro_f1}, and {@code pass@}, {@code maj@}, {@code mean@} with a number or the letter {@code k} (= samples per
 * item; {@code pass@k} expands to every useful k up to the sample count). A scorer family adds its own
 * ({@link ScorerFamily#metrics()}).
 */
public final class Metrics {
    private static final Pattern AT = Pattern.compile("(pass|maj|mean)@(\\d+|k)");
    private static final Map<String, Metric<ItemResult>> NAMED = new LinkedHashMap<>();

    static {
        NAMED.put("accuracy", Metric.itemMean("accuracy", ItemResult::meanValue));
        NAMED.put("balanced_accuracy", Metric.corpus("balanced_accuracy", items -> Estimators.balancedAccuracy(
                items.stream().map(r -> String.valueOf(r.first().gold())).toList(),
                items.stream().map(r -> r.first().isCorrect()).toList())));
        NAMED.put("macro_f1", Metric.corpus("macro_f1", items -> Estimators.macroF1(
                items.stream().map(r -> String.valueOf(r.first().gold())).toList(),
                items.stream().map(r -> r.first().normalized()).toList())));
    }

    private Metrics() {
    }

    public static boolean known(String name) {
        return NAMED.containsKey(name) || AT.matcher(name).matches();
    }

    public static String describe() {
        return String.join(", ", NAMED.keySet()) + ", pass@N, pass@k, maj@N, maj@k, mean@N, mean@k";
    }

    /**
     * The concrete metrics {@code name} stands for when each item has {@code samples} samples; {@code pass@5} with
     * fewer than 5 samples is not estimable and gives none (reported as absent, never as zero).
     */
    public static List<Metric<ItemResult>> resolve(String name, int samples) {
        Metric<ItemResult> named = NAMED.get(name);
        if (named != null) {
            return List.of(named);
        }
        Matcher m = AT.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException("unknown metric " + name);
        }
        String kind = m.group(1);
        List<Integer> ks = m.group(2).equals("k") ? (kind.equals("pass") ? Estimators.passKs(samples) : List.of(samples))
                : List.of(Integer.parseInt(m.group(2)));
        IntFunction<Metric<ItemResult>> make = switch (kind) {
            case "pass" -> k -> Metric.itemMean("pass@" + k, r -> Estimators.passAtK(r.scores().size(), r.correctCount(), k));
            case "maj" -> k -> Metric.itemMean("maj@" + k, r -> majority(r.scores().subList(0, Math.min(k, r.scores().size()))));
            default -> k -> Metric.itemMean("mean@" + k, r -> mean(r.scores().subList(0, Math.min(k, r.scores().size()))));
        };
        List<Metric<ItemResult>> out = new ArrayList<>();
        for (int k : ks) {
            if (k <= samples) {
                out.add(make.apply(k));
            }
        }
        return out;
    }

    private static double mean(List<Score> scores) {
        return scores.stream().mapToDouble(Score::value).average().orElse(0);
    }

    /** The value of the most frequent normalized answer; no answer never wins a vote. */
    static double majority(List<Score> scores) {
        return Estimators.majority(scores.stream().map(s -> s.normalized() != null ? s.normalized() : s.answer()).toList(),
                scores.stream().map(Score::value).toList());
    }
}
