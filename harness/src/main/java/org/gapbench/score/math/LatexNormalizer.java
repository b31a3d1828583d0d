package org.gapbench.score.math;

import java.text.Normalizer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites an answer into the canonical text the comparator works on. Each step removes a difference that does not
 * change the mathematical value: full-width and non-Latin digits, math delimiters, spacing commands, {@code \dfrac},
 * {@code \left(}, degree signs, currency, units after a number, {@code \text{}} wrappers, an outer {@code {…}} group.
 * Percent signs are removed too but remembered, because {@code 12%} may equal {@code 12} or {@code 0.12}. Names
 * given to values ({@code x = 3}, {@code AB = 4, CD = 5}) are kept: {@link NamedValues} reads them, because an
 * answer that names several values must be compared value by value.
 */
final class LatexNormalizer {
    /** A normalized answer and whether a percent sign was removed from it. */
    record Normalized(String text, boolean percent) {
    }

    private static final Pattern DELIMITERS = Pattern.compile("\\\\[()\\[\\]]|\\$");
    private static final Pattern SPACING = Pattern.compile("(?<!\\\\)\\\\[;: ]|~|\\\\(q)?quad|\\\\displaystyle|\\\\left|\\\\right|\\\\big|\\\\Big");
    /** Thin spaces and negative spaces also serve as thousands separators (10,\!080 and 10\,000): removed, not spaced. */
    private static final Pattern THIN_SPACING = Pattern.compile("(?<!\\\\)\\\\[!,]\\s*");
    private static final Pattern FRAC_VARIANT = Pattern.compile("\\\\[dtc]frac");
    private static final Pattern FRAC_SHORT = Pattern.compile("\\\\frac\\s*(\\d|[a-zA-Z])\\s*(\\d|[a-zA-Z])");
    private static final Pattern FRAC_HALF_SHORT = Pattern.compile("\\\\frac\\s*(\\d)\\s*\\{");
    private static final Pattern FRAC_HALF_SHORT2 = Pattern.compile("\\\\frac(\\{[^{}]*})\\s*(\\d)");
    private static final Pattern SQRT_SHORT = Pattern.compile("\\\\sqrt\\s*(\\d+|[a-zA-Z])");
    private static final Pattern DEGREES = Pattern.compile("\\^\\s*\\{?\\\\circ}?|°|\\\\degree|\\^\\{\\\\text\\{o}}");
    private static final Pattern TEXT_WRAPPER = Pattern.compile("\\\\(?:text|textbf|textit|textnormal|textrm|mbox|mathrm|mathbf|operatorname)\\s*\\{([^{}]*)}");
    private static final Pattern CURRENCY = Pattern.compile("\\\\\\$|[$€£¥₹円元]|\\\\euro|\\\\pounds|USD|RMB|Rs\\.?");
    private static final Pattern PERCENT = Pattern.compile("\\\\%|%|\\\\percent|percent");
    private static final Pattern UNITS_AFTER_NUMBER = Pattern.compile(
            "^([-+]?[\\d.,]+(?:\\s*\\\\frac\\{\\d+}\\{\\d+})?)(?:\\s*[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}]+|(?:\\s+[a-zA-Z]+\\.?(?:\\^\\d)?)+)\\s*$");
    private static final Pattern UNITS_WORDS = Pattern.compile("^([-+]?[\\d.,]+)\\s+[\\p{L}\\s]+$");
    private static final Pattern BARE_VARIABLE = Pattern.compile("\\s*[a-zA-Z]\\s*");
    private static final Pattern TRAILING_WORDS = Pattern.compile("^(.+?)(?:\\s+[a-zA-Z]{2,}\\.?(?:\\^\\d)?)+$");
    private static final Pattern NUMERIC_START = Pattern.compile("^\\s*-?(?:\\d|\\\\frac|\\\\sqrt)");
    private static final Pattern APPROX = Pattern.compile("\\s*(?:\\\\approx|≈).*$");
    private static final Pattern[] RELATIONS = {Pattern.compile("\\\\geq?(?![a-z])|≥|>="), Pattern.compile("\\\\leq?(?![a-z])|≤|<="),
        Pattern.compile("\\\\neq?(?![a-z])|≠|!="), Pattern.compile("\\\\gt(?![a-z])"), Pattern.compile("\\\\lt(?![a-z])")};
    private static final Pattern RELATION_CHARS = Pattern.compile("[≥≤≠]");
    private static final String[] RELATION_SYMBOLS = {">=", "<=", "!=", ">", "<"};
    private static final Pattern MIXED_NUMBER = Pattern.compile("^(-?)(\\d+)\\s*\\\\frac\\{(\\d+)}\\{(\\d+)}$");
    private static final Pattern SUBSCRIPT = Pattern.compile("_\\{(\\w+)}");
    /** {@code 10{,}000}, also spaced ({@code 14{, }916}): a comma set in braces so that TeX does not space it. */
    private static final Pattern BRACED_COMMA = Pattern.compile("\\{\\s*,\\s*}");
    private static final Pattern SUBSCRIPT_DIGITS = Pattern.compile("[₀-₉]+");
    private static final Pattern BLANKS = Pattern.compile("^_{2,}|_{2,}$");
    private static final Pattern HAS_DIGIT = Pattern.compile("\\d");
    private static final Pattern CONJUNCTION = Pattern.compile("\\s*,?\\s*\\b(?:and|or)\\b\\s*");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private LatexNormalizer() {
    }

    private static String subscripts(String s) {
        return SUBSCRIPT_DIGITS.matcher(s).replaceAll(m -> {
            StringBuilder b = new StringBuilder("_");
            m.group().chars().forEach(c -> b.append((char) ('0' + c - '₀')));
            return b.toString();
        });
    }

    static Normalized normalize(String raw) {
        if (isPlainInteger(raw)) {
            return new Normalized(raw, false); // no pass below changes ASCII digits (LatexNormalizerTest compares the two)
        }
        return normalizeFully(raw);
    }

    /** An optional '-' and ASCII digits only: the common answer, which every pass of {@link #normalizeFully} leaves as it is. */
    static boolean isPlainInteger(String s) {
        int start = s.startsWith("-") ? 1 : 0;
        if (s.length() <= start) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static Normalized normalizeFully(String raw) {
        String s = SUBSCRIPT_DIGITS.matcher(raw).find() ? subscripts(raw) : raw; // 1112112₃ is base 3, not 11121123
        s = Normalizer.normalize(s, Normalizer.Form.NFKC);
        s = UnicodeDigits.toAscii(s);
        s = s.replace('−', '-').replace('–', '-').replace('×', '*').replace('÷', '/').replace("√", "\\sqrt");
        s = CURRENCY.matcher(s).replaceAll(""); // before delimiters: \\$ is a dollar sign, $ a math delimiter
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
        if (s.indexOf('\\') >= 0 || s.indexOf('=') >= 0 || RELATION_CHARS.matcher(s).find()) {
            for (int i = 0; i < RELATIONS.length; i++) {
                s = RELATIONS[i].matcher(s).replaceAll(RELATION_SYMBOLS[i]);
            }
        }
        if (s.indexOf("approx") >= 0 || s.indexOf('≈') >= 0) {
            String before = APPROX.matcher(s).replaceAll("");
            if (BARE_VARIABLE.matcher(before).matches()) { // "x \\approx 11": the value is after
                Matcher m = APPROX.matcher(s);
                s = m.find() ? m.group().replaceFirst("^\\s*(?:\\\\approx|≈)", "") : s;
            } else if (!before.isBlank()) {
                s = before; // "1/3 \\approx 0.33": the exact value is the answer
            }
        }
        boolean percent = PERCENT.matcher(s).find();
        s = PERCENT.matcher(s).replaceAll("");
        s = WHITESPACE.matcher(s).replaceAll(" ").strip();
        s = BLANKS.matcher(s).replaceAll(""); // "___3___": the answer written into the template's blank
        s = outerGroup(s);
        if (s.indexOf(';') >= 0) {
            s = s.replace(';', ','); // "-12;-11;-10" and "(0;-2;6)": semicolon-separated lists and points
        }
        if (HAS_DIGIT.matcher(s).find()) {
            s = CONJUNCTION.matcher(s).replaceAll(", "); // "6 and 8", "(11,7) or (7,11)": a list of values
        }
        while (s.endsWith(".") || s.endsWith("。") || s.endsWith(",")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return new Normalized(value(s), percent);
    }

    /**
     * The clean-up of one value (the whole answer, or one named value of it): units after a number, short fractions
     * and roots ({@code \frac12}, {@code \sqrt2}), braced subscripts, mixed numbers.
     */
    static String value(String s) {
        Matcher u = UNITS_AFTER_NUMBER.matcher(s);
        Matcher w = UNITS_WORDS.matcher(s);
        Matcher t = TRAILING_WORDS.matcher(s);
        if (u.matches()) {
            s = u.group(1).strip();
        } else if (w.matches()) {
            s = w.group(1);
        } else if (t.matches() && NUMERIC_START.matcher(t.group(1)).find() && MathExpression.parse(t.group(1).strip()) != null) {
            s = t.group(1).strip(); // "\\frac{1}{3} meters"
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
        return s.strip();
    }

    /** {@code {2, 3, 5}} is {@code 2, 3, 5}: braces around the whole answer only group it for TeX. */
    private static String outerGroup(String s) {
        while (s.length() > 1 && s.charAt(0) == '{' && closingBrace(s) == s.length() - 1) {
            s = s.substring(1, s.length() - 1).strip();
        }
        return s;
    }

    private static int closingBrace(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{' && (i == 0 || s.charAt(i - 1) != '\\')) {
                depth++;
            } else if (c == '}' && (i == 0 || s.charAt(i - 1) != '\\') && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
