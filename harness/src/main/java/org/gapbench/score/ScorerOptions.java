package org.gapbench.score;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.gapbench.config.ConfigException;
import org.gapbench.suite.ScorerConfig;

/**
 * A scorer family's typed view of its suite's {@code scorer:} options. Every reader checks the value's type and
 * range and reports a bad one as {@code suite.yaml:LINE: answer_kind: 'bogus' is not one of number, latex}; an option
 * no reader asked for is reported the same way once the family has read its options (a typo must not silently fall
 * back to a default).
 */
public final class ScorerOptions {
    private final ScorerConfig config;
    private final Set<String> read = new HashSet<>();
    private final Map<String, String> fields = new LinkedHashMap<>();

    ScorerOptions(ScorerConfig config) {
        this.config = config;
    }

    public ConfigException error(String key, String message) {
        return new ConfigException(config.lines().file(), config.lineOf(key), message);
    }

    private Object raw(String key) {
        read.add(key);
        return config.options().get(key);
    }

    public String string(String key, String fallback) {
        Object v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof java.util.Map || v instanceof List) {
            throw error(key, key + ": expected a single value, not " + (v instanceof List ? "a list" : "a mapping"));
        }
        return v.toString();
    }

    public String requiredString(String key) {
        String v = string(key, null);
        if (v == null || v.isBlank()) {
            throw error(key, "scorer " + config.name() + " needs option '" + key + "'");
        }
        return v;
    }

    /**
     * The name of an item field ({@code gold_field: answer}). Every item of a run must have it: a misspelled field is
     * refused before any request, at this option's line, instead of scoring every answer against nothing.
     */
    public String field(String key, String fallback) {
        String v = string(key, fallback);
        if (v != null) {
            fields.put(key, v);
        }
        return v;
    }

    /** A list of item fields ({@code questions: [turn1, turn2]}); each is checked as {@link #field} is. */
    public List<String> fieldList(String key) {
        List<String> v = strings(key);
        for (int i = 0; i < v.size(); i++) {
            fields.put(key + "/" + i, v.get(i));
        }
        return v;
    }

    /** A required {@link #field}. */
    public String requiredField(String key) {
        String v = requiredString(key);
        fields.put(key, v);
        return v;
    }

    /** The options that name item fields, and the fields they name. */
    Map<String, String> fields() {
        return Map.copyOf(fields);
    }

    public double number(String key, double fallback, double min, double max) {
        Object v = raw(key);
        if (v == null) {
            return fallback;
        }
        double d;
        try {
            d = v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString());
        } catch (NumberFormatException e) {
            throw error(key, key + ": '" + v + "' is not a number");
        }
        if (!(d >= min && d <= max)) {
            throw error(key, key + ": " + v + " is not between " + fmt(min) + " and " + fmt(max));
        }
        return d;
    }

    public boolean flag(String key, boolean fallback) {
        Object v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw error(key, key + ": '" + v + "' is not true or false");
    }

    /** A list of strings; a single value is a list of one. */
    public List<String> strings(String key) {
        Object v = raw(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            List<String> out = new ArrayList<>();
            for (Object o : l) {
                out.add(String.valueOf(o));
            }
            return List.copyOf(out);
        }
        return List.of(v.toString());
    }

    /** One of an enum's constants, written in lower case with '-' for '_' ({@code answer_kind: latex}). */
    public <E extends Enum<E>> E oneOf(String key, Class<E> type, E fallback) {
        String v = string(key, null);
        if (v == null) {
            return fallback;
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            String name = spelling(e);
            if (name.equals(v.trim())) {
                return e;
            }
            names.add(name);
        }
        throw error(key, key + ": '" + v + "' is not one of " + String.join(", ", names));
    }

    public static String spelling(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** After the family has read its options: anything it did not ask for is a mistake in the suite. */
    void rejectUnread() {
        for (String key : config.options().keySet()) {
            if (!read.contains(key)) {
                Set<String> known = new TreeSet<>(read);
                throw error(key, "scorer " + config.name() + " has no option '" + key + "'"
                        + (known.isEmpty() ? " (it takes none)" : " (it takes: " + String.join(", ", known) + ")"));
            }
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
