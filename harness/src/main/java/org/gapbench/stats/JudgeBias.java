package org.gapbench.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Whether a judge's verdict depends on whose model it grades: a difference in differences over a {@link JudgePanel}.
 * Judges fall in two groups A and B, models in two groups X and Y (judges and models of two countries; or one judge
 * against the rest of the panel, and that judge's own country or own family against the other models). With
 * {@code A(X)} the mean grade A's judges give X's models,
 * <pre>
 *   interaction = [A(X) − A(Y)] − [B(X) − B(Y)]  =  [A(X) − B(X)] − [A(Y) − B(Y)]
 * </pre>
 * the change in the X-versus-Y gap when A's judges grade instead of B's; equally, how much more A's judges favour X's
 * answers than B's judges do, net of how much more lenient A's judges are everywhere. A judge that is merely strict or
 * lenient moves both terms alike and leaves the interaction at 0; so do models that are simply better or worse.
 *
 * <p>What it does not say: which group is right. A non-zero interaction means the two groups of judges disagree in a
 * way aligned with the models' groups; whether A over-rates X or B under-rates it needs a third reference (humans).
 *
 * <p>Every judge grades the same answers, so the comparison is paired: an answer enters only when every judge of A
 * and B graded it. An answer a judge failed to grade is left out for all of them, counted, and the count of misses per
 * judge reported; a grade is never imputed. A mean is taken per model first and then over the models of a group, so
 * every model weighs the same, as on a leaderboard, whatever its number of answers. The interval is a percentile
 * bootstrap that resamples clusters (items, or the questions holding several items) with every judge's grades of every
 * model on them together; the p-value inverts it (two-sided, {@code 2 min(#{D* ≤ 0} + 1, #{D* ≥ 0} + 1) / (B + 1)}),
 * so p < 0.05 exactly when 0 lies near or outside the interval's edge.
 */
public final class JudgeBias {
    private JudgeBias() {
    }

    /** The four mean grades: judges of A or B, models of X or Y. */
    public record Cells(double aOnX, double aOnY, double bOnX, double bOnY) {
    }

    /**
     * @param clusters       clusters with at least one answer compared (the bootstrap's units)
     * @param answers        answers every judge of A and B graded: those compared
     * @param excluded       answers of X's and Y's models left out because a judge of A or B gave no grade
     * @param missingByJudge for each judge of A and B, the answers it gave no grade (the causes of {@code excluded})
     * @param gapUnderA      A(X) − A(Y): the X-versus-Y gap as A's judges grade it
     * @param gapUnderB      B(X) − B(Y): the same gap as B's judges grade it
     * @param differenceOnX  A(X) − B(X): how much more A's judges give X's answers than B's judges give the same answers
     * @param differenceOnY  A(Y) − B(Y): the same on Y's answers (A's leniency where it has no stake)
     * @param interaction    the difference in differences, positive when A's judges favour X relative to B's judges
     * @param pValue         two-sided, of "no interaction", from the bootstrap (NaN with fewer than two clusters)
     */
    public record Result(String name, List<String> judgesA, List<String> judgesB, List<String> modelsX,
                         List<String> modelsY, int clusters, int answers, int excluded,
                         Map<String, Integer> missingByJudge, Cells cells, Interval gapUnderA, Interval gapUnderB,
                         Interval differenceOnX, Interval differenceOnY, Interval interaction, double pValue) {
    }

    /**
     * The country interaction: judges and models of {@code first} against those of {@code second} (A and X are
     * {@code first}'s). Positive when each country's judges rate their own country's models higher than the other
     * country's judges do (the measure is symmetric in the two countries: naming them the other way round gives the
     * same number). Judges and models of neither country take no part.
     */
    public static Result countryInteraction(JudgePanel panel, Map<String, String> judgeCountry,
                                            Map<String, String> modelCountry, String first, String second,
                                            Bootstrap bootstrap) {
        return contrast("judge country × model country (" + first + ", " + second + ")", panel,
                of(panel.judges(), judgeCountry, first), of(panel.judges(), judgeCountry, second),
                of(panel.models(), modelCountry, first), of(panel.models(), modelCountry, second), bootstrap);
    }

    /**
     * One judge's preference for its own group's models: A is the judge, B every judge of the panel from another
     * group, X the models of the judge's group, Y the models of other groups. With countries as groups it is the
     * judge's home bias; with organizations or model families, its self-preference. {@code differenceOnX} is the
     * plain paired difference (the judge against the others on its own group's answers); the interaction takes off
     * what the judge gives more everywhere. Judges and models without a group take no part.
     */
    public static Result ownGroupPreference(String name, JudgePanel panel, String judge,
                                            Map<String, String> judgeGroup, Map<String, String> modelGroup,
                                            Bootstrap bootstrap) {
        panel.judgeIndex(judge);
        String own = judgeGroup.get(judge);
        if (own == null) {
            throw new IllegalArgumentException("judge " + judge + " has no group");
        }
        List<String> others = new ArrayList<>();
        for (String j : panel.judges()) {
            if (judgeGroup.get(j) != null && !own.equals(judgeGroup.get(j))) {
                others.add(j);
            }
        }
        List<String> foreign = new ArrayList<>();
        for (String m : panel.models()) {
            if (modelGroup.get(m) != null && !own.equals(modelGroup.get(m))) {
                foreign.add(m);
            }
        }
        return contrast(name, panel, List.of(judge), others, of(panel.models(), modelGroup, own), foreign, bootstrap);
    }

    /** The interaction of judge groups A, B and model groups X, Y (see the class comment). */
    public static Result contrast(String name, JudgePanel panel, Collection<String> judgesA,
                                  Collection<String> judgesB, Collection<String> modelsX, Collection<String> modelsY,
                                  Bootstrap bootstrap) {
        requireTwoGroups("judges", judgesA, judgesB);
        requireTwoGroups("models", modelsX, modelsY);
        int[] a = judgesA.stream().mapToInt(panel::judgeIndex).toArray();
        int[] b = judgesB.stream().mapToInt(panel::judgeIndex).toArray();
        List<String> models = new ArrayList<>(modelsX);
        models.addAll(modelsY);
        Map<String, Integer> modelIndex = new HashMap<>();
        for (int m = 0; m < models.size(); m++) {
            modelIndex.put(models.get(m), m);
        }
        Map<String, Integer> missing = new LinkedHashMap<>();
        for (String j : judgesA) {
            missing.put(j, 0);
        }
        for (String j : judgesB) {
            missing.put(j, 0);
        }
        Map<String, Integer> clusterIndex = new LinkedHashMap<>();
        List<double[]> sumsA = new ArrayList<>(); // per cluster, per model: sum over answers of A's mean grade
        List<double[]> sumsB = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        int compared = 0;
        int excluded = 0;
        List<JudgePanel.Answer> answers = panel.answerList();
        for (int i = 0; i < answers.size(); i++) {
            JudgePanel.Answer answer = answers.get(i);
            Integer m = modelIndex.get(answer.model());
            if (m == null) {
                continue;
            }
            boolean complete = true;
            for (int[] group : new int[][] {a, b}) {
                for (int j : group) {
                    if (Double.isNaN(panel.grade(i, j))) {
                        complete = false;
                        missing.merge(panel.judges().get(j), 1, Integer::sum);
                    }
                }
            }
            if (!complete) {
                excluded++;
                continue;
            }
            int c = clusterIndex.computeIfAbsent(answer.cluster(), k -> {
                sumsA.add(new double[models.size()]);
                sumsB.add(new double[models.size()]);
                counts.add(new int[models.size()]);
                return clusterIndex.size();
            });
            sumsA.get(c)[m] += mean(panel, i, a);
            sumsB.get(c)[m] += mean(panel, i, b);
            counts.get(c)[m]++;
            compared++;
        }
        Estimator estimator = new Estimator(sumsA, sumsB, counts, modelsX.size());
        int clusters = clusterIndex.size();
        double[] weights = new double[clusters];
        Arrays.fill(weights, 1);
        double[] point = estimator.estimate(weights);
        double[][] resampled = new double[5][bootstrap.resamples()];
        if (clusters >= 2) {
            RandomGenerator rng = new Well19937c(bootstrap.seed());
            for (int r = 0; r < bootstrap.resamples(); r++) {
                Arrays.fill(weights, 0);
                for (int k = 0; k < clusters; k++) {
                    weights[rng.nextInt(clusters)]++;
                }
                double[] s = estimator.estimate(weights);
                for (int q = 0; q < 5; q++) {
                    resampled[q][r] = s[q];
                }
            }
        }
        Interval[] intervals = new Interval[5];
        for (int q = 0; q < 5; q++) {
            intervals[q] = clusters >= 2 ? Bootstrap.percentile(point[q], resampled[q])
                    : new Interval(point[q], Double.NaN, Double.NaN);
        }
        double p = clusters >= 2 ? pValue(resampled[4]) : Double.NaN;
        return new Result(name, List.copyOf(judgesA), List.copyOf(judgesB), List.copyOf(modelsX), List.copyOf(modelsY),
                clusters, compared, excluded, missing, new Cells(point[5], point[6], point[7], point[8]),
                intervals[0], intervals[1], intervals[2], intervals[3], intervals[4], p);
    }

    /**
     * The resampled statistics: cluster c weighs {@code weights[c]} (the times a resample drew it; all 1 for the
     * point estimate).
     */
    private record Estimator(List<double[]> sumsA, List<double[]> sumsB, List<int[]> counts, int xModels) {
        /** gapUnderA, gapUnderB, differenceOnX, differenceOnY, interaction, then the cells A(X), A(Y), B(X), B(Y). */
        double[] estimate(double[] weights) {
            int models = counts.isEmpty() ? 0 : counts.get(0).length;
            double[] meanA = new double[models];
            double[] meanB = new double[models];
            double[] n = new double[models];
            for (int c = 0; c < weights.length; c++) {
                double w = weights[c];
                if (w == 0) {
                    continue;
                }
                double[] sa = sumsA.get(c);
                double[] sb = sumsB.get(c);
                int[] k = counts.get(c);
                for (int m = 0; m < models; m++) {
                    meanA[m] += w * sa[m];
                    meanB[m] += w * sb[m];
                    n[m] += w * k[m];
                }
            }
            double ax = groupMean(meanA, n, 0, xModels);
            double ay = groupMean(meanA, n, xModels, models);
            double bx = groupMean(meanB, n, 0, xModels);
            double by = groupMean(meanB, n, xModels, models);
            return new double[] {ax - ay, bx - by, ax - bx, ay - by, (ax - ay) - (bx - by), ax, ay, bx, by};
        }

        /** The mean over models [from, to) that have answers of their per-model mean; NaN if none has. */
        private static double groupMean(double[] sums, double[] n, int from, int to) {
            double total = 0;
            int present = 0;
            for (int m = from; m < to; m++) {
                if (n[m] > 0) {
                    total += sums[m] / n[m];
                    present++;
                }
            }
            return present == 0 ? Double.NaN : total / present;
        }
    }

    /** Two-sided, by inverting the percentile interval, with the +1 correction (never 0). */
    static double pValue(double[] resampled) {
        int finite = 0;
        int atMost = 0;
        int atLeast = 0;
        for (double v : resampled) {
            if (Double.isFinite(v)) {
                finite++;
                atMost += v <= 0 ? 1 : 0;
                atLeast += v >= 0 ? 1 : 0;
            }
        }
        if (finite == 0) {
            return Double.NaN;
        }
        return Math.min(1, 2.0 * (Math.min(atMost, atLeast) + 1) / (finite + 1));
    }

    private static double mean(JudgePanel panel, int answer, int[] judges) {
        double sum = 0;
        for (int j : judges) {
            sum += panel.grade(answer, j);
        }
        return sum / judges.length;
    }

    private static List<String> of(List<String> names, Map<String, String> group, String value) {
        List<String> out = new ArrayList<>();
        for (String name : names) {
            if (value.equals(group.get(name))) {
                out.add(name);
            }
        }
        return out;
    }

    private static void requireTwoGroups(String what, Collection<String> first, Collection<String> second) {
        if (first.isEmpty() || second.isEmpty()) {
            throw new IllegalArgumentException("a bias contrast needs " + what + " on both sides: " + first + " against " + second);
        }
        Set<String> overlap = new LinkedHashSet<>(first);
        overlap.retainAll(Set.copyOf(second));
        if (!overlap.isEmpty()) {
            throw new IllegalArgumentException(what + " on both sides of a bias contrast: " + overlap);
        }
    }
}
