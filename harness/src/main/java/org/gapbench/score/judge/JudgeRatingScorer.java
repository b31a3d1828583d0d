package org.gapbench.score.judge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gapbench.dataset.Item;
import org.gapbench.model.Message;
import org.gapbench.score.ItemResult;
import org.gapbench.score.JudgeVerdict;
import org.gapbench.score.ModelCall;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.score.Scorer;
import org.gapbench.score.ScorerFamily;
import org.gapbench.score.ScorerOptions;
import org.gapbench.score.ScoringContext;
import org.gapbench.stats.Metric;

/**
 * Single-answer grading by LLM judges (MT-Bench's {@code single} mode): each judge rates each turn of the answer on a
 * scale (1–10) with the suite's judge prompts, read by {@link RatingRule}. Categories that need a reference (math,
 * reasoning, coding) are judged with the reference prompt and a reference answer, which a reference model gives
 * (FastChat's references are GPT-4's answers: a replay of them). Every judge and the reference take the run's road
 * (cache, retries, limits, cost, {@code --max-cost}), every verdict is kept apart in {@code details.judges}, and the
 * sample's value is the panel's mean, whose rule ({@code mean-of-judges}) is stated beside it. A judge text the rule
 * cannot read is asked again ({@value #PARSE_ATTEMPTS} asks in all, each a new sample, so not the cached text) and then
 * makes the sample an {@code unparseable_verdict} error, never a score.
 */
public final class JudgeRatingScorer implements Scorer {
    static final int PARSE_ATTEMPTS = 3;
    static final String PANEL_RULE = "mean-of-judges";

    /**
     * @param questions     the item fields holding the user turns, in order
     * @param rule          how a judge's text is read ({@code rule: fastchat} or {@code json-grade})
     * @param answerName    the placeholder the prompt names the answer by ({@code answer}; gpt4-autoeval: {@code pred});
     *                      the item's fields fill placeholders of their own names ({@code {eval_aspect}})
     */
    public record Options(JudgeSetup setup, List<String> questions, double scaleMin, double scaleMax, RatingRule rule, String answerName) {
    }

    public static final ScorerFamily<Options> FAMILY = new JudgedFamily<>() {
        @Override
        public String name() {
            return "judge-rating";
        }

        @Override
        public Options options(ScorerOptions o) {
            JudgeSetup setup = JudgeSetup.read(o);
            List<String> questions = o.fieldList("questions");
            if (questions.isEmpty()) {
                throw o.error("questions", "judge-rating needs 'questions': the item fields holding each user turn");
            }
            double min = o.number("scale_min", 1, 0, 100);
            double max = o.number("scale_max", 10, 1, 100);
            if (max <= min) {
                throw o.error("scale_max", "scale_max must be above scale_min");
            }
            RatingRule rule;
            try {
                rule = RatingRule.named(o.string("rule", "fastchat"));
            } catch (IllegalArgumentException e) {
                throw o.error("rule", "rule: " + e.getMessage());
            }
            return new Options(setup, questions, min, max, rule, o.string("answer_name", "answer"));
        }

        @Override
        public Scorer create(Options o, ScoringContext context) {
            return new JudgeRatingScorer(o, context);
        }

        @Override
        public Map<String, Metric<ItemResult>> metrics() {
            return JudgeMetrics.ratings();
        }

        @Override
        JudgeSetup setup(Options o) {
            return o.setup();
        }
    };

    private final Options options;
    private final JudgePanel panel;
    private final JudgePrompt single;
    private final JudgePrompt withReference;

    JudgeRatingScorer(Options o, ScoringContext context) {
        this.options = o;
        this.panel = new JudgePanel(o.setup(), context);
        this.single = panel.prompt(o.setup().prompt());
        this.withReference = o.setup().referencePrompt() == null ? null : panel.prompt(o.setup().referencePrompt());
    }

    @Override
    public Score score(Item item, ModelOutput output) {
        int turns = Math.min(options.questions().size(), output.turns().size());
        boolean needsReference = options.setup().needsReference(item);
        List<String> questions = new ArrayList<>();
        for (int t = 0; t < turns; t++) {
            questions.add(item.text(options.questions().get(t)));
        }
        List<ModelCall> calls = new ArrayList<>();
        List<String> references = needsReference ? panel.references(item, questions, calls) : List.of();
        List<JudgeVerdict> verdicts = new ArrayList<>();
        for (int t = 1; t <= turns; t++) {
            JudgePrompt p = JudgePrompts.forTurn(needsReference ? withReference : single, t, needsReference);
            List<Message> messages = JudgePrompts.messages(p,
                    Message.user(p.fill(JudgePrompts.values(item, options.answerName(), questions, output.turns(), references, t))));
            Item key = new Item(panel.subject() + "/" + item.id() + "/" + t, item.fields());
            for (JudgePanel.Judge j : panel.judges()) {
                verdicts.add(ask(j, key, messages, p, t, calls));
            }
        }
        return score(verdicts, calls, turns, output.text());
    }

    private JudgeVerdict ask(JudgePanel.Judge j, Item key, List<Message> messages, JudgePrompt p, int turn, List<ModelCall> calls) {
        return RatingAsk.ask(j.spec(), j.client(), key, messages, panel.params(), options.rule(), options.scaleMin(), options.scaleMax(),
                p.name(), turn, calls);
    }

    private Score score(List<JudgeVerdict> verdicts, List<ModelCall> calls, int turns, String answer) {
        double rating = verdicts.stream().mapToDouble(JudgeVerdict::rating).average().orElseThrow();
        double value = verdicts.stream().mapToDouble(JudgeVerdict::value).average().orElseThrow();
        Map<String, Object> panel = new LinkedHashMap<>();
        panel.put("rule", PANEL_RULE);
        panel.put("rating", rating);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(JudgeMetrics.RATING, rating);
        for (int t = 1; t <= turns; t++) {
            int turn = t;
            double mean = verdicts.stream().filter(v -> v.turn() == turn).mapToDouble(JudgeVerdict::rating).average().orElseThrow();
            panel.put("turn" + t, mean);
            details.put(JudgeMetrics.RATING + "_turn" + t, mean);
        }
        details.put("panel", panel);
        details.put("judges", verdicts.stream().map(JudgeVerdict::toMap).toList());
        // the answer judged is the whole response (in the record); the score shows its start, so "no answer" means an empty one
        String shown = answer.strip().length() <= 80 ? answer.strip() : answer.strip().substring(0, 80) + "…";
        return new Score(value, shown.isEmpty() ? null : shown, fmt(rating), null, PANEL_RULE, details, calls);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.3f", d);
    }
}
