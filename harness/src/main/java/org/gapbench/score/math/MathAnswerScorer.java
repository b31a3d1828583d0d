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

    private static final Pattern SENTENCE_END = Pattern.compile("\\.\\s+(?=\\p{Lu}|I hope)|<\\||\\bI hope\\b");
    private static final Pattern DIGIT = Pattern.compile("\\d");

    private static final Pattern ANY_FRACTION = Pattern.compile("-?\\\\[dt]?frac\\{[^{}]{1,50}}\\{[^{}]{1,50}}|-?\\d+\\s*/\\s*\\d+");
    private static final int MAX_ANSWER = 1_000;

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
        AnswerExtractor.Extraction e = AnswerExtractor.extract(text, !numberKind);
        if (e == null) {
            return new Score(0, null, null, comparator.canonical(LatexNormalizer.normalize(gold).text()), "no-answer",
                    Map.of("reason", text.isBlank() ? "empty response" : "no answer stated"));
        }
        if (e.text().length() > MAX_ANSWER) { // a "final answer" this long is prose, and comparing it would be costly
            return new Score(0, e.text().substring(0, 200), null, comparator.canonical(LatexNormalizer.normalize(gold).text()),
                    e.step() + ":too-long", Map.of("extraction", e.step(), "length", e.text().length()));
        }
        String answer = numberKind ? reduceToNumber(e.text()) : e.step().equals("marker") || e.step().equals("therefore")
                ? reduceSentence(e.text()) : e.text();
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

    /**
     * For LaTeX answers found after a phrase, the answer inside the sentence: text after the last " is ", and within
     * it the last math segment ("The final answer is $\\frac{1}{2}$. I hope it is correct." -> \\frac{1}{2}).
     */
    private static String reduceSentence(String span) {
        String s = SENTENCE_END.split(span, 2)[0];
        int is = s.lastIndexOf(" is ");
        if (is >= 0 && (AnswerExtractor.lastMathSegment(s.substring(is)) != null || DIGIT.matcher(s.substring(is)).find())) {
            s = s.substring(is + 4); // "The largest $n$ is 34": the value follows "is"
        }
        String math = AnswerExtractor.lastMathSegment(s);
        if (math != null) {
            return math;
        }
        s = s.strip();
        while (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (MathExpression.parse(LatexNormalizer.normalize(s).text()) == null) {
            int eq = s.lastIndexOf('=');
            if (eq >= 0 && DIGIT.matcher(s.substring(eq)).find()) {
                s = s.substring(eq + 1); // "所以一共有3 + 10 = 13只": the result after the last "="
            }
            Matcher f = ANY_FRACTION.matcher(s);
            if (f.find()) { // "每份应该是 (\\frac{2}{5}) 吨"
                return f.group();
            }
            Matcher m = NUMBER.matcher(s);
            if (m.find()) { // "Jane started growing it 3 hours ago", "总共有13只鸟": the number in a sentence of words
                return m.group().strip();
            }
        }
        return s.isEmpty() ? span : s;
    }

    private static boolean isNumber(String s) {
        Matcher m = NUMBER.matcher(s);
        return m.matches();
    }
}
