package org.gapbench.score.math;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gapbench.dataset.Item;
import org.gapbench.model.Reasoning;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.score.Scorer;
import org.gapbench.score.ScorerConfig;

/**
 * gapbench's own math checker ({@code scorer: {name: math}}): extracts the final answer ({@link AnswerExtractor}) and
 * decides equivalence with the gold answer ({@link AnswerComparator}). Options: {@code gold_field} (default
 * {@code answer}); {@code answer_kind} {@code number} (GSM8K, MGSM, AIME, CMATH: the answer is reduced to one number)
 * or {@code latex} (MATH: any LaTeX answer); {@code expect_language} (also picks the locale's number format).
 * The rule of every score is {@code <extraction step>:<comparison rule>}, e.g. {@code boxed:numeric-equal}.
 */
public final class MathAnswerScorer implements Scorer {
    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d[\\d,.\u00a0\u202f\u2009 ]*\\d|[-+]?\\d");
    private static final Pattern FRACTION = Pattern.compile("[-+]?\\d+\\s*/\\s*\\d+|[-+]?\\\\frac\\{\\d+}\\{\\d+}");

    private final String goldField;
    private final boolean numberKind;
    private final AnswerComparator comparator;

    public MathAnswerScorer(ScorerConfig config) {
        this.goldField = config.string("gold_field", "answer");
        String kind = config.string("answer_kind", "number");
        if (!kind.equals("number") && !kind.equals("latex")) {
            throw new IllegalArgumentException("answer_kind must be number or latex, not '" + kind + "'");
        }
        this.numberKind = kind.equals("number");
        this.comparator = new AnswerComparator(config.string("expect_language", null));
    }

    @Override
    public Score score(Item item, ModelOutput output) {
        String gold = item.text(goldField).strip();
        String text = Reasoning.split(output.text(), null)[0];
        AnswerExtractor.Extraction e = AnswerExtractor.extract(text);
        if (e == null) {
            return new Score(0, null, null, comparator.canonical(LatexNormalizer.normalize(gold).text()), "no-answer",
                    Map.of("reason", text.isBlank() ? "empty response" : "no answer stated"));
        }
        String answer = numberKind ? reduceToNumber(e.text()) : e.text();
        AnswerComparator.Verdict v = comparator.compare(answer, gold);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("extraction", e.step());
        details.put("comparison", v.rule());
        if (!answer.equals(e.text())) {
            details.put("extracted_span", e.text().length() > 200 ? e.text().substring(0, 200) : e.text());
        }
        return new Score(v.equal() ? 1 : 0, answer, v.answer(), v.gold(), e.step() + ":" + v.rule(), details);
    }

    /**
     * For number answers, the one number a span states: the span itself when it is a number or a fraction,
     * else the right-hand side of its last "=", else its first number ("18 dollars per day" -> 18).
     */
    private String reduceToNumber(String span) {
        String s = LatexNormalizer.normalize(span).text();
        if (MathExpression.parse(s) != null || FRACTION.matcher(s).matches() || isNumber(s)) {
            return span;
        }
        int eq = s.lastIndexOf('=');
        if (eq >= 0 && eq < s.length() - 1) {
            String rhs = s.substring(eq + 1).strip();
            if (MathExpression.parse(rhs) != null || isNumber(rhs)) {
                return rhs;
            }
            s = rhs;
        }
        Matcher f = FRACTION.matcher(s);
        if (f.find() && f.start() == 0) {
            return f.group();
        }
        Matcher m = NUMBER.matcher(s);
        return m.find() ? m.group().strip() : span;
    }

    private static boolean isNumber(String s) {
        Matcher m = NUMBER.matcher(s);
        return m.matches();
    }
}
