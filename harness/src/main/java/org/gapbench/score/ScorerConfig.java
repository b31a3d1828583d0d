package org.gapbench.score;

import java.util.List;
import java.util.Map;

/** The {@code scorer:} block of a suite: a scorer name and its options, as plain JSON-like values. */
public record ScorerConfig(String name, Map<String, Object> options) {

    public ScorerConfig {
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public String string(String key, String fallback) {
        Object v = options.get(key);
        return v == null ? fallback : v.toString();
    }

    public double number(String key, double fallback) {
        Object v = options.get(key);
        return v instanceof Number n ? n.doubleValue() : v == null ? fallback : Double.parseDouble(v.toString());
    }

    public boolean flag(String key, boolean fallback) {
        Object v = options.get(key);
        return v instanceof Boolean b ? b : v == null ? fallback : Boolean.parseBoolean(v.toString());
    }

    @SuppressWarnings("unchecked")
    public List<String> strings(String key) {
        Object v = options.get(key);
        if (v instanceof List<?> l) {
            return ((List<Object>) l).stream().map(Object::toString).toList();
        }
        return v == null ? List.of() : List.of(v.toString());
    }
}
