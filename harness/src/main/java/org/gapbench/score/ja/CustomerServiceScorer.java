package org.gapbench.score.ja;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gapbench.dataset.Item;
import org.gapbench.keigo.Expectation;
import org.gapbench.keigo.Judgement;
import org.gapbench.keigo.KeigoAnalyzer;
import org.gapbench.keigo.RegisterJudge;
import org.gapbench.score.ItemResult;
import org.gapbench.score.JudgeClients;
import org.gapbench.score.ModelCall;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.score.Scorer;
import org.gapbench.score.ScorerFamily;
import org.gapbench.score.ScorerModel;
import org.gapbench.score.ScorerOptions;
import org.gapbench.score.ScoringContext;
import org.gapbench.stats.Metric;
import org.gapbench.score.choice.ChoiceScorer;

/**
 * The ja-customer-service suite: {@code reply} items are scored by the keigo analyzer's register
 * appropriateness (0–1, with the evidence) for the item's expected register toward the customer;
 * {@code implicature} items by the shared multiple-choice scorer against the gold reading. With option
 * {@code judges}, reply items are also rated by LLM judges ({@link RubricJudges}), outside the headline value.
 */
public final class CustomerServiceScorer implements Scorer {
    /**
     * @param judges        model specs of the optional LLM judges (none by default)
     * @param judgeBaseUrl  their endpoint, when not the provider's default
     * @param rubricVersion must be this harness's rubric version: a run judged with another rubric is another run
     */
    public record Options(List<String> judges, String judgeBaseUrl, String rubricVersion) {
        public static final Options NO_JUDGES = new Options(List.of(), null, RubricJudges.RUBRIC_VERSION);
    }

    public static final ScorerFamily<Options> FAMILY = new ScorerFamily<>() {
        @Override
        public String name() {
            return "ja-customer-service";
        }

        @Override
        public Options options(ScorerOptions o) {
            return CustomerServiceScorer.options(o);
        }

        @Override
        public Scorer create(Options o, ScoringContext context) {
            return new CustomerServiceScorer(o, context.judges(), context.subject());
        }

        @Override
        public Map<String, Metric<ItemResult>> metrics() {
            return Map.of("register_pass_rate", JaMetrics.detailRate("register_pass_rate", "register_pass"),
                    "judge_rating", JaMetrics.detailScaledMean("judge_rating", "judge_rating"),
                    "judge_spread", JaMetrics.detailMean("judge_spread", "judge_spread"));
        }

        @Override
        public List<ScorerModel> models(Options o) {
            return o.judges().stream().map(j -> new ScorerModel(j, o.judgeBaseUrl())).toList();
        }

        @Override
        public boolean takesJudges() {
            return true;
        }

        @Override
        public boolean requiresJudges() {
            return false; // the analyzer's register score is the headline; judges add a metric of their own
        }
    };

    private final RegisterJudge judge = new RegisterJudge(KeigoAnalyzer.shared());
    private final ChoiceScorer choice = new ChoiceScorer(new ChoiceScorer.Options("answer", "options"));
    private final RubricJudges judges;

    public CustomerServiceScorer(Options o, JudgeClients clients, String subject) {
        this.judges = RubricJudges.open(o.judges(), o.judgeBaseUrl(), clients, subject);
    }

    private static Options options(ScorerOptions o) {
        String version = o.string("rubric_version", RubricJudges.RUBRIC_VERSION);
        if (!version.equals(RubricJudges.RUBRIC_VERSION)) {
            throw o.error("rubric_version", "rubric_version: '" + version + "' is not this harness's rubric ("
                    + RubricJudges.RUBRIC_VERSION + ")");
        }
        return new Options(o.strings("judges"), o.string("judge_base_url", null), version);
    }

    @Override
    public Score score(Item item, ModelOutput output) {
        if (item.text("kind").equals("implicature")) {
            return choice.score(item, output);
        }
        String reply = output.text().strip();
        String register = item.text("register");
        if (reply.isEmpty()) {
            return Score.noAnswer(register);
        }
        // The shop answers the customer: the customer's actions are raised, the shop's humbled (MIXED actor,
        // decided per sentence from its subject).
        Judgement j = judge.judge(reply, new Expectation(Expectation.register(register), Expectation.Actor.MIXED));
        Map<String, Object> details = new LinkedHashMap<>(j.details());
        details.put("raised", item.text("raised"));
        details.put("humbled", item.text("humbled"));
        List<ModelCall> calls = judges == null ? List.of() : judges.rate(item, reply, details);
        String rule = j.pass() ? "register-appropriate" : "register-violations:" + j.violations().size();
        return new Score(j.score(), reply, j.pass() ? register : "violations", register, rule, details, calls);
    }
}
