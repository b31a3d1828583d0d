package org.gapbench.score.math;

import java.math.BigDecimal;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a number the way people in different locales write it: {@code 1,000} and {@code 1 000} and (in a locale that
 * groups with dots) {@code 1.000} are a thousand; {@code 3,5} is three and a half; Indian grouping {@code 1,00,000}
 * is a lakh; {@code 1000,99} can only be a decimal comma. A form that is ambiguous for the locale ({@code 1.000} in
 * English) is read as a decimal.
 */
final class NumberReader {
    /** Languages whose convention is a dot (or space) for thousands and a comma for decimals. */
    private static final Set<String> COMMA_DECIMAL = Set.of("de", "es", "fr", "ru", "it", "pt", "id", "tr", "nl", "sw");

    private static final Pattern PLAIN = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)");
    private static final Pattern COMMA_GROUPS = Pattern.compile("[-+]?\\d{1,3}(,\\d{2,3})*,\\d{3}(\\.\\d+)?");
    private static final Pattern SPACE_GROUPS = Pattern.compile("[-+]?\\d{1,3}([ \u00a0\u202f\u2009']\\d{3})+([.,]\\d+)?");
    private static final Pattern DOT_GROUPS = Pattern.compile("[-+]?\\d{1,3}(\\.\\d{3})+(,\\d+)?");
    private static final Pattern COMMA_DECIMAL_FORM = Pattern.compile("[-+]?\\d+,\\d+");
    /** 1000,99 or 2,5: not a thousands grouping in any locale, so a decimal comma. */
    private static final Pattern UNAMBIGUOUS_COMMA_DECIMAL = Pattern.compile("[-+]?\\d+,(\\d{1,2}|\\d{4,})");

    private final boolean commaDecimal;

    NumberReader(String language) {
        this.commaDecimal = language != null && COMMA_DECIMAL.contains(language);
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
        if ((commaDecimal || UNAMBIGUOUS_COMMA_DECIMAL.matcher(s).matches()) && COMMA_DECIMAL_FORM.matcher(s).matches()) {
            return new BigDecimal(s.replace(',', '.'));
        }
        return null;
    }
}
