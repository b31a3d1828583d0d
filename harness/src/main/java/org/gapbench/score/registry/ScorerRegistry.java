package org.gapbench.score.registry;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.gapbench.config.ConfigException;
import org.gapbench.score.ScorerFamily;
import org.gapbench.score.choice.ChoiceScorer;
import org.gapbench.score.choice.GaokaoScorer;
import org.gapbench.score.code.CodeTestScorer;
import org.gapbench.score.ja.CustomerServiceScorer;
import org.gapbench.score.judge.JudgeRatingScorer;
import org.gapbench.score.judge.PairwiseScorer;
import org.gapbench.score.ja.KeicoLevelScorer;
import org.gapbench.score.ja.KeigoConvertScorer;
import org.gapbench.score.ja.YesNoJudgementScorer;
import org.gapbench.score.math.MathAnswerScorer;
import org.gapbench.score.math.ZeroEvalScorer;

/** The scorer families a suite may name in its {@code scorer:} block. Adding one is one line here. */
public final class ScorerRegistry {
    private static final Map<String, ScorerFamily<?>> FAMILIES = new TreeMap<>();

    static {
        for (ScorerFamily<?> f : List.of(MathAnswerScorer.FAMILY, ZeroEvalScorer.FAMILY, CodeTestScorer.PYTHON, CodeTestScorer.JAVA,
                ChoiceScorer.FAMILY, YesNoJudgementScorer.FAMILY, KeicoLevelScorer.FAMILY, KeigoConvertScorer.FAMILY,
                CustomerServiceScorer.FAMILY, GaokaoScorer.FAMILY, JudgeRatingScorer.FAMILY, PairwiseScorer.FAMILY)) {
            if (FAMILIES.put(f.name(), f) != null) {
                throw new IllegalStateException("two scorer families are called " + f.name());
            }
        }
    }

    private ScorerRegistry() {
    }

    public static Set<String> names() {
        return FAMILIES.keySet();
    }

    public static boolean known(String name) {
        return FAMILIES.containsKey(name);
    }

    static ScorerFamily<?> family(String name) {
        ScorerFamily<?> f = FAMILIES.get(name);
        if (f == null) {
            throw new ConfigException("unknown scorer '" + name + "' (known: " + String.join(", ", names()) + ")");
        }
        return f;
    }

    static java.util.Collection<ScorerFamily<?>> all() {
        return FAMILIES.values();
    }
}
