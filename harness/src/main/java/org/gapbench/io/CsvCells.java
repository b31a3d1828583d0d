package org.gapbench.io;

/**
 * CSV formula injection: a spreadsheet runs a cell that starts with {@code = + - @}, a tab or a carriage return as a
 * formula ({@code =HYPERLINK(...)} in a model name). Text cells of published CSV files go through {@link #text}, which
 * prefixes such a cell with an apostrophe (OWASP's advice); the catalog refuses ids that start that way.
 */
public final class CsvCells {
    private CsvCells() {
    }

    public static boolean startsLikeFormula(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        char c = s.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }

    /** {@code s} safe to publish as a CSV text cell (numbers are written as numbers, not through here). */
    public static String text(String s) {
        return startsLikeFormula(s) ? "'" + s : s;
    }
}
