package org.gapbench.score.ja;

/** Picks the answer out of a reply that may add a label, quotes or an explanation after it. */
final class Replies {
    private Replies() {
    }

    /** The first non-empty paragraph, without a leading label (敬語表現：, 回答:) or surrounding 「」/quotes. */
    static String firstSentenceBlock(String text) {
        String t = text == null ? "" : text.strip();
        for (String block : t.split("\\n\\s*\\n")) {
            String b = block.strip().replaceFirst("^(?:[^\\n：:「]{1,12}[：:])\\s*", "").strip();
            b = b.replaceAll("^[「『\"“]+|[」』\"”]+$", "").strip();
            if (!b.isEmpty()) {
                return b;
            }
        }
        return "";
    }
}
