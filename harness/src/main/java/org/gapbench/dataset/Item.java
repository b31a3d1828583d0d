package org.gapbench.dataset;

import java.util.List;
import java.util.Map;

/**
 * One benchmark item: a stable id and its mapped fields (strings, numbers, lists), as the manifest's field
 * mapping produced them. {@code tags} are the fields used to group results (subject, level, language).
 */
public record Item(String id, Map<String, Object> fields) {

    public Item {
        fields = Map.copyOf(fields);
    }

    /** A field as text; lists are joined by newlines; missing fields are an empty string. */
    public String text(String name) {
        Object v = fields.get(name);
        if (v == null) {
            return "";
        }
        if (v instanceof List<?> list) {
            StringBuilder b = new StringBuilder();
            for (Object o : list) {
                if (b.length() > 0) {
                    b.append('\n');
                }
                b.append(o);
            }
            return b.toString();
        }
        return v.toString();
    }

    public boolean has(String name) {
        return fields.containsKey(name);
    }

    @SuppressWarnings("unchecked")
    public List<Object> list(String name) {
        Object v = fields.get(name);
        return v instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
