package org.gapbench.publish.judging;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.gapbench.config.ConfigException;
import org.gapbench.results.RunIdentity;
import org.gapbench.results.RunReader;
import org.gapbench.score.JudgeVerdict;
import org.gapbench.stats.Bootstrap;
import org.gapbench.stats.Interval;
import org.gapbench.stats.JudgeBias;
import org.gapbench.stats.JudgePanel;
import org.gapbench.stats.Metric;

/**
 * Does the judge's nationality move the leaderboard? The judged runs of one suite (several models, each judged by the
 * same panel) read into a {@link JudgePanel}, and for each judge: the mean grade it gives each country's models, the
 * US–China gap as it alone grades it, its home bias (the paired difference between its grades of its own country's
 * answers and the other country's judges' grades of the same answers: {@link JudgeBias.Result#differenceOnX()}, with
 * the difference in differences beside it), its self-preference (the same against its own organization's models),
 * its length bias (Spearman's rank correlation of its grade with the answer's length) and its agreement with every
 * other judge (Spearman over the answers both graded). Every figure has a 95% bootstrap interval over questions;
 * nothing is averaged across judges silently. Method: docs/judging.md.
 */
public final class JudgeAnalysis {
    /** One judge's row of the bias table. Intervals are NaN where the panel cannot estimate them (one country only). */
    /**
     * One judge's row of the bias table. Intervals are NaN where the panel cannot estimate them (one country only).
     *
     * @param positionBias pairwise judges: the share of answers seen in both orders where the same slot won both times
     *                     (the suites' {@code position_bias_rate}); null for a judge that rates answers one at a time
     */
    public record JudgeRow(String judge, String country, String organization, int graded, Map<String, Double> meanByCountry,
                           Interval gap, JudgeBias.Result homeBias, JudgeBias.Result selfPreference, Interval lengthBias,
                           Interval positionBias) {
    }

    /** Spearman's correlation of two judges' grades over the answers both graded. */
    public record Agreement(String judgeA, String judgeB, int answers, Interval spearman) {
    }

    /**
     * @param first           the country whose gap is taken first ({@code US}), {@code second} the other ({@code CN})
     * @param interaction     judge country × model country over the whole panel (null with fewer than two countries)
     * @param gapChangesSign  whether the first-minus-second gap has a different sign under some judge than under another
     */
    public record Result(String suite, String scale, List<String> models, Map<String, String> modelCountry, List<JudgeRow> judges,
                         List<Agreement> agreement, String first, String second, JudgeBias.Result interaction, boolean gapChangesSign) {
        /** One sentence a reader can check against the table. */
        public String statement() {
            List<String> parts = new ArrayList<>();
            for (JudgeRow r : judges) {
                if (Double.isFinite(r.gap().value())) {
                    parts.add(String.format(Locale.ROOT, "%s %+.2f", r.judge(), r.gap().value()));
                }
            }
            if (parts.isEmpty()) {
                return "No " + first + "−" + second + " gap: these runs do not hold models of both countries (a model's country comes"
                        + " from the catalog; a replay takes it with --as)";
            }
            String gaps = first + "−" + second + " gap by judge: " + String.join(", ", parts);
            return gaps + (gapChangesSign ? "; the gap changes sign with the judge" : "; the gap keeps its sign whichever judge grades");
        }
    }

    private record Answer(String item, String model, double grade, int length) {
    }

    /** One scored sample of a run, as the analysis needs it: its unit key, item, score and answer length. */
    private record Judged(String key, String item, org.gapbench.score.Score score, int length) {
    }

    private JudgeAnalysis() {
    }

    /** The judged suites' runs in {@code runDirs}, by suite (suites no model judged are left out). */
    public static Map<String, Result> analyse(List<Path> runDirs, Bootstrap bootstrap) {
        Map<String, List<RunReader>> bySuite = new java.util.TreeMap<>();
        for (Path d : runDirs) {
            RunReader r = RunReader.open(d);
            if (!r.identity().judges().isEmpty()) {
                bySuite.computeIfAbsent(r.identity().suite().id(), k -> new ArrayList<>()).add(r);
            }
        }
        Map<String, Result> out = new LinkedHashMap<>();
        bySuite.forEach((suite, runs) -> {
            runs.sort(java.util.Comparator.comparing(r -> String.valueOf(r.identity().model().name())));
            Result res = analyse(suite, runs, bootstrap);
            if (res != null) {
                out.put(suite, res);
            }
        });
        return out;
    }

    /** One suite's bias table, or null when its runs hold no grades. */
    static Result analyse(String suite, List<RunReader> runs, Bootstrap bootstrap) {
        List<JudgePanel.Grade> rows = new ArrayList<>();
        Map<String, String> modelCountry = new LinkedHashMap<>();
        Map<String, String> modelOrg = new LinkedHashMap<>();
        Map<String, String> judgeCountry = new LinkedHashMap<>();
        Map<String, String> judgeOrg = new LinkedHashMap<>();
        Map<String, List<Answer>> byJudge = new LinkedHashMap<>();
        Map<String, List<double[]>> positions = new LinkedHashMap<>(); // judge -> {biased 0/1, index}
        for (RunReader run : runs) {
            RunIdentity id = run.identity();
            String model = id.model().name();
            if (modelCountry.containsKey(model)) {
                throw new ConfigException(run.path() + ": a second run of " + model + " on " + suite + " (the bias table takes one per model)");
            }
            modelCountry.put(model, id.model().country());
            modelOrg.put(model, id.model().organization());
            for (RunIdentity.ModelRef j : id.judges()) {
                judgeCountry.putIfAbsent(j.spec(), j.country());
                judgeOrg.putIfAbsent(j.spec(), j.organization());
            }
            // in the order of the units, not of the journal (which follows thread timing): the bootstrap's resamples,
            // hence every interval, then do not depend on how the run was scheduled
            List<Judged> judged = new ArrayList<>();
            run.forEachLatest(r -> {
                if (!r.isError() && r.score() != null) {
                    judged.add(new Judged(r.key(), r.item(), r.score(), r.response() == null ? 0 : r.response().codePointCount(0, r.response().length())));
                }
            });
            judged.sort(java.util.Comparator.comparing(Judged::key));
            judged.forEach(r -> {
                int length = r.length();
                JudgeVerdict.positionBiasByJudge(r.score()).forEach((judge, biased) -> {
                    List<double[]> p = positions.computeIfAbsent(judge, k -> new ArrayList<>());
                    p.add(new double[] {biased ? 1 : 0, p.size()});
                });
                JudgeVerdict.gradesByJudge(r.score()).forEach((judge, grade) -> {
                    rows.add(new JudgePanel.Grade(r.item(), r.key(), model, judge, grade));
                    byJudge.computeIfAbsent(judge, k -> new ArrayList<>()).add(new Answer(r.key(), model, grade, length));
                });
            });
        }
        if (rows.isEmpty()) {
            return null;
        }
        JudgePanel panel = JudgePanel.of(rows);
        String first = "US";
        String second = "CN";
        Set<String> countries = new LinkedHashSet<>(modelCountry.values());
        boolean twoCountries = countries.contains(first) && countries.contains(second);
        boolean twoJudgeCountries = judgeCountry.containsValue(first) && judgeCountry.containsValue(second);
        List<JudgeRow> table = new ArrayList<>();
        for (String judge : panel.judges()) {
            List<Answer> mine = byJudge.get(judge);
            Map<String, Double> means = meanByCountry(mine, modelCountry);
            Interval gap = twoCountries ? gapInterval(mine, modelCountry, first, second, bootstrap) : nan();
            JudgeBias.Result home = null;
            String country = judgeCountry.get(judge);
            if (twoCountries && country != null && judgeCountry.values().stream().anyMatch(c -> c != null && !c.equals(country))
                    && modelCountry.containsValue(country)) {
                home = JudgeBias.ownGroupPreference(judge + " on " + country + " models", panel, judge, judgeCountry, modelCountry, bootstrap);
            }
            JudgeBias.Result self = null;
            String org = judgeOrg.get(judge);
            if (org != null && modelOrg.containsValue(org) && modelOrg.values().stream().anyMatch(o -> o != null && !o.equals(org))
                    && judgeOrg.values().stream().anyMatch(o -> o != null && !o.equals(org))) {
                self = JudgeBias.ownGroupPreference(judge + " on " + org + " models", panel, judge, judgeOrg, modelOrg, bootstrap);
            }
            List<double[]> pos = positions.get(judge);
            Interval position = pos == null ? null
                    : bootstrap.interval(Metric.<double[]>itemMean("position_bias", d -> d[0]), pos, d -> Long.toString((long) d[1]));
            table.add(new JudgeRow(judge, country, org, mine.size(), means, gap, home, self, lengthBias(mine, bootstrap), position));
        }
        List<Agreement> agreement = new ArrayList<>();
        List<String> judges = panel.judges();
        for (int a = 0; a < judges.size(); a++) {
            for (int b = a + 1; b < judges.size(); b++) {
                agreement.add(agreement(judges.get(a), judges.get(b), byJudge, bootstrap));
            }
        }
        JudgeBias.Result interaction = twoCountries && twoJudgeCountries
                ? JudgeBias.countryInteraction(panel, judgeCountry, modelCountry, first, second, bootstrap) : null;
        boolean pos = table.stream().anyMatch(r -> r.gap().value() > 0);
        boolean neg = table.stream().anyMatch(r -> r.gap().value() < 0);
        return new Result(suite, "the judges' own scale", List.copyOf(modelCountry.keySet()), modelCountry, table, agreement, first, second,
                interaction, pos && neg);
    }

    /** An estimate of the table, signed, with its interval: {@code +0.45 [+0.35, +0.53]}; {@code n/a} when there is none. */
    public static String signed(Interval i) {
        if (i == null || !Double.isFinite(i.value())) {
            return "n/a";
        }
        return Double.isFinite(i.low()) ? String.format(Locale.ROOT, "%+.2f [%+.2f, %+.2f]", i.value(), i.low(), i.high())
                : String.format(Locale.ROOT, "%+.2f", i.value());
    }

    private static Interval nan() {
        return new Interval(Double.NaN, Double.NaN, Double.NaN);
    }

    private static Map<String, Double> meanByCountry(List<Answer> answers, Map<String, String> modelCountry) {
        // per model first, then over the models of a country: every model weighs the same, as on a leaderboard
        Map<String, double[]> perModel = new LinkedHashMap<>();
        for (Answer a : answers) {
            double[] s = perModel.computeIfAbsent(a.model(), k -> new double[2]);
            s[0] += a.grade();
            s[1]++;
        }
        Map<String, double[]> perCountry = new java.util.TreeMap<>();
        perModel.forEach((m, s) -> {
            String c = modelCountry.get(m) == null ? "?" : modelCountry.get(m);
            double[] t = perCountry.computeIfAbsent(c, k -> new double[2]);
            t[0] += s[0] / s[1];
            t[1]++;
        });
        Map<String, Double> out = new LinkedHashMap<>();
        perCountry.forEach((c, t) -> out.put(c, t[0] / t[1]));
        return out;
    }

    /** The first-minus-second gap under one judge, with a bootstrap over questions (an answer's item is its cluster). */
    private static Interval gapInterval(List<Answer> answers, Map<String, String> modelCountry, String first, String second, Bootstrap b) {
        Metric.Corpus<Answer> gap = Metric.corpus("gap", list -> {
            Map<String, Double> m = meanByCountry(list, modelCountry);
            Double x = m.get(first);
            Double y = m.get(second);
            return x == null || y == null ? Double.NaN : x - y;
        });
        return b.interval(gap, answers, a -> questionOf(a.item()));
    }

    private static Interval lengthBias(List<Answer> answers, Bootstrap b) {
        Metric.Corpus<Answer> rho = Metric.corpus("length_bias", list -> spearman(
                list.stream().mapToDouble(Answer::length).toArray(), list.stream().mapToDouble(Answer::grade).toArray()));
        return b.interval(rho, answers, a -> questionOf(a.item()));
    }

    private static Agreement agreement(String ja, String jb, Map<String, List<Answer>> byJudge, Bootstrap b) {
        Map<String, Double> gradesB = new LinkedHashMap<>();
        byJudge.get(jb).forEach(a -> gradesB.put(a.model() + "\u0000" + a.item(), a.grade()));
        List<double[]> pairs = new ArrayList<>();
        List<String> clusters = new ArrayList<>();
        for (Answer a : byJudge.get(ja)) {
            Double g = gradesB.get(a.model() + "\u0000" + a.item());
            if (g != null) {
                pairs.add(new double[] {a.grade(), g, pairs.size()});
                clusters.add(questionOf(a.item()));
            }
        }
        Metric.Corpus<double[]> rho = Metric.corpus("agreement", list -> spearman(
                list.stream().mapToDouble(p -> p[0]).toArray(), list.stream().mapToDouble(p -> p[1]).toArray()));
        return new Agreement(ja, jb, pairs.size(), b.interval(rho, pairs, p -> clusters.get((int) p[2])));
    }

    /** Spearman's rho; NaN when either side is constant or there are fewer than three pairs. */
    static double spearman(double[] x, double[] y) {
        if (x.length < 3 || constant(x) || constant(y)) {
            return Double.NaN;
        }
        return new SpearmansCorrelation().correlation(x, y);
    }

    private static boolean constant(double[] v) {
        for (double d : v) {
            if (d != v[0]) {
                return false;
            }
        }
        return true;
    }

    /** The question of a sample key ({@code item#sample}): samples of one question are resampled together. */
    private static String questionOf(String key) {
        int hash = key.lastIndexOf('#');
        return hash < 0 ? key : key.substring(0, hash);
    }
}
