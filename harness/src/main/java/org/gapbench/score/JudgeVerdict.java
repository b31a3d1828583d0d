package org.gapbench.score;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One judge's verdict on one turn of one answer, as kept in a score's {@code details.judges}: who judged (the spec
 * asked and the model the provider says answered), with which prompt and parse rule, the rating on its scale and as
 * a value in [0, 1], the judge's reasons, and what it took. Judges' verdicts are kept apart, never silently averaged:
 * the panel score beside them states its rule.
 *
 * @param judge    the judge's model spec, as the suite or {@code --judge} names it
 * @param model    the model the provider says answered (null when it did not say)
 * @param turn     the user turn judged (1-based)
 * @param prompt   the judge prompt's name ({@code single-v1}, ...)
 * @param attempts how many times the judge was asked before its text could be read (1 usually)
 */
public record JudgeVerdict(String judge, String model, int turn, String prompt, String rule, double rating, double scaleMin,
                           double scaleMax, String reasons, int attempts, boolean cached) {

    /** The rating mapped onto [0, 1]: the scale's minimum is 0, its maximum 1. */
    public double value() {
        return (rating - scaleMin) / (scaleMax - scaleMin);
    }

    /** The verdict as kept in a score's details. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family", "single");
        m.put("judge", judge);
        m.put("model", model);
        m.put("turn", turn);
        m.put("prompt", prompt);
        m.put("rule", rule);
        m.put("rating", rating);
        m.put("scale_min", scaleMin);
        m.put("scale_max", scaleMax);
        m.put("value", value());
        m.put("reasons", reasons);
        m.put("attempts", attempts);
        m.put("cached", cached);
        return m;
    }

    /**
     * The single-answer verdicts a score holds (none for a score no judge rated; pairwise verdicts have no rating),
     * read back from its details, e.g. from a journal.
     */
    public static List<JudgeVerdict> of(Score score) {
        Object list = score == null ? null : score.details().get("judges");
        List<JudgeVerdict> out = new ArrayList<>();
        if (list instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m && m.get("rating") != null) {
                    out.add(new JudgeVerdict(str(m.get("judge")), str(m.get("model")), num(m.get("turn")).intValue(), str(m.get("prompt")),
                            str(m.get("rule")), num(m.get("rating")).doubleValue(), num(m.get("scale_min")).doubleValue(),
                            num(m.get("scale_max")).doubleValue(), str(m.get("reasons")), num(m.get("attempts")).intValue(),
                            Boolean.TRUE.equals(m.get("cached"))));
                }
            }
        }
        return out;
    }

    /**
     * Each judge's grade of the answer a score judged, by judge spec, in judge order: a rating judge's mean rating
     * over the turns it rated; a pairwise judge's outcome against the baseline (win 1, tie 0.5, loss 0). Empty for a
     * score no judge gave. What the judge-bias analyses read, whatever the suite's family.
     */
    public static Map<String, Double> gradesByJudge(Score score) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        Object list = score == null ? null : score.details().get("judges");
        if (list instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m && m.get("judge") != null) {
                    Object v = "pairwise-outcome".equals(m.get("family")) ? m.get("value") : m.get("rating");
                    if (v instanceof Number n && ("single".equals(m.get("family")) || "pairwise-outcome".equals(m.get("family")))) {
                        double[] s = sums.computeIfAbsent(m.get("judge").toString(), k -> new double[2]);
                        s[0] += n.doubleValue();
                        s[1]++;
                    }
                }
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        sums.forEach((judge, s) -> out.put(judge, s[0] / s[1]));
        return out;
    }

    /**
     * For each pairwise judge that saw both orders of the answer a score judged, whether it gave the same slot both
     * times (the first-shown answer won twice, or the second-shown did): its verdict followed the position, not the
     * answers. A tie in either order is not that; judges that saw one order are absent.
     */
    public static Map<String, Boolean> positionBiasByJudge(Score score) {
        Map<String, double[]> orders = new LinkedHashMap<>(); // judge -> {model-first, baseline-first} P(model better)
        Object list = score == null ? null : score.details().get("judges");
        if (list instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m && "pairwise".equals(m.get("family")) && m.get("model_better") instanceof Number n) {
                    double[] d = orders.computeIfAbsent(String.valueOf(m.get("judge")), k -> new double[] {Double.NaN, Double.NaN});
                    d["model-first".equals(m.get("order")) ? 0 : 1] = n.doubleValue();
                }
            }
        }
        Map<String, Boolean> out = new LinkedHashMap<>();
        orders.forEach((judge, d) -> {
            if (!Double.isNaN(d[0]) && !Double.isNaN(d[1])) {
                out.put(judge, d[0] != 0.5 && d[1] != 0.5 && (d[0] > 0.5) != (d[1] > 0.5));
            }
        });
        return out;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static Number num(Object o) {
        return o instanceof Number n ? n : 0;
    }
}
