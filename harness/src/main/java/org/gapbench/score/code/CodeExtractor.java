package org.gapbench.score.code;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the code in a chat answer: a fenced block (labelled with the language, or unlabelled; the block that
 * defines the entry point when there are several, else the longest), or, without fences, the code lines with
 * the prose around them cut off. A completion that continues the prompt's signature is returned as it is.
 */
final class CodeExtractor {
    /** An opening fence, its label, the code, and the closing fence (or the end of a truncated answer). */
    private static final Pattern FENCE = Pattern.compile("(?m)^[ \\t]*```[ \\t]*([\\w+#.-]*)[^\\n]*\\n(.*?)(?:^[ \\t]*```|\\z)", Pattern.DOTALL);

    /** How the code was found, recorded in the score so a user can check the extraction. */
    enum Source { FENCED, UNFENCED }

    record Extracted(String code, Source source) {
    }

    private CodeExtractor() {
    }

    /** The code in {@code response}, or null when it contains none. */
    static Extracted extract(String response, CodeLanguage lang, String entryPoint) {
        if (response == null || response.isBlank()) {
            return null;
        }
        List<String[]> blocks = new ArrayList<>();
        Matcher m = FENCE.matcher(response);
        while (m.find()) {
            blocks.add(new String[] {m.group(1), m.group(2)});
        }
        if (!blocks.isEmpty()) {
            List<String> ours = blocks.stream().filter(b -> b[0].isEmpty() || lang.labels(b[0])).map(b -> b[1]).toList();
            List<String> candidates = ours.isEmpty() ? blocks.stream().map(b -> b[1]).toList() : ours;
            String chosen = candidates.stream().filter(c -> lang.defines(c, entryPoint)).findFirst()
                    .orElseGet(() -> candidates.stream().max((a, b) -> Integer.compare(a.strip().length(), b.strip().length())).orElseThrow());
            return chosen.isBlank() ? null : new Extracted(chosen, Source.FENCED);
        }
        String code = stripProse(response, lang);
        return code == null ? null : new Extracted(code, Source.UNFENCED);
    }

    /** The lines from the first code line to the last, or null when no line looks like code. */
    private static String stripProse(String response, CodeLanguage lang) {
        String[] lines = response.split("\n", -1);
        Pattern code = lang.codeLine();
        int first = -1;
        int last = -1;
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank() && code.matcher(lines[i]).find()) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            } else if (first >= 0 && !lines[i].isBlank() && lines[i].matches("^[A-Z][^(){}=]*[.:!?]\\s*$")) {
                break; // a prose sentence after the code: the code has ended
            }
        }
        if (first < 0) {
            return null;
        }
        return String.join("\n", java.util.Arrays.copyOfRange(lines, first, last + 1)) + "\n";
    }

    /** Whether code continues a signature (its first line is indented) rather than standing on its own. */
    static boolean isContinuation(String code) {
        for (String line : code.split("\n")) {
            if (!line.isBlank()) {
                return Character.isWhitespace(line.charAt(0));
            }
        }
        return false;
    }
}
