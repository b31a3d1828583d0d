package org.gapbench.score.ja;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gapbench.dataset.Item;
import org.gapbench.keigo.Expectation;
import org.gapbench.keigo.Judgement;
import org.gapbench.keigo.KeigoAnalyzer;
import org.gapbench.keigo.RegisterJudge;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.score.Scorer;
import org.gapbench.score.ScorerFamily;

/**
 * Scores a plain-to-honorific rewrite (KeiCOT base rows) in three layers, all kept in the details:
 * the keigo analyzer's verdict for the situation's honorific type (0.5), "closer to the correct honorific
 * sentence than to the known erroneous one" by chrF (0.25) and chrF to the correct sentence (0.25).
 * The reference sentence itself scores 1 (rule {@code exact-reference}).
 */
public final class KeigoConvertScorer implements Scorer {
    private final RegisterJudge judge = new RegisterJudge(KeigoAnalyzer.shared());

    /** No options: the fields are fixed by the keicot manifest (honorific_sentence, error_sentence, honorific_type). */
    public static final ScorerFamily<Void> FAMILY = ScorerFamily.of("keigo-convert", o -> null, (o, context) -> new KeigoConvertScorer(),
            java.util.Map.of("register_pass_rate", JaMetrics.detailRate("register_pass_rate", "register_pass"),
                    "closer_to_correct", JaMetrics.detailRate("closer_to_correct", "closer_to_correct")));

    @Override
    public Score score(Item item, ModelOutput output) {
        String reference = item.text("honorific_sentence").strip();
        String answer = Replies.firstSentenceBlock(output.text());
        if (answer.isEmpty()) {
            return Score.noAnswer(reference);
        }
        Judgement j = judge.judge(answer, Expectation.honorific(item.text("honorific_type")));
        double toReference = CharF.score(answer, reference);
        double toError = CharF.score(answer, item.text("error_sentence"));
        boolean closer = toReference > toError;
        Map<String, Object> details = new LinkedHashMap<>(j.details());
        details.put("chrf_reference", round(toReference));
        details.put("chrf_error", round(toError));
        details.put("closer_to_correct", closer);
        if (answer.equals(reference)) {
            return new Score(1, answer, answer, reference, "exact-reference", details);
        }
        double value = 0.5 * (j.pass() ? 1 : 0) + 0.25 * (closer ? 1 : 0) + 0.25 * toReference;
        String rule = (j.pass() ? "keigo-ok" : "keigo-violation") + (closer ? "+closer-to-correct" : "+closer-to-error");
        return new Score(Math.min(1, value), answer, answer, reference, rule, details);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
