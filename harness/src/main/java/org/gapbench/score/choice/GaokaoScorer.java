package org.gapbench.score.choice;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.gapbench.dataset.Item;
import org.gapbench.score.ItemResult;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.score.Scorer;
import org.gapbench.score.ScorerFamily;
import org.gapbench.score.choice.GaokaoExtraction.QuestionType;
import org.gapbench.stats.Metric;

/**
 * GAOKAO-Bench's objective questions, scored in exam points as the publisher scores them
 * ({@code Bench/OBJ_score_evaluation.py}, OpenLMLab/GAOKAO-Bench): answers are extracted by the publisher's rule
 * ({@link GaokaoExtraction}); each answer (each blank of a multi-question item) earns the item's points when it
 * equals the gold answer; when the number of answers found differs from the number of blanks, none counts (upstream
 * replaces them all with "Z"). A multi-select answer (physics) is compared as a set of letters and, with
 * {@code partial_credit} (the default, as upstream), earns half the points when it is a non-empty proper subset of the
 * gold set.
 *
 * <p>The score's value is the share of the item's points earned; the family's metrics weigh items by their points.
 * Options: {@code gold_field} (a list of gold answers, default {@code answer}), {@code points_field} (points per
 * answer, default {@code points}), {@code type_field} (the publisher's question type, default
 * {@code question_type}), {@code partial_credit} (default true).
 */
public final class GaokaoScorer implements Scorer {
    public static final String EARNED = "points_earned";
    public static final String POSSIBLE = "points_possible";
    private static final String BLANKS = "blanks";
    private static final String BLANKS_CORRECT = "blanks_correct";

    public record Options(String goldField, String pointsField, String typeField, boolean partialCredit) {
    }

    public static final ScorerFamily<Options> FAMILY = ScorerFamily.of("gaokao",
            o -> new Options(o.string("gold_field", "answer"), o.string("points_field", "points"),
                    o.string("type_field", "question_type"), o.flag("partial_credit", true)),
            (o, context) -> new GaokaoScorer(o), metrics());

    private final Options options;

    public GaokaoScorer(Options options) {
        this.options = options;
    }

    @Override
    public Score score(Item item, ModelOutput output) {
        QuestionType type = QuestionType.of(item.text(options.typeField()));
        List<String> gold = gold(item);
        double points = points(item);
        List<String> found = GaokaoExtraction.extract(output.text(), type, gold.size());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("question_type", type.spelling());
        details.put("extracted", found);
        details.put(POSSIBLE, points * gold.size());
        details.put(BLANKS, gold.size());
        String goldText = String.join(",", gold);
        if (found.isEmpty() || found.size() != gold.size()) {
            details.put(EARNED, 0.0);
            details.put(BLANKS_CORRECT, 0);
            return new Score(0, found.isEmpty() ? null : String.join(",", found), null, goldText,
                    type.spelling() + (found.isEmpty() ? ":no-answer" : ":count-mismatch"), details);
        }
        double earned = 0;
        int correct = 0;
        boolean partial = false;
        List<String> normalized = new ArrayList<>();
        for (int i = 0; i < gold.size(); i++) {
            String answer = type == QuestionType.MULTI_CHOICE ? letterSet(found.get(i)) : found.get(i);
            String expected = type == QuestionType.MULTI_CHOICE ? letterSet(gold.get(i)) : gold.get(i);
            normalized.add(answer);
            if (answer.equals(expected)) {
                earned += points;
                correct++;
            } else if (type == QuestionType.MULTI_CHOICE && options.partialCredit() && isSubset(answer, expected)) {
                earned += points / 2;
                partial = true;
            }
        }
        details.put(EARNED, earned);
        details.put(BLANKS_CORRECT, correct);
        String outcome = correct == gold.size() ? "correct" : partial ? "half-credit-subset" : correct == 0 ? "wrong" : "partly-correct";
        return new Score(earned / (points * gold.size()), String.join(",", found), String.join(",", normalized), goldText,
                type.spelling() + ":" + outcome, details);
    }

    private List<String> gold(Item item) {
        List<String> out = new ArrayList<>();
        if (item.fields().get(options.goldField()) instanceof List<?> list) {
            list.forEach(g -> out.add(String.valueOf(g).trim()));
        } else {
            out.add(item.text(options.goldField()).trim());
        }
        if (out.isEmpty() || out.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("item " + item.id() + " has no gold answer in '" + options.goldField() + "'");
        }
        return out;
    }

    private double points(Item item) {
        Object v = item.fields().get(options.pointsField());
        double p;
        try {
            p = v instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            p = Double.NaN;
        }
        if (!(p > 0)) {
            throw new IllegalArgumentException("item " + item.id() + ": '" + options.pointsField() + "' is not a positive number of points: " + v);
        }
        return p;
    }

    /** The distinct letters of a multi-select answer, in order: {@code DBB} and {@code BD} are the same choice. */
    private static String letterSet(String letters) {
        StringBuilder b = new StringBuilder();
        letters.chars().collect(TreeSet<Integer>::new, TreeSet::add, TreeSet::addAll).forEach(c -> b.appendCodePoint(c));
        return b.toString();
    }

    /** {@code answer} (a letter set, not equal to {@code gold}) chooses only letters of {@code gold}. */
    private static boolean isSubset(String answer, String gold) {
        return !answer.isEmpty() && answer.chars().allMatch(c -> gold.indexOf(c) >= 0);
    }

    /**
     * The family's metrics, all over every sample of an item (their mean) and weighing items as the exam does:
     * {@code scoring_rate} = points earned / points possible (the publisher's headline), {@code question_accuracy} =
     * answers right / answers asked, each blank of a multi-question item one answer whatever its points (half credit
     * is not right), and the two point totals.
     */
    static Map<String, Metric<ItemResult>> metrics() {
        Map<String, Metric<ItemResult>> m = new LinkedHashMap<>();
        m.put("scoring_rate", Metric.corpus("scoring_rate", items -> sum(items, EARNED) / sum(items, POSSIBLE)));
        m.put("question_accuracy", Metric.corpus("question_accuracy", items -> sum(items, BLANKS_CORRECT) / sum(items, BLANKS)));
        m.put(EARNED, Metric.corpus(EARNED, items -> sum(items, EARNED)));
        m.put(POSSIBLE, Metric.corpus(POSSIBLE, items -> sum(items, POSSIBLE)));
        return m;
    }

    /** The sum over items of the mean over their samples of a numeric detail (the bootstrap calls this a lot). */
    private static double sum(List<ItemResult> items, String key) {
        double total = 0;
        for (ItemResult r : items) {
            double item = 0;
            for (Score s : r.scores()) {
                item += s.details().get(key) instanceof Number n ? n.doubleValue() : 0;
            }
            total += r.scores().isEmpty() ? 0 : item / r.scores().size();
        }
        return total;
    }
}
