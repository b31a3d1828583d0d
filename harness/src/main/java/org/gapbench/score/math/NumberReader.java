package org.gapbench.score.math;

import java.math.BigDecimal;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a number the way people in different locales write it: {@code 1,000} and {@code 1 000} and (in a locale that
 * groups with dots) {@code 1.000} are a thousand; {@code 3,5} is three and a half where the decimal separator is a
 * comma; Indian grouping {@code 1,00,000} is a lakh. A form that is ambiguous for the locale ({@code 1.000} in
 * English) is read as a decimal. A group never starts with 0 ({@code 0,111} is not 111).
 *
 * <p>Outside comma-decimal locales a comma between digits that is not a thousands grouping ({@code 1,2},
 * {@code 1000,99}) is no number at all: in an English answer it separates the values of a list, and reading it as a
 * decimal accepted {@code 1,2} for the gold 1.2. Where the gold itself is written with a decimal comma, the
 * comparator rewrites such numbers with a point before it reads them.
 */
final class NumberReader {
    /** Languages whose convention is a dot (or space) for thousands and a comma for decimals. */
    private static final Set<String> COMMA_DECIMAL = Set.of("de", "es", "fr", "ru", "it", "pt", "id", "tr", "nl", "sw");

    private static final Pattern PLAIN = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)");
    /** Grouped forms: the first group is 1-999 (a leading "0," or "0." is a decimal, never thousands). */
    private static final Pattern COMMA_GROUPS = Pattern.compile("[-+]?[1-9]\\d{0,2}(,\\d{2,3})*,\\d{3}(\\.\\d+)?");
    private static final Pattern SPACE_GROUPS = Pattern.compile("[-+]?[1-9]\\d{0,2}([ \u00a0\u202f\u2009']\\d{3})+([.,]\\d+)?");
    private static final Pattern DOT_GROUPS = Pattern.compile("[-+]?[1-9]\\d{0,2}(\\.\\d{3})+(,\\d+)?");
    private static final Pattern COMMA_DECIMAL_FORM = Pattern.compile("[-+]?\\d+,\\d+");
    /** 1000,99 or 2,5 or 0,111: not a thousands grouping in any locale, so a decimal comma where one is allowed. */
    private static final Pattern UNAMBIGUOUS_COMMA_DECIMAL = Pattern.compile("[-+]?(\\d+,(\\d{1,2}|\\d{4,})|0,\\d+)");

    private static final Pattern DECIMAL_COMMA_IN_TEXT = Pattern.compile("(?<![\\d.,])(\\d+),(\\d{1,2}|\\d{4,})(?![\\d,])|(?<![\\d.,])(0),(\\d+)(?![\\d,])");

    private final boolean commaDecimal;

    NumberReader(String language) {
        this.commaDecimal = language != null && COMMA_DECIMAL.contains(language);
    }

    /** Whether this locale writes decimals with a comma ({@code 3,5}). */
    boolean commaDecimal() {
        return commaDecimal;
    }

    /** Whether {@code s} is a number written with a decimal comma that no locale could read as thousands. */
    static boolean unambiguousCommaDecimal(String s) {
        return UNAMBIGUOUS_COMMA_DECIMAL.matcher(s).matches();
    }

    /** {@code s} with every decimal comma that cannot be thousands ({@code 2,5}, {@code 0,111}) written as a point. */
    static String withDecimalPoints(String s) {
        return DECIMAL_COMMA_IN_TEXT.matcher(s).replaceAll(m -> m.group(1) != null ? m.group(1) + "." + m.group(2) : "0." + m.group(4));
    }

    /** The value of {@code s} (already ASCII digits, no currency or units), or null when it is not one number. */
    BigDecimal read(String s) {
        if (s.isEmpty() || s.length() > 200) {
            return null;
        }
        if (PLAIN.matcher(s).matches()) {
            if (commaDecimal && DOT_GROUPS.matcher(s).matches()) {
                return new BigDecimal(s.replace(".", "")); // "1.000" in German is a thousand
            }
            return new BigDecimal(s.endsWith(".") ? s.substring(0, s.length() - 1) : s);
        }
        if (SPACE_GROUPS.matcher(s).matches()) {
            return new BigDecimal(s.replaceAll("[ \u00a0\u202f\u2009']", "").replace(',', '.'));
        }
        if (COMMA_GROUPS.matcher(s).matches() && !(commaDecimal && COMMA_DECIMAL_FORM.matcher(s).matches())) {
            return new BigDecimal(s.replace(",", ""));
        }
        if (DOT_GROUPS.matcher(s).matches()) {
            return new BigDecimal(s.replace(".", "").replace(',', '.')); // 1.000.000 or 1.000,5: unambiguous
        }
        if (commaDecimal && COMMA_DECIMAL_FORM.matcher(s).matches()) {
            return new BigDecimal(s.replace(',', '.'));
        }
        return null;
    }
}
