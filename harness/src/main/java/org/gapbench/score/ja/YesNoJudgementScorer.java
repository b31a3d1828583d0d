package org.gapbench.score.ja;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gapbench.dataset.Item;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.score.Scorer;
import org.gapbench.score.ScorerFamily;

/**
 * KeiCOT's はい/いいえ judgement. A reply that starts with はい or いいえ (the zero-shot style) is read there;
 * otherwise (chain of thought) the last standalone はい/いいえ is the verdict — "standalone" so that the はい of
 * してはいけない is not read as yes. A reply with neither is a recorded no-answer, not a guess.
 * Option {@code gold_field} (default {@code gold}).
 */
public final class YesNoJudgementScorer implements Scorer {
    /** The verdict first and then a stop, not the start of 「はい」か「いいえ」. */
    private static final Pattern LEADING = Pattern.compile("^[\\s「『【*\"]*(いいえ|はい)[」』】*\"]*(?=[。、．，！!\\s]|$)");
    /** はい not continuing a word (はいけない, はいる, はいった) nor the particle は before いいえ (答えはいいえ). */
    private static final Pattern ANY = Pattern.compile("(いいえ|はい)(?![けるらりれろっ]|いえ)");

    public static final ScorerFamily<String> FAMILY = ScorerFamily.of("keicot-judgement", o -> o.field("gold_field", "gold"),
            (goldField, context) -> new YesNoJudgementScorer(goldField));

    private final String goldField;

    public YesNoJudgementScorer(String goldField) {
        this.goldField = goldField;
    }

    @Override
    public Score score(Item item, ModelOutput output) {
        String gold = item.text(goldField).trim();
        String text = output.text();
        String found = null;
        String rule = "leading-yes-no";
        int offset = -1;
        Matcher m = LEADING.matcher(text);
        if (m.find()) {
            found = m.group(1);
            offset = m.start(1);
        } else {
            rule = "last-yes-no";
            m = ANY.matcher(text);
            while (m.find()) {
                found = m.group(1);
                offset = m.start(1);
            }
        }
        if (found == null) {
            return Score.noAnswer(gold);
        }
        boolean ok = found.equals(gold);
        return new Score(ok ? 1 : 0, found, found, gold, rule + (ok ? ":match" : ":differs"), Map.of("offset", offset));
    }
}
