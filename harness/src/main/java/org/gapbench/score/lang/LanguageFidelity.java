package org.gapbench.score.lang;

import java.util.List;
import org.gapbench.stats.ItemResult;
import org.gapbench.stats.Metric;

/** The {@code language_fidelity} metric: share of items whose first response is in the requested language. */
public final class LanguageFidelity {
    private LanguageFidelity() {
    }

    public static Metric metric() {
        return Metric.corpus("language_fidelity", LanguageFidelity::rate);
    }

    /** Over items where the language could be told; NaN when none could (or no scorer asked for a check). */
    static double rate(List<ItemResult> items) {
        int known = 0;
        int ok = 0;
        for (ItemResult r : items) {
            Object v = r.scores().get(0).details().get("language_ok");
            if (v instanceof Boolean b) {
                known++;
                ok += b ? 1 : 0;
            }
        }
        return known == 0 ? Double.NaN : (double) ok / known;
    }
}
