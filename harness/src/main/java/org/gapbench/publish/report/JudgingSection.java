package org.gapbench.publish.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gapbench.publish.judging.JudgeAnalysis;
import org.gapbench.stats.Interval;
import org.gapbench.stats.JudgeBias;

/**
 * The report's judges section: for every judged suite, the bias table of {@link JudgeAnalysis} as the page shows it
 * and as {@code results.json} holds it. Numbers are formatted once here.
 */
final class JudgingSection {
    static final String QUESTION = "Does the judge's nationality move the leaderboard?";
    static final String METHOD = "Grades on each judge's own scale (1-10 ratings; pairwise: win 1, tie 0.5, loss 0). Home bias: the judge's"
            + " grades of its own country's answers minus the other country's judges' grades of the same answers (paired, 95% bootstrap"
            + " interval over questions, sign-flip p); self-preference: the same on its own organization's models; length bias: Spearman's"
            + " rho of grade and answer length (longer answers may also be better ones: a correlation, not a proof of bias); position bias"
            + " (pairwise): the share of questions where the same slot won in both orders; agreement: Spearman's rho between two judges"
            + " over the answers both graded."
            + " A non-zero home bias says the judges disagree along country lines, not which of them is right. Method: docs/judging.md.";

    private JudgingSection() {
    }

    static Map<String, Object> html(JudgeAnalysis.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("suite", r.suite());
        m.put("statement", r.statement());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JudgeAnalysis.JudgeRow j : r.judges()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("judge", j.judge());
            row.put("country", j.country() == null ? "?" : j.country());
            row.put("graded", j.graded());
            row.put("first", mean(j.meanByCountry().get(r.first())));
            row.put("second", mean(j.meanByCountry().get(r.second())));
            row.put("gap", cell(j.gap(), null));
            row.put("home", j.homeBias() == null ? cell(null, null) : cell(j.homeBias().differenceOnX(), j.homeBias()));
            row.put("self", j.selfPreference() == null ? cell(null, null) : cell(j.selfPreference().differenceOnX(), j.selfPreference()));
            row.put("length", cell(j.lengthBias(), null));
            row.put("position", j.positionBias() == null ? cell(null, null) : Map.of("value", String.format(Locale.ROOT, "%.1f%%",
                    100 * j.positionBias().value()), "ci", String.format(Locale.ROOT, "[%.1f, %.1f]", 100 * j.positionBias().low(),
                    100 * j.positionBias().high())));
            rows.add(row);
        }
        m.put("rows", rows);
        m.put("first", r.first());
        m.put("second", r.second());
        m.put("interaction", r.interaction() == null ? null : "judge country × model country: " + bias(r.interaction(), r.interaction().interaction()));
        m.put("agreement", r.agreement().stream().map(a -> a.judgeA() + " and " + a.judgeB() + ": rho " + JudgeAnalysis.signed(a.spearman())
                + " over " + a.answers() + " answers").toList());
        return m;
    }

    static Map<String, Object> json(JudgeAnalysis.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("suite", r.suite());
        m.put("models", r.models());
        m.put("model_country", r.modelCountry());
        m.put("gap_changes_sign", r.gapChangesSign());
        m.put("statement", r.statement());
        List<Map<String, Object>> judges = new ArrayList<>();
        for (JudgeAnalysis.JudgeRow j : r.judges()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("judge", j.judge());
            x.put("country", j.country());
            x.put("organization", j.organization());
            x.put("graded", j.graded());
            x.put("mean_by_country", j.meanByCountry());
            x.put("gap_" + r.first() + "_minus_" + r.second(), numbers(j.gap()));
            x.put("home_bias", j.homeBias() == null ? null : biasJson(j.homeBias()));
            x.put("self_preference", j.selfPreference() == null ? null : biasJson(j.selfPreference()));
            x.put("length_bias_spearman", numbers(j.lengthBias()));
            x.put("position_bias_rate", j.positionBias() == null ? null : numbers(j.positionBias()));
            judges.add(x);
        }
        m.put("judges", judges);
        m.put("country_interaction", r.interaction() == null ? null : biasJson(r.interaction()));
        m.put("agreement", r.agreement().stream().map(a -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("judges", List.of(a.judgeA(), a.judgeB()));
            x.put("answers", a.answers());
            x.put("spearman", numbers(a.spearman()));
            return x;
        }).toList());
        m.put("method", METHOD);
        return m;
    }

    private static Map<String, Object> biasJson(JudgeBias.Result b) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("paired_difference_on_own", numbers(b.differenceOnX()));
        x.put("difference_in_differences", numbers(b.interaction()));
        x.put("p_value", Double.isFinite(b.pValue()) ? b.pValue() : null);
        x.put("answers", b.answers());
        x.put("excluded", b.excluded());
        return x;
    }

    private static List<Double> numbers(Interval i) {
        if (i == null || !Double.isFinite(i.value())) {
            return null;
        }
        return Double.isFinite(i.low()) ? List.of(i.value(), i.low(), i.high()) : List.of(i.value());
    }

    /** A table cell: the estimate, and under it its interval (and the p-value of a bias test). */
    private static Map<String, String> cell(Interval i, JudgeBias.Result test) {
        if (i == null || !Double.isFinite(i.value())) {
            return Map.of("value", "n/a", "ci", "");
        }
        String ci = Double.isFinite(i.low()) ? String.format(Locale.ROOT, "[%+.2f, %+.2f]", i.low(), i.high()) : "";
        if (test != null && Double.isFinite(test.pValue())) {
            ci += String.format(Locale.ROOT, ", p = %.3f", test.pValue());
        }
        return Map.of("value", String.format(Locale.ROOT, "%+.2f", i.value()), "ci", ci);
    }

    private static String mean(Double d) {
        return d == null ? "–" : String.format(Locale.ROOT, "%.2f", d);
    }


    private static String bias(JudgeBias.Result b, Interval shown) {
        return JudgeAnalysis.signed(shown) + (Double.isFinite(b.pValue()) ? String.format(Locale.ROOT, ", p = %.3f", b.pValue()) : "");
    }
}
