package org.gapbench.score.judge;

import java.util.Optional;

/**
 * How a pairwise judge's text is read: FastChat's rule for the {@code [[A]]} output format — {@code [[A]]} anywhere
 * means A, else {@code [[B]]} means B, else {@code [[C]]} a tie; anything else is no verdict (asked again, then an error).
 */
final class PairRule {
    static final String NAME = "fastchat-[[A]]/[[B]]/[[C]]";

    enum Slot { A, B, TIE }

    private PairRule() {
    }

    static Optional<Slot> read(String text) {
        if (text == null) {
            return Optional.empty();
        }
        if (text.contains("[[A]]")) {
            return Optional.of(Slot.A);
        }
        if (text.contains("[[B]]")) {
            return Optional.of(Slot.B);
        }
        return text.contains("[[C]]") ? Optional.of(Slot.TIE) : Optional.empty();
    }
}
