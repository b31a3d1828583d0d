package org.gapbench.score.math;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the final answer in a model's response, trying the most explicit forms first: the last {@code \boxed{}}
 * (nested braces allowed), a JSON {@code "answer"} field, {@code ####}, a closing phrase in any MGSM/CMATH language
 * ("The answer is", "Final answer:", 答え, 答案, 最终答案, "La respuesta es", "Ответ:" ...), a "therefore" phrase
 * (因此, 所以, "so") on the last line,
 * and, as a last resort, the last number. Responses are scanned only in their last {@value #TAIL} characters:
 * the final answer is at the end, and this keeps multi-megabyte responses cheap.
 */
final class AnswerExtractor {
    static final int TAIL = 20_000;

    /** The text of the answer and the step that found it (boxed, json, hash, marker, therefore, last-number). */
    record Extraction(String text, String step) {
    }

    private static final Pattern BOX = Pattern.compile("\\\\(?:boxed|fbox)\\s*");
    private static final Pattern JSON_ANSWER = Pattern.compile("\"(?:final_)?answer\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.){0,500})\"|[^,}\\s]{1,100})");
    private static final Pattern HASH = Pattern.compile("####\\s*([^\\n]{1,200})");
    private static final Pattern MARKER = Pattern.compile("(?iu)(?:final answer(?: is)?|the answer is|answer is|answer\\s*[:：]"
            + "|答え(?:は|[:：])|答案(?:是|为|為|[:：])|最终答案|最終答案|正解(?:は|[:：])"
            + "|la respuesta (?:final )?es|respuesta(?: final)?\\s*[:：]|la réponse (?:finale )?est|réponse(?: finale)?\\s*[:：]"
            + "|die (?:endgültige )?antwort (?:ist|lautet)|antwort\\s*[:：]|ответ(?:\\s*[:：—-]|\\s+равен)|jibu (?:ni|la mwisho ni)|jibu\\s*[:：]"
            + "|উত্তর(?:\\s*(?:হল|হলো|[:：]))?|คำตอบ(?:คือ|\\s*[:：])?|సమాధానం(?:\\s*[:：])?|జవాబు(?:\\s*[:：])?)"
            + "\\s*(?:\\*\\*)?\\s*[:：]?\\s*([^\\n]{1,200})");
    private static final Pattern THEREFORE = Pattern.compile("(?iu)(?:\\b(?:therefore|thus|hence|so)\\b|因此|所以|故|従って|したがって|よって)[,，、:：]?\\s*([^\\n]{1,200})");
    /** A number not glued to a word: 18, -2.5, .5, 1,000, 1 000, 3/4. */
    private static final Pattern LAST_NUMBER = Pattern.compile(
            "(?<![A-Za-z\\d.])-?(?:\\\\[dt]?frac\\{[^{}]{1,50}}\\{[^{}]{1,50}}|\\d+(?:\\.\\d+)?\\s*/\\s*\\d+|\\d{1,3}(?:[ \u00a0\u202f]\\d{3})+(?![\\d.,])|\\d[\\d,]*(?:\\.\\d+)?|\\.\\d+)");
    private static final Pattern MATH_SEGMENT = Pattern.compile("(?s)\\$\\$(.{1,500}?)\\$\\$|\\$(.{1,500}?)\\$|\\\\\\((.{1,500}?)\\\\\\)|\\\\\\[(.{1,500}?)\\\\]");

    private AnswerExtractor() {
    }

    /**
     * The answer in {@code response} (reasoning already removed), or null when there is none. With {@code latex}, a
     * response without any marker falls back to its last math segment ($...$, \(...\)) before the last number.
     */
    static Extraction extract(String response, boolean latex) {
        String s = response.length() > TAIL ? response.substring(response.length() - TAIL) : response;
        s = s.replace("**", "");
        String boxed = lastBoxed(s);
        if (boxed != null) {
            int markerAt = lastStart(MARKER, s);
            String marker = markerAt > s.lastIndexOf("\\boxed") ? last(MARKER, s) : null;
            if (marker != null && LAST_NUMBER.matcher(marker).find()) {
                // boxes used for intermediate results, then "Final Answer: ..." at the end: the last statement wins
                return new Extraction(marker, "marker");
            }
            return new Extraction(boxed, "boxed");
        }
        Matcher j = JSON_ANSWER.matcher(s);
        String json = null;
        while (j.find()) {
            json = j.group(2) != null ? j.group(2).replace("\\\\", "\\").replace("\\\"", "\"") : j.group(1);
        }
        if (json != null && !json.isBlank()) {
            return new Extraction(json, "json");
        }
        String hash = last(HASH, s);
        if (hash != null) {
            return new Extraction(hash, "hash");
        }
        String marker = last(MARKER, s);
        if (marker != null) {
            return new Extraction(marker, "marker");
        }
        String therefore = last(THEREFORE, lastLine(s)); // "so"/"因此" mid-reasoning is not a conclusion
        if (therefore != null && (LAST_NUMBER.matcher(therefore).find() || (latex && lastMathSegment(therefore) != null))) {
            return new Extraction(latex ? therefore : lastNumber(therefore), "therefore");
        }
        if (latex) {
            String math = lastMathSegment(s);
            if (math != null) {
                return new Extraction(math, "last-math");
            }
        }
        String number = lastNumber(UnicodeDigits.toAscii(s));
        return number == null ? null : new Extraction(number, "last-number");
    }

    /** The group of the match that starts last; matches may overlap ("Final Answer: The final answer is 7"). */
    private static String last(Pattern p, String s) {
        Matcher m = p.matcher(s);
        String found = null;
        int from = 0;
        while (from < s.length() && m.find(from)) {
            found = m.group(1).strip();
            from = m.start() + 1;
        }
        return found == null || found.isEmpty() ? null : found;
    }

    private static int lastStart(Pattern p, String s) {
        Matcher m = p.matcher(s);
        int at = -1;
        while (at + 1 < s.length() && m.find(at + 1)) {
            at = m.start();
        }
        return at;
    }

    /** The content of the last $...$, $$...$$, \(...\) or \[...\] segment. */
    static String lastMathSegment(String s) {
        Matcher m = MATH_SEGMENT.matcher(s);
        String found = null;
        while (m.find()) {
            for (int g = 1; g <= 4; g++) {
                if (m.group(g) != null && !m.group(g).isBlank()) {
                    found = m.group(g).strip();
                }
            }
        }
        return found;
    }

    private static String lastLine(String s) {
        String t = s.stripTrailing();
        return t.substring(t.lastIndexOf('\n') + 1);
    }

    private static String lastNumber(String s) {
        Matcher m = LAST_NUMBER.matcher(s);
        String found = null;
        while (m.find()) {
            found = m.group();
        }
        if (found != null) {
            while (found.endsWith(",")) {
                found = found.substring(0, found.length() - 1);
            }
        }
        return found;
    }

    /** The content of the last \boxed{...}, matching nested braces; {@code \boxed 5} without braces too. */
    static String lastBoxed(String s) {
        Matcher m = BOX.matcher(s);
        String found = null;
        while (m.find()) {
            int i = m.end();
            if (i < s.length() && s.charAt(i) == '{') {
                int depth = 0;
                for (int k = i; k < s.length(); k++) {
                    char c = s.charAt(k);
                    if (c == '{') {
                        depth++;
                    } else if (c == '}' && --depth == 0) {
                        found = s.substring(i + 1, k).strip();
                        break;
                    }
                }
            } else {
                int k = i;
                while (k < s.length() && !Character.isWhitespace(s.charAt(k)) && s.charAt(k) != '$') {
                    k++;
                }
                if (k > i) {
                    found = s.substring(i, k);
                }
            }
        }
        return found == null || found.isEmpty() ? null : found;
    }
}
