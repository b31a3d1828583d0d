package org.gapbench.score.choice;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GAOKAO-Bench's own answer extraction, reproduced exactly: {@code extract_choice_answer} in
 * OpenLMLab/GAOKAO-Bench {@code Bench/bench_function.py} (Apache-2.0), the rule that produced the publisher's
 * {@code model_answer} for every recorded output. It is lenient by design (a stray capital letter can be taken for an
 * answer); gapbench keeps it because the published scores are defined by it. Python's {@code \s} (Unicode
 * whitespace, {@code str.isspace}) and its code-point slicing are matched, not approximated.
 */
public final class GaokaoExtraction {
    /** Python's {@code \s} on str: the Unicode White_Space property plus the separators U+001C..U+001F. */
    private static final String SPACE = "[\\s\\x1c-\\x1f]";
    private static final Pattern ANSWER_MARK = Pattern.compile("【答案】" + SPACE + "*[:：]*" + SPACE + "*[A-Z]",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern SPACES = Pattern.compile(SPACE + "+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern CAPITAL = Pattern.compile("[A-Z]");
    private static final Pattern A_TO_D = Pattern.compile("[A-D]");
    private static final Pattern A_TO_G = Pattern.compile("[A-G]");

    /** The publisher's question types, each with its extraction rule. */
    public enum QuestionType {
        /** One of A-D: the last A-D in the output. */
        SINGLE_CHOICE,
        /** Several sub-questions: one letter after each 【答案】 when their count is right, else the first capitals. */
        MULTI_QUESTION_CHOICE,
        /** Several correct options (physics): every A-D after the first 【答案】, else in the last 10 characters. */
        MULTI_CHOICE,
        /** Seven options for five blanks (English cloze): the first five of A-G. */
        FIVE_OUT_OF_SEVEN;

        /** The upstream spelling ({@code single_choice}, ...), as the dataset names it. */
        public static QuestionType of(String name) {
            for (QuestionType t : values()) {
                if (t.name().toLowerCase(Locale.ROOT).equals(name.trim())) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown GAOKAO-Bench question type '" + name
                    + "' (single_choice, multi_question_choice, multi_choice, five_out_of_seven)");
        }

        public String spelling() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private GaokaoExtraction() {
    }

    /**
     * The answers the publisher's rule extracts from {@code output} for a question of {@code type} with {@code blanks}
     * answers: one letter per blank, or one string of letters for a multi-select question; empty when none is found.
     */
    public static List<String> extract(String output, QuestionType type, int blanks) {
        String text = output == null ? "" : output;
        return switch (type) {
            case SINGLE_CHOICE -> lastOf(text);
            case MULTI_QUESTION_CHOICE -> perQuestion(text, blanks);
            case MULTI_CHOICE -> multiSelect(text);
            case FIVE_OUT_OF_SEVEN -> first(A_TO_G, text, 5);
        };
    }

    /** {@code re.findall(r'[A-D]', output[::-1])[0]}: the last A-D. */
    private static List<String> lastOf(String text) {
        for (int i = text.length() - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'D') {
                return List.of(String.valueOf(c));
            }
        }
        return List.of();
    }

    private static List<String> perQuestion(String text, int blanks) {
        List<String> marked = new ArrayList<>();
        Matcher m = ANSWER_MARK.matcher(text);
        while (m.find()) {
            String match = m.group();
            marked.add(match.substring(match.length() - 1)); // the match ends in its only capital letter
        }
        return marked.size() == blanks ? marked : first(CAPITAL, text, blanks);
    }

    private static List<String> multiSelect(String text) {
        String content = SPACES.matcher(text).replaceAll("");
        int mark = content.indexOf("【答案】");
        // Upstream tests 'index > 0': an output that starts with 【答案】 falls through to its last 10 characters.
        String tail;
        if (mark > 0) {
            tail = content.substring(mark);
        } else {
            int codePoints = content.codePointCount(0, content.length());
            tail = content.substring(codePoints > 10 ? content.offsetByCodePoints(0, codePoints - 10) : 0);
        }
        String letters = String.join("", first(A_TO_D, tail, Integer.MAX_VALUE));
        return letters.isEmpty() ? List.of() : List.of(letters);
    }

    private static List<String> first(Pattern letter, String text, int limit) {
        List<String> out = new ArrayList<>();
        Matcher m = letter.matcher(text);
        while (out.size() < limit && m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
