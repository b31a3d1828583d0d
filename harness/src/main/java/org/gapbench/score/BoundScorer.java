package org.gapbench.score;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.gapbench.config.ConfigException;
import org.gapbench.dataset.Item;
import org.gapbench.stats.Metric;
import org.gapbench.suite.ScorerConfig;

/** A scorer family with its options read and checked: what a suite's {@code scorer:} block means. */
public final class BoundScorer {
    private final ScorerFamily<?> family;
    private final Object options;
    private final ScorerConfig config;
    private final Map<String, String> fields;

    private BoundScorer(ScorerFamily<?> family, Object options, ScorerConfig config, Map<String, String> fields) {
        this.family = family;
        this.options = options;
        this.config = config;
        this.fields = fields;
    }

    /**
     * Reads {@code config} with {@code family}; a bad value or an option the family did not read is a
     * {@code file:line} error. Keys in {@code common} are read by the caller (options every family takes).
     */
    public static <O> BoundScorer bind(ScorerFamily<O> family, ScorerConfig config, Set<String> common) {
        ScorerOptions reader = new ScorerOptions(config);
        common.forEach(k -> reader.string(k, null));
        O options = family.options(reader);
        reader.rejectUnread();
        return new BoundScorer(family, options, config, reader.fields());
    }

    /**
     * Refuses items that lack a field an option names ({@code gold_field: answr}), at that option's line (or the
     * scorer block's, when the default names it): before any request, rather than every answer scored against nothing.
     */
    public void checkItems(List<Item> items) {
        for (Map.Entry<String, String> f : fields.entrySet()) {
            Item without = null;
            int have = 0;
            for (Item i : items) {
                if (i.has(f.getValue())) {
                    have++;
                } else if (without == null) {
                    without = i;
                }
            }
            if (without != null) {
                throw new ConfigException(config.lines().file(), config.lineOf(f.getKey()), f.getKey() + ": "
                        + (have == 0 ? "no item has the field '" + f.getValue() + "'" : "item " + without.id() + " has no field '" + f.getValue() + "'")
                        + " (its fields: " + String.join(", ", new TreeSet<>(without.fields().keySet())) + ")");
            }
        }
    }

    public String name() {
        return family.name();
    }

    public Map<String, Metric<ItemResult>> metrics() {
        return family.metrics();
    }

    /** The models the scorer will ask ({@link ScorerFamily#models}). */
    @SuppressWarnings("unchecked")
    public List<ScorerModel> models() {
        return ((ScorerFamily<Object>) family).models(options);
    }

    /** The datasets the scorer reads ({@link ScorerFamily#datasets}). */
    @SuppressWarnings("unchecked")
    public List<String> datasets() {
        return ((ScorerFamily<Object>) family).datasets(options);
    }

    public boolean takesJudges() {
        return family.takesJudges();
    }

    public boolean requiresJudges() {
        return family.requiresJudges();
    }

    @SuppressWarnings("unchecked")
    public Scorer create(ScoringContext context) {
        return ((ScorerFamily<Object>) family).create(options, context);
    }
}
