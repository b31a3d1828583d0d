package org.gapbench.score.judge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gapbench.dataset.Item;
import org.gapbench.model.ChatClient;
import org.gapbench.model.Message;
import org.gapbench.model.ModelResponse;
import org.gapbench.score.ItemResult;
import org.gapbench.score.ModelCall;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.score.Scorer;
import org.gapbench.score.ScorerFamily;
import org.gapbench.score.ScorerModel;
import org.gapbench.score.ScorerOptions;
import org.gapbench.score.ScoringContext;
import org.gapbench.stats.Metric;

/**
 * Pairwise grading against a baseline (Japanese Vicuna QA, Rakuda; MT-Bench's {@code pairwise-baseline} mode): each
 * judge compares the model's answer with the baseline's twice, once in each order, because judges favour a position.
 * The upstream rule decides each (judge, question): a win when both orders prefer the model, a loss when both prefer
 * the baseline, a tie otherwise (either order says tie, or the orders disagree). The sample's value is 1, 0.5 or 0
 * (the mean over judges), so its mean is the adjusted win rate; win, loss and tie rates and the judges' position-bias
 * rate (the same slot won in both orders) are metrics of their own. The baseline's answers are asked on the judges'
 * road (a replay of the published baseline answers, usually), and every verdict is kept in {@code details.judges}.
 */
public final class PairwiseScorer implements Scorer {
    /**
     * @param baseline the model the answers are compared with (its spec; a replay of recorded answers)
     * @param question the item field holding the question
     * @param bothOrders {@code orders: both} (the default): each judge sees the model first and the baseline first;
     *                 {@code orders: baseline-first}: once, the baseline as the first output (AlpacaEval's output_1)
     */
    public record Options(JudgeSetup setup, String question, String baseline, PairRule rule, boolean bothOrders) {
    }

    public static final ScorerFamily<Options> FAMILY = new JudgedFamily<>() {
        @Override
        public String name() {
            return "judge-pairwise";
        }

        @Override
        public Options options(ScorerOptions o) {
            return new Options(JudgeSetup.read(o), o.requiredField("question"), o.requiredString("baseline"), rule(o), bothOrders(o));
        }

        private boolean bothOrders(ScorerOptions o) {
            String v = o.string("orders", "both");
            if (!v.equals("both") && !v.equals("baseline-first")) {
                throw o.error("orders", "orders: 'both' (each judge sees each order) or 'baseline-first' (once, as AlpacaEval asks)");
            }
            return v.equals("both");
        }

        private PairRule rule(ScorerOptions o) {
            try {
                return PairRule.named(o.string("rule", "fastchat"));
            } catch (IllegalArgumentException e) {
                throw o.error("rule", "rule: " + e.getMessage());
            }
        }

        @Override
        public Scorer create(Options o, ScoringContext context) {
            return new PairwiseScorer(o, context);
        }

        @Override
        public Map<String, Metric<ItemResult>> metrics() {
            return PairwiseMetrics.all();
        }

        @Override
        JudgeSetup setup(Options o) {
            return o.setup();
        }

        @Override
        public List<ScorerModel> models(Options o) {
            return o.setup().models(o.baseline());
        }
    };

    private final Options options;
    private final JudgePanel panel;
    private final ChatClient baseline;
    private final String baselineName;
    private final JudgePrompt plain;
    private final JudgePrompt withReference;

    PairwiseScorer(Options o, ScoringContext context) {
        this.options = o;
        this.panel = new JudgePanel(o.setup(), context);
        this.baseline = panel.openOther(o.baseline());
        this.baselineName = JudgePanel.nameOf(o.baseline());
        this.plain = panel.prompt(o.setup().prompt());
        this.withReference = o.setup().referencePrompt() == null ? null : panel.prompt(o.setup().referencePrompt());
    }

    @Override
    public Score score(Item item, ModelOutput output) {
        List<ModelCall> calls = new ArrayList<>();
        String question = item.text(options.question());
        String theirs = panel.answers(baseline, options.baseline() + " (baseline)", item, List.of(question), calls).get(0);
        boolean needsReference = options.setup().needsReference(item);
        List<String> refs = needsReference ? panel.references(item, List.of(question), calls) : List.of();
        JudgePrompt p = needsReference ? withReference : plain;
        List<Map<String, Object>> verdicts = new ArrayList<>();
        double sum = 0;
        int wins = 0;
        int losses = 0;
        int positionBiased = 0;
        for (JudgePanel.Judge j : panel.judges()) {
            double outcome;
            if (options.bothOrders()) {
                double first = ask(j, item, p, question, output.text(), theirs, refs, true, verdicts, calls);
                double second = ask(j, item, p, question, theirs, output.text(), refs, false, verdicts, calls);
                // the upstream rule: a win only when both orders prefer the model, a loss only when both prefer the baseline
                outcome = first > 0.5 && second > 0.5 ? 1 : first < 0.5 && second < 0.5 ? 0 : 0.5;
                // the same slot won in both orders: the judge followed the position, not the answer
                positionBiased += first != 0.5 && second != 0.5 && (first > 0.5) != (second > 0.5) ? 1 : 0;
            } else {
                outcome = ask(j, item, p, question, theirs, output.text(), refs, false, verdicts, calls);
            }
            sum += outcome;
            wins += outcome > 0.5 ? 1 : 0;
            losses += outcome < 0.5 ? 1 : 0;
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("family", "pairwise-outcome");
            o.put("judge", j.spec());
            o.put("outcome", outcome > 0.5 ? "win" : outcome < 0.5 ? "loss" : "tie");
            o.put("value", outcome);
            verdicts.add(o);
        }
        int n = panel.judges().size();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(PairwiseMetrics.WIN, (double) wins / n);
        details.put(PairwiseMetrics.LOSS, (double) losses / n);
        details.put(PairwiseMetrics.TIE, (double) (n - wins - losses) / n);
        if (options.bothOrders()) {
            details.put(PairwiseMetrics.POSITION, (double) positionBiased / n);
        }
        details.put("baseline", options.baseline());
        details.put("panel", Map.of("rule", options.bothOrders()
                ? "upstream: win if both orders prefer the model, loss if both prefer the baseline, else tie; mean of judges (win 1, tie 0.5, loss 0)"
                : "the judge's probability that the model's answer is the better (baseline shown first); mean of judges"));
        details.put("judges", verdicts);
        String outcome = wins == n ? "win" : losses == n ? "loss" : n == 1 ? "tie" : "mixed";
        String shown = output.text().strip().length() <= 80 ? output.text().strip() : output.text().strip().substring(0, 80) + "…";
        return new Score(sum / n, shown.isEmpty() ? null : shown, outcome, "baseline", options.bothOrders() ? "pairwise-both-orders"
                : "pairwise-preference", details, calls);
    }

    /**
     * One order: {@code a} is shown as assistant A. Returns the judge's probability that the model's answer is the
     * better. The key of a replay judge's recording is {@code <question>/<A's name>/<B's name>}.
     */
    private double ask(JudgePanel.Judge j, Item item, JudgePrompt p, String question, String a, String b, List<String> refs,
                       boolean modelFirst, List<Map<String, Object>> verdicts, List<ModelCall> calls) {
        Map<String, String> values = new LinkedHashMap<>();
        item.fields().keySet().forEach(k -> values.put(k, item.text(k)));
        values.put("question", question);
        values.put("answer_a", a);
        values.put("answer_b", b);
        if (!refs.isEmpty()) {
            values.put("ref_answer_1", refs.get(0));
        }
        List<Message> messages = JudgePrompts.messages(p, Message.user(p.fill(values)));
        String first = modelFirst ? panel.subject() : baselineName;
        String second = modelFirst ? baselineName : panel.subject();
        Item key = new Item(item.id() + "/" + first + "/" + second, item.fields());
        PairRule rule = options.rule();
        String last = "";
        for (int attempt = 0; attempt < JudgeRatingScorer.PARSE_ATTEMPTS; attempt++) {
            ModelResponse r = panel.ask(j, key, messages, attempt, text -> rule.firstBetter(text).isPresent(), calls);
            last = r.text();
            Optional<Double> firstBetter = rule.firstBetter(last);
            if (firstBetter.isPresent()) {
                double model = modelFirst ? firstBetter.get() : 1 - firstBetter.get();
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("family", "pairwise");
                v.put("judge", j.spec());
                v.put("model", r.model());
                v.put("order", modelFirst ? "model-first" : "baseline-first");
                v.put("prompt", p.name());
                v.put("rule", rule.label());
                v.put("first_better", firstBetter.get());
                v.put("model_better", model);
                v.put("preference", model > 0.5 ? "model" : model < 0.5 ? "baseline" : "tie");
                v.put("reasons", last);
                v.put("attempts", attempt + 1);
                v.put("cached", r.trace().cached());
                verdicts.add(v);
                return model;
            }
        }
        throw Unreadable.verdict(j.spec(), "no verdict by rule " + rule.label(), last);
    }
}
