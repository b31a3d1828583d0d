package org.gapbench.score.choice;

import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gapbench.dataset.Item;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.score.Scorer;
import org.gapbench.score.ScorerFamily;

/**
 * Multiple-choice scorer shared by JCommonsenseQA, JMMLU, CMMLU and the implicature items: finds the option
 * letter in real outputs ({@code B}, {@code (B)}, {@code Ｂ}, {@code 答え：B}, {@code 答案是B}, {@code 正解は B です},
 * or the text of exactly one option) and refuses an answer that names two letters.
 * Options: {@code gold_field} (letter, default {@code answer}), {@code choices_field} (default {@code choices}).
 */
public final class ChoiceScorer implements Scorer {
    private static final Pattern MARKED = Pattern.compile(
            "(?i)(?:答え|答案|正解|回答|解答|選択肢|选项|選項|answer)\\s*(?:は|是|为|為|应该是|應該是|应为|:|：|is)?\\s*(?:选项|選択肢)?\\s*[(（「【\\[]?\\s*([A-Z])(?![A-Za-z])");
    private static final Pattern LETTER = Pattern.compile("(?<![A-Za-z])([A-Z])(?![A-Za-z])");

    /** @param goldField the field holding the gold letter; {@code choicesField} the list of option texts */
    public record Options(String goldField, String choicesField) {
        public static final Options DEFAULT = new Options("answer", "choices");
    }

    public static final ScorerFamily<Options> FAMILY = ScorerFamily.of("choice",
            o -> new Options(o.field("gold_field", "answer"), o.field("choices_field", "choices")), (o, context) -> new ChoiceScorer(o));

    private final String goldField;
    private final String choicesField;

    public ChoiceScorer(Options o) {
        this.goldField = o.goldField();
        this.choicesField = o.choicesField();
    }

    @Override
    public Score score(Item item, ModelOutput output) {
        String gold = item.text(goldField).trim().toUpperCase(java.util.Locale.ROOT);
        List<Object> choices = item.list(choicesField);
        Extraction e = extract(output.text(), choices);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("options", choices.size());
        if (e.letter == null) {
            details.put("candidates", e.candidates);
            return new Score(0, null, null, gold, e.rule, details);
        }
        boolean ok = e.letter.equals(gold);
        return new Score(ok ? 1 : 0, e.letter, e.letter, gold, e.rule + (ok ? ":match" : ":differs"), details);
    }

    /** The letter found (null when none or ambiguous), the rule that found it and the letters considered. */
    public record Extraction(String letter, String rule, List<String> candidates) {
    }

    public static Extraction extract(String response, List<Object> choices) {
        String text = Normalizer.normalize(response == null ? "" : response, Normalizer.Form.NFKC).strip();
        char lastLetter = (char) ('A' + Math.max(choices.size(), 2) - 1);
        if (text.isEmpty()) {
            return new Extraction(null, "no-answer", List.of());
        }
        Matcher bare = Pattern.compile("^[(\\[【「]?\\s*([A-Z])\\s*[)\\]】」.．。:：]?$").matcher(text);
        if (bare.matches() && bare.group(1).charAt(0) <= lastLetter) {
            return new Extraction(bare.group(1), "bare-letter", List.of(bare.group(1)));
        }
        Matcher m = MARKED.matcher(text);
        String marked = null;
        int markedEnd = -1;
        while (m.find()) {
            if (m.group(1).charAt(0) <= lastLetter) {
                marked = m.group(1);
                markedEnd = m.end();
            }
        }
        if (marked != null) {
            // 答えはAかB: a second letter right after the marked one makes the answer ambiguous.
            String rest = text.substring(markedEnd, Math.min(text.length(), markedEnd + 8));
            Matcher second = Pattern.compile("^\\s*[)）」】\\]]?\\s*(?:か|或者?|还是|or|または|もしくは|/|／|、|,|和|と)\\s*[(（]?([A-Z])(?![A-Za-z])").matcher(rest);
            if (second.find() && !second.group(1).equals(marked)) {
                return new Extraction(null, "ambiguous", List.of(marked, second.group(1)));
            }
            return new Extraction(marked, "marked", List.of(marked));
        }
        Set<String> letters = new LinkedHashSet<>();
        Matcher l = LETTER.matcher(text);
        while (l.find()) {
            if (l.group(1).charAt(0) <= lastLetter) {
                letters.add(l.group(1));
            }
        }
        if (letters.size() == 1) {
            return new Extraction(letters.iterator().next(), "single-letter", List.copyOf(letters));
        }
        if (letters.size() > 1) {
            return new Extraction(null, "ambiguous", List.copyOf(letters));
        }
        Set<String> byText = new LinkedHashSet<>();
        for (int i = 0; i < choices.size(); i++) {
            String c = Normalizer.normalize(String.valueOf(choices.get(i)), Normalizer.Form.NFKC).strip();
            if (!c.isEmpty() && text.contains(c) && !containedInAnother(c, choices)) {
                byText.add(String.valueOf((char) ('A' + i)));
            }
        }
        if (byText.size() == 1) {
            return new Extraction(byText.iterator().next(), "option-text", List.copyOf(byText));
        }
        return new Extraction(null, byText.isEmpty() ? "no-answer" : "ambiguous", List.copyOf(byText));
    }

    /** An option that is part of another option (屋外 in 屋外プール) cannot be identified by its text alone. */
    private static boolean containedInAnother(String c, List<Object> choices) {
        return choices.stream().map(String::valueOf).filter(o -> !o.strip().equals(c)).anyMatch(o -> o.contains(c));
    }
}
