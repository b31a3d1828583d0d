package org.gapbench.score.math;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts the answer out of an extracted span that says more than the answer: "18 dollars per day", "5 + 3 = 8",
 * "The final answer is $\frac{1}{2}$. I hope it is correct.", "所以一共有3 + 10 = 13只".
 */
final class AnswerSpans {
    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d[\\d,.\u00a0\u202f\u2009 ]*\\d|[-+]?\\d");
    private static final Pattern FRACTION = Pattern.compile("[-+]?\\d+\\s*/\\s*\\d+|[-+]?\\\\frac\\{\\d+}\\{\\d+}");
    private static final Pattern ANY_FRACTION = Pattern.compile("-?\\\\[dt]?frac\\{[^{}]{1,50}}\\{[^{}]{1,50}}|-?\\d+\\s*/\\s*\\d+");
    private static final Pattern SENTENCE_END = Pattern.compile("\\.\\s+(?=\\p{Lu}|I hope)|<\\||\\bI hope\\b");
    private static final Pattern DIGIT = Pattern.compile("\\d");
    private static final Pattern LEADING_NUMBER = Pattern.compile("\\s*[-+]?\\s*(?:\\d|\\.\\d)");
    /** Words that offer alternatives ("5 or 6", "maybe 6"; the normalizer has turned "or" into a comma by then). */
    private static final Pattern HEDGE = Pattern.compile("(?iu)\\b(?:or|either|maybe|perhaps|possibly|between)\\b|或|または|か、");
    /** Words right after which a sentence states its result ("which equals 129,200", "a profit of 250"). */
    private static final Pattern CONCLUDING = Pattern.compile("(?i)(?:\\b(?:equals?|equal to|is|are|was|were|totals?|totaling|totalling"
            + "|comes? to|amounts? to|makes?|gives?|results? in|leaves?|leaving|left with|remaining"
            + "|(?:profit|loss|total|sum|difference|answer|result) of)\\b|=)"
            + "\\s*(?:(?:about|approximately|roughly|exactly|only|just|now|then|a total of|the total of)\\s+)*");

    private AnswerSpans() {
    }

    /**
     * For number answers, the one number a span states: the span itself when it is a number or a fraction,
     * else the right-hand side of its last "=", else, in a span that starts with its number, that number
     * ("18 dollars per day" -> 18), and in a sentence, the number it concludes with: the first after its last
     * concluding word ("… which equals $129,200" -> 129,200; "… $750 in total, a profit of $250" -> 250), else its
     * first number.
     */
    static String toNumber(String span) {
        String s = LatexNormalizer.normalize(span).text();
        if (MathExpression.parse(s) != null || FRACTION.matcher(s).matches() || isNumber(s)) {
            return span;
        }
        if (NamedValues.parse(s).parts().stream().filter(NamedValues.Part::named).count() > 1) {
            return span; // "x = 4, y = 6" names two values: not one number, and not the last of them
        }
        int eq = s.lastIndexOf('=');
        if (eq >= 0 && eq < s.length() - 1) {
            String rhs = s.substring(eq + 1).strip();
            if (MathExpression.parse(rhs) != null || isNumber(rhs)) {
                return rhs;
            }
            s = rhs;
        }
        Matcher f = FRACTION.matcher(s);
        if (f.find() && f.start() == 0) {
            return f.group();
        }
        if (HEDGE.matcher(s).find() && distinctNumbers(s) > 1) {
            return span; // "5 (or maybe 6)": two answers offered, so not one number
        }
        if (!LEADING_NUMBER.matcher(s).lookingAt()) {
            String concluded = concluded(s);
            if (concluded != null) {
                return concluded;
            }
        }
        Matcher m = NUMBER.matcher(s);
        return m.find() ? m.group().strip() : span;
    }

    private static long distinctNumbers(String s) {
        return NUMBER.matcher(s).results().map(r -> r.group().strip()).distinct().count();
    }

    /** The first number after the last concluding word of a sentence, or null. */
    private static String concluded(String sentence) {
        Matcher c = CONCLUDING.matcher(sentence);
        String found = null;
        while (c.find()) {
            Matcher m = NUMBER.matcher(sentence).region(c.end(), sentence.length());
            if (m.lookingAt()) { // the number must follow the word: "40 years in total to save for a 20-year …" concludes nothing
                found = m.group().strip();
            }
        }
        return found;
    }

    /**
     * For LaTeX answers found after a phrase, the answer inside the sentence: text after the last " is ", and within
     * it the last math segment ("The final answer is $\frac{1}{2}$. I hope it is correct." -> \frac{1}{2}).
     */
    static String fromSentence(String span) {
        String s = SENTENCE_END.split(span, 2)[0];
        int is = s.lastIndexOf(" is ");
        if (is >= 0 && (AnswerExtractor.lastMathSegment(s.substring(is)) != null || DIGIT.matcher(s.substring(is)).find())) {
            s = s.substring(is + 4); // "The largest $n$ is 34": the value follows "is"
        }
        String math = AnswerExtractor.lastMathSegment(s);
        if (math != null) {
            return math;
        }
        s = s.strip();
        while (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (MathExpression.parse(LatexNormalizer.normalize(s).text()) == null) {
            int eq = s.lastIndexOf('=');
            if (eq >= 0 && DIGIT.matcher(s.substring(eq)).find()) {
                s = s.substring(eq + 1); // "所以一共有3 + 10 = 13只": the result after the last "="
            }
            Matcher f = ANY_FRACTION.matcher(s);
            if (f.find()) { // "每份应该是 (\frac{2}{5}) 吨"
                return f.group();
            }
            Matcher m = NUMBER.matcher(s);
            if (m.find()) { // "Jane started growing it 3 hours ago", "总共有13只鸟": the number in a sentence of words
                return m.group().strip();
            }
        }
        return s.isEmpty() ? span : s;
    }

    private static boolean isNumber(String s) {
        Matcher m = NUMBER.matcher(s);
        return m.matches();
    }
}
