package org.gapbench.stats;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The grades a panel of judges gave to the same answers: one answer is one model's response to one item, and every
 * judge of the panel is meant to grade every answer. A grade a judge could not give (its call failed, its verdict could
 * not be parsed, the run stopped first) is missing: kept as such, never imputed, so that {@link JudgeBias} can leave
 * the answer out of the comparisons that need it and say how many it left out.
 *
 * <p>Built from plain rows, one per (item, model, judge): the judged-suite code reads them from the runs' records.
 */
public final class JudgePanel {
    /**
     * One judge's grade of one answer.
     *
     * @param cluster what the bootstrap resamples together: the question, when its two turns (or several samples)
     *                are separate items; the item itself otherwise
     * @param item    the unit answered (an item id, with its turn or sample when there are several)
     * @param grade   the judge's grade on the suite's scale, or NaN when the judge gave none (an error)
     */
    public record Grade(String cluster, String item, String model, String judge, double grade) {
        public Grade {
            if (cluster == null || item == null || model == null || judge == null) {
                throw new IllegalArgumentException("a grade names its cluster, item, model and judge");
            }
            if (Double.isInfinite(grade)) {
                throw new IllegalArgumentException("an infinite grade of " + item + " / " + model + " by " + judge);
            }
        }

        /** A grade of an item that is its own cluster. */
        public static Grade of(String item, String model, String judge, double grade) {
            return new Grade(item, item, model, judge, grade);
        }
    }

    /** One model's answer to one item. */
    record Answer(String cluster, String item, String model) {
    }

    private final List<String> judges;
    private final List<Answer> answers;
    /** grades[answer][judge], NaN where missing. */
    private final double[][] grades;

    private JudgePanel(List<String> judges, List<Answer> answers, double[][] grades) {
        this.judges = judges;
        this.answers = answers;
        this.grades = grades;
    }

    /**
     * The panel of these rows. Every judge named in any row is a member of the panel, so an answer a judge has no row
     * for is missing for it, like an answer it failed to grade.
     *
     * @throws IllegalArgumentException when a judge graded one answer twice, or one item is put in two clusters
     */
    public static JudgePanel of(List<Grade> rows) {
        Set<String> judges = new LinkedHashSet<>();
        Map<String, String> clusterOfItem = new HashMap<>();
        Map<Answer, Integer> index = new LinkedHashMap<>();
        for (Grade g : rows) {
            judges.add(g.judge());
            String cluster = clusterOfItem.putIfAbsent(g.item(), g.cluster());
            if (cluster != null && !cluster.equals(g.cluster())) {
                throw new IllegalArgumentException("item " + g.item() + " is in two clusters: " + cluster + " and " + g.cluster());
            }
            index.putIfAbsent(new Answer(g.cluster(), g.item(), g.model()), index.size());
        }
        List<String> judgeList = List.copyOf(judges);
        Map<String, Integer> judgeIndex = new HashMap<>();
        for (int j = 0; j < judgeList.size(); j++) {
            judgeIndex.put(judgeList.get(j), j);
        }
        double[][] grades = new double[index.size()][judgeList.size()];
        boolean[][] seen = new boolean[index.size()][judgeList.size()];
        for (double[] row : grades) {
            Arrays.fill(row, Double.NaN);
        }
        for (Grade g : rows) {
            int a = index.get(new Answer(g.cluster(), g.item(), g.model()));
            int j = judgeIndex.get(g.judge());
            if (seen[a][j]) {
                throw new IllegalArgumentException("judge " + g.judge() + " graded item " + g.item() + " of model "
                        + g.model() + " twice");
            }
            seen[a][j] = true;
            grades[a][j] = g.grade();
        }
        return new JudgePanel(judgeList, List.copyOf(index.keySet()), grades);
    }

    /** The judges, in the order first seen. */
    public List<String> judges() {
        return judges;
    }

    /** The models that answered, in the order first seen. */
    public List<String> models() {
        Set<String> models = new LinkedHashSet<>();
        for (Answer a : answers) {
            models.add(a.model());
        }
        return List.copyOf(models);
    }

    /** How many answers the panel holds (graded by at least one judge, or failed by one). */
    public int answers() {
        return answers.size();
    }

    List<Answer> answerList() {
        return answers;
    }

    /** The grade of answer {@code a} by judge number {@code j}; NaN when missing. */
    double grade(int a, int j) {
        return grades[a][j];
    }

    int judgeIndex(String judge) {
        int j = judges.indexOf(judge);
        if (j < 0) {
            throw new IllegalArgumentException("judge " + judge + " is not on the panel " + judges);
        }
        return j;
    }
}
