package org.gapbench.score.math;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the final answer in a model's response, trying the most explicit forms first: the last {@code \boxed{}}
 * (nested braces allowed), a JSON {@code "answer"} field, {@code ####}, a closing phrase in any MGSM/CMATH language
 * ("The answer is", "Final answer:", 答え, 答案, 最终答案, "La respuesta es", "Ответ:" ...), a "therefore" phrase,
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
    private static final Pattern LAST_NUMBER = Pattern.compile("-?\\d[\\d,]*(?:\\.\\d+)?|-?\\.\\d+");

    private AnswerExtractor() {
    }

    /** The answer in {@code response} (reasoning already removed), or null when there is none. */
    static Extraction extract(String response) {
        String s = response.length() > TAIL ? response.substring(response.length() - TAIL) : response;
        s = s.replace("**", "");
        String boxed = lastBoxed(s);
        if (boxed != null) {
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
        String therefore = last(THEREFORE, s);
        if (therefore != null && LAST_NUMBER.matcher(therefore).find()) {
            return new Extraction(lastNumber(therefore), "therefore");
        }
        String number = lastNumber(UnicodeDigits.toAscii(s));
        return number == null ? null : new Extraction(number, "last-number");
    }

    private static String last(Pattern p, String s) {
        Matcher m = p.matcher(s);
        String found = null;
        while (m.find()) {
            found = m.group(1).strip();
        }
        return found == null || found.isEmpty() ? null : found;
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
