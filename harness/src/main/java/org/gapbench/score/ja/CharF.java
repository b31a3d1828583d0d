package org.gapbench.score.ja;

import java.util.HashMap;
import java.util.Map;

/**
 * Character n-gram F-score (chrF, Popović 2015; n = 1..3, β = 1, whitespace ignored): similarity of a rewrite to a
 * reference that tolerates the many valid keigo paraphrases exact match would reject.
 */
final class CharF {
    private static final int MAX_N = 3;

    private CharF() {
    }

    static double score(String hypothesis, String reference) {
        String h = hypothesis.replaceAll("\\s+", "");
        String r = reference.replaceAll("\\s+", "");
        double sum = 0;
        int orders = 0;
        for (int n = 1; n <= MAX_N; n++) {
            Map<String, Integer> hg = grams(h, n);
            Map<String, Integer> rg = grams(r, n);
            int ht = hg.values().stream().mapToInt(Integer::intValue).sum();
            int rt = rg.values().stream().mapToInt(Integer::intValue).sum();
            if (ht == 0 || rt == 0) {
                continue;
            }
            int common = 0;
            for (Map.Entry<String, Integer> e : hg.entrySet()) {
                common += Math.min(e.getValue(), rg.getOrDefault(e.getKey(), 0));
            }
            double p = (double) common / ht;
            double rec = (double) common / rt;
            sum += p + rec == 0 ? 0 : 2 * p * rec / (p + rec);
            orders++;
        }
        return orders == 0 ? 0 : sum / orders;
    }

    private static Map<String, Integer> grams(String s, int n) {
        Map<String, Integer> g = new HashMap<>();
        int[] cps = s.codePoints().toArray();
        for (int i = 0; i + n <= cps.length; i++) {
            g.merge(new String(cps, i, n), 1, Integer::sum);
        }
        return g;
    }
}
