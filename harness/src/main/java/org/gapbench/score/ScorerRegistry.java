package org.gapbench.score;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.gapbench.config.ConfigException;
import org.gapbench.score.math.MathAnswerScorer;
import org.gapbench.score.math.ZeroEvalScorer;

/** The scorers a suite may name in its {@code scorer:} block. */
public final class ScorerRegistry {

    /** Builds a scorer from its configuration; throws {@link IllegalArgumentException} for a bad option. */
    @FunctionalInterface
    public interface Factory {
        Scorer create(ScorerConfig config, ScoringEnvironment env);
    }

    private static final Map<String, Factory> FACTORIES = new TreeMap<>();

    static {
        // One line per scorer, so that adding one never touches another's line.
        FACTORIES.put("zeroeval", (c, env) -> new ZeroEvalScorer(c));
        FACTORIES.put("math", (c, env) -> new MathAnswerScorer(c));
        FACTORIES.put("python-tests", org.gapbench.score.code.CodeTestScorer::python);
        FACTORIES.put("java-tests", org.gapbench.score.code.CodeTestScorer::java);
        FACTORIES.put("choice", (c, env) -> new org.gapbench.score.choice.ChoiceScorer(c));
        FACTORIES.put("keicot-judgement", (c, env) -> new org.gapbench.score.ja.YesNoJudgementScorer(c));
        FACTORIES.put("keico-level", (c, env) -> new org.gapbench.score.ja.KeicoLevelScorer(c));
        FACTORIES.put("keigo-convert", (c, env) -> new org.gapbench.score.ja.KeigoConvertScorer(c));
        FACTORIES.put("ja-customer-service", (c, env) -> new org.gapbench.score.ja.CustomerServiceScorer(c));
    }

    private ScorerRegistry() {
    }

    public static Set<String> names() {
        return FACTORIES.keySet();
    }

    public static boolean known(String name) {
        return FACTORIES.containsKey(name);
    }

    public static Scorer create(ScorerConfig config, ScoringEnvironment env) {
        Factory f = FACTORIES.get(config.name());
        if (f == null) {
            throw new ConfigException("unknown scorer '" + config.name() + "' (known: " + String.join(", ", names()) + ")");
        }
        return org.gapbench.score.lang.LanguageCheckedScorer.wrapIfAsked(config, f.create(config, env));
    }
}
