package org.gapbench.score.math;

import java.util.LinkedHashMap;
import java.util.Map;
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
            return new Score(0, null, null, goldForm(gold), "no-answer",
                    Map.of("reason", text.isBlank() ? "empty response" : "no answer stated"));
        }
        if (e.text().length() > MAX_ANSWER) { // a "final answer" this long is prose, and comparing it would be costly
            return new Score(0, e.text().substring(0, 200), null, goldForm(gold),
                    e.step() + ":too-long", Map.of("extraction", e.step(), "length", e.text().length()));
        }
        String answer = numberKind ? AnswerSpans.toNumber(e.text()) : e.step().equals("marker") || e.step().equals("therefore")
                ? AnswerSpans.fromSentence(e.text()) : e.text();
        AnswerComparator.Verdict v = comparator.compare(answer, gold);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("extraction", e.step());
        details.put("comparison", v.rule());
        if (!answer.equals(e.text())) {
            details.put("extracted_span", e.text().length() > 200 ? e.text().substring(0, 200) : e.text());
        }
        return new Score(v.equal() ? 1 : 0, answer, v.answer(), v.gold(), e.step() + ":" + v.rule(), details);
    }

    private String goldForm(String gold) {
        return comparator.canonical(LatexNormalizer.normalize(gold).text());
    }
}
