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
 * {@code 2} (the second) or {@code 3} (cannot choose), in ASCII or full-width digits.</li>
 * </ul>
 */
enum PairRule {
    FASTCHAT("fastchat-[[A]]/[[B]]/[[C]]"),
    LAST_LINE("last-line-1/2/3");

    enum Slot { A, B, TIE }

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
            default -> throw new IllegalArgumentException("unknown pairwise rule '" + name + "' (fastchat, last-line)");
        };
    }

    Optional<Slot> read(String text) {
        if (text == null) {
            return Optional.empty();
        }
        if (this == FASTCHAT) {
            if (text.contains("[[A]]")) {
                return Optional.of(Slot.A);
            }
            if (text.contains("[[B]]")) {
                return Optional.of(Slot.B);
            }
            return text.contains("[[C]]") ? Optional.of(Slot.TIE) : Optional.empty();
        }
        String[] lines = text.strip().split("\\R");
        String last = lines[lines.length - 1].strip();
        return switch (last) {
            case "1", "１" -> Optional.of(Slot.A);
            case "2", "２" -> Optional.of(Slot.B);
            case "3", "３" -> Optional.of(Slot.TIE);
            default -> Optional.empty();
        };
    }
}
