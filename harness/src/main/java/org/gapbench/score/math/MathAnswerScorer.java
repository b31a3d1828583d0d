package org.gapbench.score.math;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gapbench.dataset.Item;
import org.gapbench.model.Reasoning;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.score.Scorer;
import org.gapbench.score.ScorerFamily;
import org.gapbench.score.ScorerOptions;

/**
 * gapbench's own math checker ({@code scorer: {name: math}}): extracts the final answer ({@link AnswerExtractor}) and
 * decides equivalence with the gold answer ({@link AnswerComparator}). Options: {@code gold_field} (default
 * {@code answer}); {@code answer_kind} {@code number} (GSM8K, MGSM, AIME, CMATH: the answer is reduced to one number)
 * or {@code latex} (MATH: any LaTeX answer); {@code expect_language} (also picks the locale's number format).
 * The rule of every score is {@code <extraction step>:<comparison rule>}, e.g. {@code boxed:numeric-equal}. A response
 * the token limit cut ({@link ModelOutput#truncated()}) is scored only when it stated an explicit final answer (a box,
 * a JSON field, {@code ####}, "The answer is") that the cut left whole; otherwise it is no answer. Either way its
 * details say {@code truncated}.
 */
public final class MathAnswerScorer implements Scorer {
    private static final int MAX_ANSWER = 1_000;

    /** What the gold answer is: one number (GSM8K, MGSM, AIME, CMATH) or any LaTeX answer (MATH). */
    public enum AnswerKind { NUMBER, LATEX }

    /**
     * @param language the suite's {@code expect_language}, which also picks the locale's number format (null: none)
     */
    public record Options(String goldField, AnswerKind kind, String language) {
        public static final Options DEFAULT = new Options("answer", AnswerKind.NUMBER, null);
    }

    public static final ScorerFamily<Options> FAMILY = ScorerFamily.of("math", MathAnswerScorer::options,
            (o, context) -> new MathAnswerScorer(o));

    private final String goldField;
    private final boolean numberKind;
    private final AnswerComparator comparator;

    public MathAnswerScorer(Options o) {
        this.goldField = o.goldField();
        this.numberKind = o.kind() == AnswerKind.NUMBER;
        this.comparator = new AnswerComparator(o.language(), numberKind);
    }

    private static Options options(ScorerOptions o) {
        return new Options(o.field("gold_field", "answer"), o.oneOf("answer_kind", AnswerKind.class, AnswerKind.NUMBER),
                o.string("expect_language", null));
    }

    @Override
    public Score score(Item item, ModelOutput output) {
        String gold = item.text(goldField).strip();
        String text = Reasoning.split(output.text(), null)[0];
        AnswerExtractor.Extraction e = AnswerExtractor.extract(text, !numberKind);
        boolean truncated = output.truncated();
        if (e == null) {
            return noAnswer(gold, text.isBlank() ? "empty response" : "no answer stated", truncated, null);
        }
        if (e.text().isEmpty()) {
            return noAnswer(gold, "empty \\boxed{}", truncated, null);
        }
        if (truncated && (!e.explicit() || e.reachesEnd())) {
            // the token limit cut the response: its last number is where it stopped, not what it concluded
            return noAnswer(gold, e.explicit() ? "cut off by the token limit inside the final answer"
                    : "cut off by the token limit before a final answer", true, e);
        }
        if (e.text().length() > MAX_ANSWER) { // a "final answer" this long is prose, and comparing it would be costly
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("extraction", e.step());
            details.put("length", e.text().length());
            if (truncated) {
                details.put("truncated", true);
            }
            return new Score(0, e.text().substring(0, 200), null, goldForm(gold), e.step() + ":too-long", details);
        }
        String answer = numberKind ? AnswerSpans.toNumber(e.text()) : e.step().equals("marker") || e.step().equals("therefore")
                ? AnswerSpans.fromSentence(e.text()) : e.text();
        AnswerComparator.Verdict v = comparator.compare(answer, gold);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("extraction", e.step());
        details.put("comparison", v.rule());
        if (!answer.equals(e.text())) {
            details.put("extracted_span", clip(e.text()));
        }
        if (truncated) {
            details.put("truncated", true); // cut by the token limit after an explicit final answer: scored
        }
        return new Score(v.equal() ? 1 : 0, answer, v.answer(), v.gold(), e.step() + ":" + v.rule(), details);
    }

    private Score noAnswer(String gold, String reason, boolean truncated, AnswerExtractor.Extraction cut) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", reason);
        if (truncated) {
            details.put("truncated", true);
        }
        if (cut != null) {
            details.put("cut_span", clip(cut.text()));
        }
        return new Score(0, null, null, goldForm(gold), "no-answer", details);
    }

    private static String clip(String s) {
        return s.length() > 200 ? s.substring(0, 200) : s;
    }

    private String goldForm(String gold) {
        return comparator.canonical(LatexNormalizer.normalize(gold).text());
    }
}
