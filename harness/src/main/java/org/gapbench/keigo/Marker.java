package org.gapbench.keigo;

/**
 * One piece of keigo evidence found in a text.
 *
 * @param kind    what the evidence shows
 * @param rule    the rule that found it, e.g. {@code o-ni-naru}, {@code double-keigo}
 * @param surface the words it covers, as written
 * @param offset  character offset of the first word in the analysed text
 */
public record Marker(Kind kind, String rule, String surface, int offset) {

    public enum Kind {
        /** Teineigo: です/ます/ございます. */
        TEINEI,
        /** Sonkeigo: raises the person who acts (いらっしゃる, お〜になる, 〜れる). */
        SONKEI,
        /** Kenjōgo: humbles the speaker's side (申し上げる, 伺う, お〜する). */
        KENJO,
        /** A form that is wrong whoever acts (double keigo, malformed humble forms). */
        MISUSE
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + rule + "「" + surface + "」";
    }
}
