package org.gapbench.score.ja;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gapbench.dataset.Item;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.score.Scorer;
import org.gapbench.score.ScorerConfig;

/**
 * KeiCOT's はい/いいえ judgement: the first はい or いいえ in the reply (as the KeiCOT authors parse it) is the
 * answer; a reply with neither is a recorded no-answer, not a guess. Option {@code gold_field} (default {@code gold}).
 */
public final class YesNoJudgementScorer implements Scorer {
    private static final Pattern ANSWER = Pattern.compile("いいえ|はい|(?i)\\b(yes|no)\\b");

    private final String goldField;

    public YesNoJudgementScorer(ScorerConfig config) {
        this.goldField = config.string("gold_field", "gold");
    }

    @Override
    public Score score(Item item, ModelOutput output) {
        String gold = item.text(goldField).trim();
        Matcher m = ANSWER.matcher(output.text());
        if (!m.find()) {
            return Score.noAnswer(gold);
        }
        String found = m.group();
        String normalized = found.equals("いいえ") || found.equalsIgnoreCase("no") ? "いいえ" : "はい";
        boolean ok = normalized.equals(gold);
        return new Score(ok ? 1 : 0, found, normalized, gold, ok ? "first-yes-no:match" : "first-yes-no:differs",
                Map.of("offset", m.start()));
    }
}
