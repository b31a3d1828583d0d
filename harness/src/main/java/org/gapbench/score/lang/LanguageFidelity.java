package org.gapbench.score.lang;

import java.util.List;
import org.gapbench.score.ItemResult;
import org.gapbench.stats.Metric;

/** The {@code language_fidelity} metric: share of items whose first response is in the requested language. */
public final class LanguageFidelity {
    public static final String NAME = "language_fidelity";

    private LanguageFidelity() {
    }

    public static Metric<ItemResult> metric() {
        return Metric.corpus(NAME, LanguageFidelity::rate);
    }

    /** Over items where the language could be told; NaN when none could (or no scorer asked for a check). */
    static double rate(List<ItemResult> items) {
        int known = 0;
        int ok = 0;
        for (ItemResult r : items) {
            Object v = r.first().details().get("language_ok");
            if (v instanceof Boolean b) {
                known++;
                ok += b ? 1 : 0;
            }
        }
        return known == 0 ? Double.NaN : (double) ok / known;
    }
}
