package org.gapbench.score.lang;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gapbench.dataset.Item;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.score.Scorer;

/**
 * Wraps any scorer whose suite sets {@code expect_language}: the verdict is unchanged, and the details gain
 * {@code language} (detected from the response's scripts) and {@code language_ok}, from which the
 * {@code language_fidelity} metric reports the rate per model.
 */
public final class LanguageCheckedScorer implements Scorer {
    public static final String OPTION = "expect_language";

    private final Scorer inner;
    private final String expected;

    public LanguageCheckedScorer(Scorer inner, String expected) {
        this.inner = inner;
        this.expected = expected;
    }

    @Override
    public Score score(Item item, ModelOutput output) {
        Score s = inner.score(item, output);
        String detected = ScriptProfile.detect(output.text());
        Map<String, Object> details = new LinkedHashMap<>(s.details());
        details.put("language", detected);
        details.put("expected_language", expected);
        // null when the response is too short to tell (a bare "B"): left out of the rate, not counted as a miss
        details.put("language_ok", detected.equals("none") ? null : ScriptProfile.matches(expected, detected));
        return new Score(s.value(), s.answer(), s.normalized(), s.gold(), s.rule(), details, s.calls());
    }
}
