package org.gapbench.score.math;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the final answer in a model's response, trying the most explicit forms first: the last {@code \boxed{}}
 * (nested braces allowed; boxes side by side, {@code \boxed{-2} and \boxed{1}}, are one answer of several values), a
 * JSON {@code "answer"} field, {@code ####}, a closing phrase in any MGSM/CMATH language ("The answer is", "Final
 * answer:", 答え, 答案, 最终答案, "La respuesta es", "Ответ:" ...), a "therefore" phrase (因此, 所以, "so") on the last
 * line, and, as a last resort, the last math segment (LaTeX answers) or the last number. Responses are scanned only in
 * their last {@value #TAIL} characters: the final answer is at the end, and this keeps multi-megabyte responses cheap.
 */
final class AnswerExtractor {
    static final int TAIL = 20_000;

    /**
     * The text of the answer and the step that found it (boxed, json, hash, marker, therefore, last-math,
     * last-number). {@code reachesEnd}: the span runs to the end of the response, so when the response was cut by
     * the token limit the answer may have been cut too. An empty {@code text} is an empty {@code \boxed{}}.
     */
    record Extraction(String text, String step, boolean reachesEnd) {
        /** Whether the response says that this is its final answer (a box, a JSON field, {@code ####}, a phrase). */
        boolean explicit() {
            return !step.equals("therefore") && !step.equals("last-math") && !step.equals("last-number");
        }
    }

    /** A piece of the response: its text and where it starts and ends. */
    private record Found(String text, int start, int end) {
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
    /** $$…$$, $…$, \(…\), \[…\]; inside $…$ an escaped {@code \$} is a dollar sign, not the end of the segment. */
    private static final Pattern MATH_SEGMENT = Pattern.compile("(?s)(?<!\\\\)\\$\\$((?:\\\\.|[^$\\\\]){1,500})\\$\\$"
            + "|(?<!\\\\)\\$((?:\\\\.|[^$\\\\]){1,500})\\$|\\\\\\((.{1,500}?)\\\\\\)|\\\\\\[(.{1,500}?)\\\\]");
    /**
     * What may stand between the boxes (or math segments) of one answer: spaces, punctuation, math delimiters,
     * "and"/"or" in words or in {@code \text{}}, and the name of the next value, as in {@code $x=\boxed{-2}$ or
     * $x=\boxed{1}$}. Any other word makes them separate statements (an intermediate result, then the answer).
     */
    private static final Pattern CONNECTOR = Pattern.compile("(?iu)(?:\\s|[,;.:&~]|\\$|\\\\[()\\[\\],;! ]|\\\\\\\\|\\\\q?quad"
            + "|\\\\(?:text|mbox)\\{\\s*(?:and|or)\\s*}|\\b(?:and|or|und|oder|et|ou|y|o|или|и)\\b|和|或|与|と|か"
            + "|[a-z](?:_\\{?\\w{1,3}}?)?\\s*=)*");
    private static final int MAX_CONNECTOR = 60;

    private AnswerExtractor() {
    }

    /**
     * The answer in {@code response} (reasoning already removed), or null when there is none. With {@code latex}, a
     * response without any marker falls back to its last math segment ($...$, \(...\)) before the last number.
     */
    static Extraction extract(String response, boolean latex) {
        String s = response.length() > TAIL ? response.substring(response.length() - TAIL) : response;
        s = s.replace("**", "");
        int end = s.length(); // a span that runs to here may have been cut mid-answer ("12" of "120")
        List<Found> boxes = finalBoxes(s);
        if (!boxes.isEmpty()) {
            // Only a marker after the last box can overrule it, so only the text after it is searched: the
            // case-insensitive marker scan over a whole response is the scorer's most expensive step.
            Found marker = last(MARKER, s, s.lastIndexOf("\\boxed") + 1);
            if (marker != null && LAST_NUMBER.matcher(marker.text()).find()) {
                // boxes used for intermediate results, then "Final Answer: ..." at the end: the last statement wins
                return new Extraction(marker.text(), "marker", marker.end() >= end);
            }
            return new Extraction(joined(boxes), "boxed", false);
        }
        Matcher j = JSON_ANSWER.matcher(s);
        Found json = null;
        while (j.find()) {
            String text = j.group(2) != null ? j.group(2).replace("\\\\", "\\").replace("\\\"", "\"") : j.group(1);
            json = new Found(text, j.start(), j.group(2) != null ? j.start(2) : j.end()); // a closed string is whole
        }
        if (json != null && !json.text().isBlank()) {
            return new Extraction(json.text(), "json", json.end() >= end);
        }
        Found hash = last(HASH, s);
        if (hash != null) {
            return new Extraction(hash.text(), "hash", hash.end() >= end);
        }
        Found marker = last(MARKER, s);
        if (marker != null) {
            return new Extraction(marker.text(), "marker", marker.end() >= end);
        }
        Found therefore = last(THEREFORE, lastLine(s)); // "so"/"因此" mid-reasoning is not a conclusion
        if (therefore != null && (LAST_NUMBER.matcher(therefore.text()).find() || (latex && lastMathSegment(therefore.text()) != null))) {
            return new Extraction(latex ? therefore.text() : lastNumber(therefore.text()), "therefore", true);
        }
        if (latex) {
            String math = lastMathSegment(s);
            if (math != null) {
                return new Extraction(math, "last-math", true);
            }
        }
        String number = lastNumber(UnicodeDigits.toAscii(s));
        return number == null ? null : new Extraction(number, "last-number", true);
    }

    /** The group of the match that starts last; matches may overlap ("Final Answer: The final answer is 7"). */
    private static Found last(Pattern p, String s) {
        return last(p, s, 0);
    }

    /** {@link #last(Pattern, String)} among the matches that start at {@code start} or later. */
    private static Found last(Pattern p, String s, int start) {
        Matcher m = p.matcher(s);
        Found found = null;
        int from = start;
        while (from < s.length() && m.find(from)) {
            found = new Found(m.group(1).strip(), m.start(1), m.end());
            from = m.start() + 1;
        }
        return found == null || found.text().isEmpty() ? null : found;
    }

    /**
     * The content of the last $...$, $$...$$, \(...\) or \[...\] segment, with the segments before it that only
     * connectors separate: "$12$ and $13$" is the answer 12, 13.
     */
    static String lastMathSegment(String s) {
        Matcher m = MATH_SEGMENT.matcher(s);
        List<Found> group = new ArrayList<>();
        while (m.find()) {
            for (int g = 1; g <= 4; g++) {
                if (m.group(g) != null && !m.group(g).isBlank()) {
                    if (!group.isEmpty() && !connects(s, group.get(group.size() - 1).end(), m.start())) {
                        group.clear();
                    }
                    group.add(new Found(m.group(g).strip(), m.start(), m.end()));
                }
            }
        }
        return group.isEmpty() ? null : joined(group);
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

    /** The content of the last \boxed{...}, or null when there is none or it is empty. */
    static String lastBoxed(String s) {
        List<Found> all = boxes(s);
        String last = all.isEmpty() ? null : all.get(all.size() - 1).text();
        return last == null || last.isEmpty() ? null : last;
    }

    /**
     * The boxes of the final answer: the last one, and the boxes before it that only connectors separate from it.
     * An empty last box stays alone (the model boxed nothing); no box gives an empty list.
     */
    private static List<Found> finalBoxes(String s) {
        List<Found> all = boxes(s);
        int first = all.size() - 1;
        if (first < 0 || all.get(first).text().isEmpty()) {
            return first < 0 ? all : List.of(all.get(first));
        }
        while (first > 0 && !all.get(first - 1).text().isEmpty() && connects(s, all.get(first - 1).end(), all.get(first).start())) {
            first--;
        }
        return all.subList(first, all.size());
    }

    private static boolean connects(String s, int from, int to) {
        return to >= from && to - from <= MAX_CONNECTOR && CONNECTOR.matcher(s.substring(from, to)).matches();
    }

    /** The texts of a group as one answer: a repeated text once, several values as a comma-separated list. */
    private static String joined(List<Found> group) {
        List<String> texts = new ArrayList<>();
        for (Found f : group) {
            if (!texts.contains(f.text())) {
                texts.add(f.text());
            }
        }
        return String.join(", ", texts);
    }

    /** Every \boxed{...} / \fbox{...} in order, nested braces matched; {@code \boxed 5} without braces too. */
    private static List<Found> boxes(String s) {
        List<Found> out = new ArrayList<>();
        Matcher m = BOX.matcher(s);
        while (m.find()) {
            int i = m.end();
            if (i < s.length() && s.charAt(i) == '{') {
                int depth = 0;
                for (int k = i; k < s.length(); k++) {
                    char c = s.charAt(k);
                    if (c == '{') {
                        depth++;
                    } else if (c == '}' && --depth == 0) {
                        out.add(new Found(s.substring(i + 1, k).strip(), m.start(), k + 1));
                        break;
                    }
                }
            } else {
                int k = i;
                while (k < s.length() && !Character.isWhitespace(s.charAt(k)) && s.charAt(k) != '$') {
                    k++;
                }
                if (k > i) {
                    out.add(new Found(s.substring(i, k), m.start(), k));
                }
            }
        }
        return out;
    }
}
