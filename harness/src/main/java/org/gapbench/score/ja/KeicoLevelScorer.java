package org.gapbench.score.ja;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gapbench.dataset.Item;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.score.Scorer;
import org.gapbench.score.ScorerFamily;

/**
 * KeiCO classification: the value is whether the politeness level (1–4) is right; the 尊敬語/謙譲語/丁寧語 flags
 * the reply gives are kept in the details (pred_/gold_ keys) for the per-flag F1 metric {@code keico_flag_f1}.
 * Expected reply: {@code レベル: 2} and one line per flag, {@code 尊敬語: 1} (1/0, はい/いいえ, あり/なし).
 */
public final class KeicoLevelScorer implements Scorer {
    private static final Pattern LEVEL = Pattern.compile("(?:レベル|level|Level|LEVEL)\\s*[:：は]?\\s*([1-4１-４])");
    static final String[][] FLAGS = {{"sonkeigo", "尊敬語"}, {"kenjogo", "謙譲語"}, {"teineigo", "丁寧語"}};

    /** No options: the item fields are fixed by the keico manifest. */
    public static final ScorerFamily<Void> FAMILY = ScorerFamily.of("keico-level", o -> null, (o, context) -> new KeicoLevelScorer(),
            java.util.Map.of("keico_flag_f1", JaMetrics.keicoFlagF1()));

    @Override
    public Score score(Item item, ModelOutput output) {
        String text = java.text.Normalizer.normalize(output.text(), java.text.Normalizer.Form.NFKC);
        String gold = item.text("level").trim();
        Map<String, Object> details = new LinkedHashMap<>();
        for (String[] f : FLAGS) {
            Matcher m = Pattern.compile(f[1] + "\\s*[:：]?\\s*(1|0|はい|いいえ|あり|なし|有|無|yes|no)").matcher(text);
            details.put("pred_" + f[0], m.find() ? (m.group(1).matches("1|はい|あり|有|yes") ? 1 : 0) : null);
            details.put("gold_" + f[0], item.text(f[0]).trim().equals("1") ? 1 : 0);
        }
        Matcher m = LEVEL.matcher(text);
        if (!m.find()) {
            return new Score(0, null, null, gold, "no-level", details);
        }
        String level = m.group(1);
        boolean ok = level.equals(gold);
        return new Score(ok ? 1 : 0, m.group(), level, gold, ok ? "level:match" : "level:differs", details);
    }
}
