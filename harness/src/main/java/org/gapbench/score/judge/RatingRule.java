package org.gapbench.score.judge;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a judge's text is read into a rating, as the suite's upstream reads it; a rating outside the scale is not a
 * rating. Nothing else is guessed: a text the rule cannot read is asked again and then recorded as unparseable, never
 * scored.
 * <ul>
 * <li>{@link #FASTCHAT}: FastChat's {@code llm_judge} rule, which Japanese MT-Bench keeps — the first {@code [[n]]},
 * else the first {@code [n]} (n a decimal number);</li>
 * <li>{@link #JSON_GRADE}: gpt4-autoeval's (ELYZA-tasks-100) — the judge answers a JSON object
 * {@code {"reason": ..., "grade": n}}; the last {@code "grade": n} in the text is read (the reason before it may
 * quote grades).</li>
 * </ul>
 */
public enum RatingRule {
    FASTCHAT("fastchat-[[n]]"),
    JSON_GRADE("json-grade");

    private static final Pattern DOUBLE = Pattern.compile("\\[\\[(\\d+\\.?\\d*)]]");
    private static final Pattern SINGLE = Pattern.compile("\\[(\\d+\\.?\\d*)]");
    private static final Pattern GRADE = Pattern.compile("\"grade\"\\s*:\\s*\"?(\\d+(?:\\.\\d+)?)");

    private final String label;

    RatingRule(String label) {
        this.label = label;
    }

    /** The rule's name, as each verdict records it. */
    public String label() {
        return label;
    }

    /** The rule a suite names ({@code fastchat}, {@code json-grade}). */
    static RatingRule named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "fastchat" -> FASTCHAT;
            case "json-grade" -> JSON_GRADE;
            default -> throw new IllegalArgumentException("unknown rating rule '" + name + "' (fastchat, json-grade)");
        };
    }

    /** The rating {@code text} gives on [{@code min}, {@code max}], if the rule finds one. */
    public OptionalDouble read(String text, double min, double max) {
        if (text == null) {
            return OptionalDouble.empty();
        }
        String found = null;
        if (this == FASTCHAT) {
            Matcher m = DOUBLE.matcher(text);
            if (m.find() || (m = SINGLE.matcher(text)).find()) {
                found = m.group(1);
            }
        } else {
            Matcher m = GRADE.matcher(text);
            while (m.find()) {
                found = m.group(1);
            }
        }
        if (found == null) {
            return OptionalDouble.empty();
        }
        double r = Double.parseDouble(found);
        return r >= min && r <= max ? OptionalDouble.of(r) : OptionalDouble.empty();
    }
}
