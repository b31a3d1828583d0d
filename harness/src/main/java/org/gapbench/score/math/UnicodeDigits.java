package org.gapbench.score.math;

/**
 * Digits of any script (full-width, Arabic-Indic, Devanagari, Bengali, Telugu, Thai ...) rewritten as ASCII digits,
 * because MGSM and CJK models write numbers in their own scripts and {@link Double#parseDouble} only reads ASCII.
 */
final class UnicodeDigits {
    private UnicodeDigits() {
    }

    static String toAscii(CharSequence s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 127 && Character.isDigit(c)) {
                if (b == null) {
                    b = new StringBuilder(s.length()).append(s, 0, i);
                }
                b.append((char) ('0' + Character.digit(c, 10)));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s.toString() : b.toString();
    }
}
