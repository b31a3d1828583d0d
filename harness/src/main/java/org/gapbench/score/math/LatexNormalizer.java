package org.gapbench.score.math;

import java.text.Normalizer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites an answer into the canonical text the comparator works on. Each step removes a difference that does not
 * change the mathematical value: full-width and non-Latin digits, math delimiters, spacing commands, {@code \dfrac},
 * {@code \left(}, degree signs, currency, units after a number, {@code \text{}} wrappers, {@code x =} prefixes.
 * Percent signs are removed too but remembered, because {@code 12%} may equal {@code 12} or {@code 0.12}.
 */
final class LatexNormalizer {
    /** A normalized answer and whether a percent sign was removed from it. */
    record Normalized(String text, boolean percent) {
    }

    private static final Pattern DELIMITERS = Pattern.compile("\\\\[()\\[\\]]|\\$");
    private static final Pattern SPACING = Pattern.compile("(?<!\\\\)\\\\[;: ]|~|\\\\(q)?quad|\\\\displaystyle|\\\\left|\\\\right|\\\\big|\\\\Big");
    /** Thin spaces and negative spaces also serve as thousands separators (10,\!080 and 10\,000): removed, not spaced. */
    private static final Pattern THIN_SPACING = Pattern.compile("(?<!\\\\)\\\\[!,]");
    private static final Pattern FRAC_VARIANT = Pattern.compile("\\\\[dt]frac");
    private static final Pattern FRAC_SHORT = Pattern.compile("\\\\frac\\s*(\\d|[a-zA-Z])\\s*(\\d|[a-zA-Z])");
    private static final Pattern FRAC_HALF_SHORT = Pattern.compile("\\\\frac\\s*(\\d)\\s*\\{");
    private static final Pattern FRAC_HALF_SHORT2 = Pattern.compile("\\\\frac(\\{[^{}]*})\\s*(\\d)");
    private static final Pattern SQRT_SHORT = Pattern.compile("\\\\sqrt\\s*(\\d+|[a-zA-Z])");
    private static final Pattern DEGREES = Pattern.compile("\\^\\s*\\{?\\\\circ}?|°|\\\\degree|\\^\\{\\\\text\\{o}}");
    private static final Pattern TEXT_WRAPPER = Pattern.compile("\\\\(?:text|textbf|textit|mbox|mathrm|mathbf|operatorname)\\s*\\{([^{}]*)}");
    private static final Pattern CURRENCY = Pattern.compile("\\\\\\$|[$€£¥₹円元]|\\\\euro|\\\\pounds|USD|RMB|Rs\\.?");
    private static final Pattern PERCENT = Pattern.compile("\\\\%|%|\\\\percent|percent");
    private static final Pattern UNITS_AFTER_NUMBER = Pattern.compile(
            "^([-+]?[\\d.,]+(?:\\s*\\\\frac\\{\\d+}\\{\\d+})?)(?:\\s*[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}]+|(?:\\s+[a-zA-Z]+\\.?(?:\\^\\d)?)+)\\s*$");
    private static final Pattern UNITS_WORDS = Pattern.compile("^([-+]?[\\d.,]+)\\s+[\\p{L}\\s]+$");
    private static final Pattern ASSIGNMENT = Pattern.compile("^\\s*[a-zA-Z](?:_\\{?\\w+}?)?\\s*(?:=|\\\\in|:)\\s*(.+)$");
    private static final Pattern MIXED_NUMBER = Pattern.compile("^(-?)(\\d+)\\s*\\\\frac\\{(\\d+)}\\{(\\d+)}$");
    private static final Pattern SUBSCRIPT = Pattern.compile("_\\{(\\w+)}");
    private static final Pattern BRACED_COMMA = Pattern.compile("\\{,}");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private LatexNormalizer() {
    }

    static Normalized normalize(String raw) {
        String s = Normalizer.normalize(raw, Normalizer.Form.NFKC);
        s = UnicodeDigits.toAscii(s);
        s = s.replace('−', '-').replace('–', '-').replace('×', '*').replace('÷', '/').replace("√", "\\sqrt");
        s = DELIMITERS.matcher(s).replaceAll("");
        s = THIN_SPACING.matcher(s).replaceAll("");
        s = SPACING.matcher(s).replaceAll(" ");
        s = BRACED_COMMA.matcher(s).replaceAll(",");
        s = FRAC_VARIANT.matcher(s).replaceAll("\\\\frac");
        s = DEGREES.matcher(s).replaceAll("");
        for (int i = 0; i < 3; i++) {
            s = TEXT_WRAPPER.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
        }
        s = CURRENCY.matcher(s).replaceAll("");
        boolean percent = PERCENT.matcher(s).find();
        s = PERCENT.matcher(s).replaceAll("");
        s = WHITESPACE.matcher(s).replaceAll(" ").strip();
        while (s.endsWith(".") || s.endsWith("。") || s.endsWith(",")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        Matcher a = ASSIGNMENT.matcher(s);
        if (a.matches() && !a.group(1).contains("=")) {
            s = a.group(1).strip();
        }
        Matcher u = UNITS_AFTER_NUMBER.matcher(s);
        if (u.matches()) {
            s = u.group(1).strip();
        } else {
            Matcher w = UNITS_WORDS.matcher(s);
            if (w.matches()) {
                s = w.group(1);
            }
        }
        s = FRAC_SHORT.matcher(s).replaceAll("\\\\frac{$1}{$2}");
        s = FRAC_HALF_SHORT.matcher(s).replaceAll("\\\\frac{$1}{");
        s = FRAC_HALF_SHORT2.matcher(s).replaceAll("\\\\frac$1{$2}");
        s = SQRT_SHORT.matcher(s).replaceAll("\\\\sqrt{$1}");
        s = SUBSCRIPT.matcher(s).replaceAll("_$1");
        Matcher mixed = MIXED_NUMBER.matcher(s);
        if (mixed.matches()) { // MATH writes 1\frac{4}{5} for one and four fifths, not a product
            s = mixed.group(1) + "(" + mixed.group(2) + "+\\frac{" + mixed.group(3) + "}{" + mixed.group(4) + "})";
        }
        return new Normalized(s.strip(), percent);
    }
}
