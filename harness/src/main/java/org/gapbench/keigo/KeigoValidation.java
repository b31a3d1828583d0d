package org.gapbench.keigo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gapbench.dataset.Item;

/**
 * Checks the analyzer against labelled data before its scores are trusted (numbers published in
 * docs/keigo-scoring.md and pinned by tests):
 * KeiCOT base rows — every honorific sentence should pass, every erroneous one fail, every regular one read as
 * plain; KeiCO — how well the markers predict the 尊敬語/謙譲語/丁寧語 flags and the 1–4 level.
 */
public final class KeigoValidation {

    /** Agreement on one binary flag: F1 of the positive class, precision, and macro-F1 over both classes. */
    public record FlagAgreement(int support, double precision, double recall, double f1, double macroF1) {
    }

    /**
     * @param honorificPassed  honorific sentences judged appropriate (of {@code rows})
     * @param errorFailed      erroneous sentences judged inappropriate
     * @param regularPlain     regular sentences read as plain (no keigo markers)
     * @param misjudged        row index and sentence kind of each miss, for the doc and for debugging
     */
    public record KeicotResult(int rows, int honorificPassed, int errorFailed, int regularPlain, List<String> misjudged) {
        /** Accuracy at telling correct from erroneous honorific sentences (2 × rows sentences). */
        public double correctVsErroneousAccuracy() {
            return (honorificPassed + errorFailed) / (2.0 * rows);
        }
    }

    public record KeicoResult(int sentences, Map<String, FlagAgreement> flags, double flagMacroF1, double levelAccuracy,
                              double levelWithinOne, double levelMacroF1) {
    }

    private final KeigoAnalyzer analyzer;
    private final RegisterJudge judge;

    public KeigoValidation(KeigoAnalyzer analyzer) {
        this.analyzer = analyzer;
        this.judge = new RegisterJudge(analyzer);
    }

    /** {@code rows}: KeiCOT base rows with regular_sentence, honorific_sentence, error_sentence, honorific_type. */
    public KeicotResult keicot(List<Item> rows) {
        int passed = 0;
        int failed = 0;
        int plain = 0;
        List<String> missed = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Item r = rows.get(i);
            Expectation expect = Expectation.honorific(r.text("honorific_type"));
            if (judge.judge(r.text("honorific_sentence"), expect).pass()) {
                passed++;
            } else {
                missed.add(i + ":honorific");
            }
            if (!judge.judge(r.text("error_sentence"), expect).pass()) {
                failed++;
            } else {
                missed.add(i + ":error");
            }
            if (analyzer.analyze(r.text("regular_sentence")).isPlain()) {
                plain++;
            } else {
                missed.add(i + ":regular");
            }
        }
        return new KeicotResult(rows.size(), passed, failed, plain, missed);
    }

    /** {@code items}: KeiCO rows with sentence, level, sonkeigo, kenjogo, teineigo. */
    public KeicoResult keico(List<Item> items) {
        String[] flags = {"sonkeigo", "kenjogo", "teineigo"};
        int[][] counts = new int[3][4]; // tp, fp, fn, tn per flag
        int[][] level = new int[5][5]; // gold x predicted
        for (Item it : items) {
            KeigoAnalysis a = analyzer.analyze(it.text("sentence"));
            boolean[] predicted = predictFlags(a);
            for (int f = 0; f < 3; f++) {
                boolean gold = it.text(flags[f]).trim().equals("1");
                counts[f][gold ? (predicted[f] ? 0 : 2) : (predicted[f] ? 1 : 3)]++;
            }
            level[Integer.parseInt(it.text("level").trim())][a.level()]++;
        }
        Map<String, FlagAgreement> out = new LinkedHashMap<>();
        double macro = 0;
        for (int f = 0; f < 3; f++) {
            int[] c = counts[f];
            double pos = f1(c[0], c[1], c[2]);
            double neg = f1(c[3], c[2], c[1]);
            out.put(flags[f], new FlagAgreement(c[0] + c[2], ratio(c[0], c[0] + c[1]), ratio(c[0], c[0] + c[2]), pos, (pos + neg) / 2));
            macro += pos / 3;
        }
        int n = items.size();
        int exact = 0;
        int near = 0;
        double levelF1 = 0;
        for (int g = 1; g <= 4; g++) {
            int tp = level[g][g];
            int fn = 0;
            int fp = 0;
            for (int p = 1; p <= 4; p++) {
                if (Math.abs(g - p) <= 1) {
                    near += level[g][p];
                }
                if (p != g) {
                    fn += level[g][p];
                    fp += level[p][g];
                }
            }
            exact += tp;
            levelF1 += f1(tp, fp, fn) / 4;
        }
        return new KeicoResult(n, out, macro, ratio(exact, n), ratio(near, n), levelF1);
    }

    /**
     * KeiCO's flags name a sentence's main keigo type, so they are predicted that way: sonkeigo if any sonkeigo
     * verb form, else kenjōgo if any kenjōgo marker, else sonkeigo if only a prefixed noun (ご家族), else teineigo.
     */
    static boolean[] predictFlags(KeigoAnalysis a) {
        boolean verbal = a.of(Marker.Kind.SONKEI).stream().anyMatch(m -> !m.rule().equals("o-noun"));
        boolean kenjo = !verbal && a.has(Marker.Kind.KENJO);
        boolean sonkei = verbal || !kenjo && a.has(Marker.Kind.SONKEI);
        boolean teinei = !sonkei && !kenjo && a.has(Marker.Kind.TEINEI);
        return new boolean[] {sonkei, kenjo, teinei};
    }

    private static double f1(int tp, int fp, int fn) {
        return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    private static double ratio(int a, int b) {
        return b == 0 ? 0 : (double) a / b;
    }
}
