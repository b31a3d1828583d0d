package org.gapbench.score.judge;

import java.util.Locale;
import java.util.Optional;

/**
 * How a pairwise judge's text is read, as the suite's upstream reads it; anything else is no verdict (asked again,
 * then an error):
 * <ul>
 * <li>{@link #FASTCHAT}: FastChat's rule for the {@code [[A]]} output format — {@code [[A]]} anywhere means A, else
 * {@code [[B]]} means B, else {@code [[C]]} a tie (Japanese Vicuna QA);</li>
 * <li>{@link #LAST_LINE}: Rakuda's {@code last} format — the last non-empty line is {@code 1} (the first assistant),
 * {@code 2} (the second) or {@code 3} (cannot choose), in ASCII or full-width digits;</li>
 * <li>{@link #PREFERENCE}: AlpacaEval's preference — a number in [1, 2], {@code [[p]]} or the whole text, where 1 says
 * the first output is better, 2 the second, and what lies between the judge's confidence (AlpacaEval 2 computes it
 * from the judge's log-probabilities of the two labels).</li>
 * </ul>
 * Every rule gives the probability that the first assistant's answer is the better.
 */
enum PairRule {
    FASTCHAT("fastchat-[[A]]/[[B]]/[[C]]"),
    LAST_LINE("last-line-1/2/3"),
    PREFERENCE("alpaca-eval-preference-[1,2]");

    private static final java.util.regex.Pattern BRACKETED = java.util.regex.Pattern.compile("\\[\\[\\s*([12](?:\\.\\d+)?)\\s*]]");

    private final String label;

    PairRule(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    static PairRule named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "fastchat" -> FASTCHAT;
            case "last-line" -> LAST_LINE;
            case "preference" -> PREFERENCE;
            default -> throw new IllegalArgumentException("unknown pairwise rule '" + name + "' (fastchat, last-line, preference)");
        };
    }

    /** The probability the rule reads that the first assistant's answer is the better (1, 0, 0.5 for a tie, or between). */
    Optional<Double> firstBetter(String text) {
        if (text == null) {
            return Optional.empty();
        }
        if (this == FASTCHAT) {
            if (text.contains("[[A]]")) {
                return Optional.of(1.0);
            }
            if (text.contains("[[B]]")) {
                return Optional.of(0.0);
            }
            return text.contains("[[C]]") ? Optional.of(0.5) : Optional.empty();
        }
        if (this == PREFERENCE) {
            java.util.regex.Matcher m = BRACKETED.matcher(text);
            String found = m.find() ? m.group(1) : text.strip();
            try {
                double p = Double.parseDouble(found);
                return p >= 1 && p <= 2 ? Optional.of(2 - p) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        String[] lines = text.strip().split("\\R");
        String last = lines[lines.length - 1].strip();
        return switch (last) {
            case "1", "１" -> Optional.of(1.0);
            case "2", "２" -> Optional.of(0.0);
            case "3", "３" -> Optional.of(0.5);
            default -> Optional.empty();
        };
    }
}
