package org.gapbench.score.judge;

import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a judge's text is read into a rating: FastChat's {@code llm_judge} rule, which Japanese MT-Bench keeps — the
 * first {@code [[n]]}, else the first {@code [n]} (n a decimal number); a rating outside the scale is not a rating.
 * Nothing else is guessed: a text the rule cannot read is asked again and then recorded as unparseable, never scored.
 */
public final class RatingRule {
    public static final String NAME = "fastchat-[[n]]";
    private static final Pattern DOUBLE = Pattern.compile("\\[\\[(\\d+\\.?\\d*)]]");
    private static final Pattern SINGLE = Pattern.compile("\\[(\\d+\\.?\\d*)]");

    private RatingRule() {
    }

    /** The rating {@code text} gives on [{@code min}, {@code max}], if the rule finds one. */
    public static OptionalDouble read(String text, double min, double max) {
        if (text == null) {
            return OptionalDouble.empty();
        }
        Matcher m = DOUBLE.matcher(text);
        if (!m.find()) {
            m = SINGLE.matcher(text);
            if (!m.find()) {
                return OptionalDouble.empty();
            }
        }
        double r = Double.parseDouble(m.group(1));
        return r >= min && r <= max ? OptionalDouble.of(r) : OptionalDouble.empty();
    }
}
