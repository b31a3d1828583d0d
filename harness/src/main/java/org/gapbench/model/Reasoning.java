package org.gapbench.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Separates inline reasoning ({@code <think>...</think>}) from the final answer, keeping both. */
public final class Reasoning {
    private static final Pattern THINK = Pattern.compile("(?s)<(think|thinking|reasoning)>(.*?)</\\1>");
    /** A model cut off mid-thought leaves an unclosed tag: everything after it is reasoning. */
    private static final Pattern UNCLOSED = Pattern.compile("(?s)^\\s*<(think|thinking|reasoning)>(.*)$");

    private Reasoning() {
    }

    /** Returns {final text, reasoning or null}. Reasoning the provider returned separately is kept first. */
    public static String[] split(String text, String providerReasoning) {
        if (text == null) {
            return new String[] {"", providerReasoning};
        }
        if (!hasOpeningTag(text)) {
            // Neither pattern can match without an opening tag, and most answers have none: this skips both regex scans
            // and the copy of the text they make, twice per sample (provider and scorer); ReasoningTest compares the two
            return new String[] {text, providerReasoning == null || providerReasoning.isEmpty() ? null : providerReasoning};
        }
        return splitTags(text, providerReasoning);
    }

    /** Whether {@code text} holds {@code <think>}, {@code <thinking>} or {@code <reasoning>}, which both patterns start with. */
    static boolean hasOpeningTag(String text) {
        // one pass over the text (three contains() would make three), looking at what follows each '<'
        for (int i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i + 1)) {
            if (text.startsWith("think>", i + 1) || text.startsWith("thinking>", i + 1) || text.startsWith("reasoning>", i + 1)) {
                return true;
            }
        }
        return false;
    }

    /** {@link #split} by the two patterns, whatever the text holds. */
    static String[] splitTags(String text, String providerReasoning) {
        StringBuilder reasoning = new StringBuilder(providerReasoning == null ? "" : providerReasoning);
        Matcher m = THINK.matcher(text);
        StringBuilder rest = new StringBuilder();
        boolean found = false;
        while (m.find()) {
            found = true;
            if (reasoning.length() > 0) {
                reasoning.append("\n");
            }
            reasoning.append(m.group(2).strip());
            m.appendReplacement(rest, "");
        }
        m.appendTail(rest);
        String finalText = found ? rest.toString().strip() : text;
        Matcher u = UNCLOSED.matcher(finalText);
        if (u.matches()) {
            if (reasoning.length() > 0) {
                reasoning.append("\n");
            }
            reasoning.append(u.group(2).strip());
            finalText = "";
        }
        return new String[] {finalText, reasoning.length() == 0 ? null : reasoning.toString()};
    }
}
