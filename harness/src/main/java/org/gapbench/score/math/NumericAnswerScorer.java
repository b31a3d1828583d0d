package org.gapbench.score.math;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gapbench.dataset.Item;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.score.Scorer;
import org.gapbench.score.ScorerConfig;

/**
 * A final-number scorer good enough for GSM8K-style integer answers: takes the last {@code \boxed{}}, else the
 * number after "answer is"/"####", else the last number, and compares numerically with the gold field.
 * The full math checker (LaTeX equivalence, locales, scripts) lives beside it.
 */
public final class NumericAnswerScorer implements Scorer {
    private static final Pattern BOXED = Pattern.compile("\\\\boxed\\{([^{}]*)}");
    private static final Pattern MARKED = Pattern.compile("(?i)(?:####|answer is|answer:)\\s*\\$?\\s*(-?[\\d,]*\\.?\\d+)");
    private static final Pattern NUMBER = Pattern.compile("-?\\d[\\d,]*(?:\\.\\d+)?|-?\\.\\d+");
    private static final Pattern THINK = Pattern.compile("(?s)<think>.*?</think>");

    private final String goldField;

    public NumericAnswerScorer(ScorerConfig config) {
        this.goldField = config.string("gold_field", "answer");
    }

    @Override
    public Score score(Item item, ModelOutput output) {
        String gold = item.text(goldField).trim();
        String text = THINK.matcher(output.text()).replaceAll("");
        String answer = null;
        String rule = null;
        Matcher m = BOXED.matcher(text);
        while (m.find()) {
            answer = m.group(1);
            rule = "boxed";
        }
        if (answer == null) {
            m = MARKED.matcher(text);
            while (m.find()) {
                answer = m.group(1);
                rule = "marked";
            }
        }
        if (answer == null) {
            m = NUMBER.matcher(text);
            while (m.find()) {
                answer = m.group();
                rule = "last-number";
            }
        }
        if (answer == null) {
            return Score.noAnswer(gold);
        }
        BigDecimal a = parse(answer);
        BigDecimal g = parse(gold);
        if (a == null || g == null) {
            return Score.wrong(answer, answer.trim(), gold, rule + ":not-a-number");
        }
        boolean equal = a.compareTo(g) == 0;
        String normalized = a.stripTrailingZeros().toPlainString();
        return equal ? Score.correct(answer, normalized, g.stripTrailingZeros().toPlainString(), rule + ":numeric-equal")
                : Score.wrong(answer, normalized, g.stripTrailingZeros().toPlainString(), rule + ":numeric-differs");
    }

    private static BigDecimal parse(String s) {
        Matcher m = NUMBER.matcher(s.replace("$", ""));
        if (!m.find()) {
            return null;
        }
        try {
            return new BigDecimal(m.group().replace(",", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
