package org.gapbench.score.ja;

import org.gapbench.score.ItemResult;
import org.gapbench.stats.Metric;

/** Metrics of the Japanese scorer families (declared by them); all read the first sample's details. */
public final class JaMetrics {
    private JaMetrics() {
    }

    /** KeiCO: mean over the 尊敬語/謙譲語/丁寧語 flags of each flag's F1 (positive class); no answer counts as 0. */
    public static Metric<ItemResult> keicoFlagF1() {
        return Metric.<ItemResult>corpus("keico_flag_f1", items -> {
            double sum = 0;
            for (String[] f : KeicoLevelScorer.FLAGS) {
                int tp = 0;
                int fp = 0;
                int fn = 0;
                for (ItemResult r : items) {
                    var d = r.scores().get(0).details();
                    boolean gold = isOne(d.get("gold_" + f[0]));
                    boolean pred = isOne(d.get("pred_" + f[0]));
                    tp += gold && pred ? 1 : 0;
                    fp += !gold && pred ? 1 : 0;
                    fn += gold && !pred ? 1 : 0;
                }
                sum += tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
            }
            return sum / KeicoLevelScorer.FLAGS.length;
        });
    }

    /**
     * Share of items whose first sample's boolean detail {@code key} is true, over the items that have it (so the
     * implicature items of ja-customer-service do not dilute the reply items' rate); NaN when none has it.
     */
    public static Metric<ItemResult> detailRate(String name, String key) {
        return Metric.<ItemResult>corpus(name, items -> {
            int known = 0;
            int yes = 0;
            for (ItemResult r : items) {
                Object v = r.scores().get(0).details().get(key);
                if (v instanceof Boolean b) {
                    known++;
                    yes += b ? 1 : 0;
                }
            }
            return known == 0 ? Double.NaN : (double) yes / known;
        });
    }

    /** Mean over items of the first sample's numeric detail {@code key}, over the items that have it. */
    public static Metric<ItemResult> detailMean(String name, String key) {
        return Metric.<ItemResult>corpus(name, items -> items.stream().map(r -> r.scores().get(0).details().get(key))
                .filter(v -> v instanceof Number).mapToDouble(v -> ((Number) v).doubleValue()).average().orElse(Double.NaN));
    }

    /** {@link #detailMean} of a value on a scale of its own (a judge's rating), not a proportion. */
    public static Metric<ItemResult> detailScaledMean(String name, String key) {
        Metric.Corpus<ItemResult> mean = (Metric.Corpus<ItemResult>) detailMean(name, key);
        return new Metric.Corpus<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public double compute(java.util.List<ItemResult> items) {
                return mean.compute(items);
            }

            @Override
            public boolean proportion() {
                return false;
            }
        };
    }

    private static boolean isOne(Object v) {
        return v instanceof Number n && n.intValue() == 1;
    }

}
