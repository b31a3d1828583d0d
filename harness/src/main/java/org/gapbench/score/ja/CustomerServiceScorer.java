package org.gapbench.score.ja;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gapbench.dataset.Item;
import org.gapbench.keigo.Expectation;
import org.gapbench.keigo.Judgement;
import org.gapbench.keigo.KeigoAnalyzer;
import org.gapbench.keigo.RegisterJudge;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.score.Scorer;
import org.gapbench.score.ScorerConfig;
import org.gapbench.score.choice.ChoiceScorer;

/**
 * The ja-customer-service suite: {@code reply} items are scored by the keigo analyzer's register
 * appropriateness (0–1, with the evidence) for the item's expected register toward the customer;
 * {@code implicature} items by the shared multiple-choice scorer against the gold reading. With option
 * {@code judges}, reply items are also rated by LLM judges ({@link RubricJudges}), outside the headline value.
 */
public final class CustomerServiceScorer implements Scorer {
    private final RegisterJudge judge = new RegisterJudge(KeigoAnalyzer.shared());
    private final ChoiceScorer choice;
    private final RubricJudges judges;

    public CustomerServiceScorer(ScorerConfig config) {
        this.choice = new ChoiceScorer(new ScorerConfig("choice", Map.of("gold_field", "answer", "choices_field", "options")));
        this.judges = RubricJudges.fromConfig(config);
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
        if (judges != null) {
            judges.rate(item, reply, details);
        }
        String rule = j.pass() ? "register-appropriate" : "register-violations:" + j.violations().size();
        return new Score(j.score(), reply, j.pass() ? register : "violations", register, rule, details);
    }
}
