package org.gapbench.score.judge;

import java.util.List;
import org.gapbench.score.ScorerFamily;
import org.gapbench.score.ScorerModel;

/**
 * What every LLM-judged family declares the same way: it takes judges ({@code --judge}), asks the judges and the
 * reference of its {@link JudgeSetup}, and reads its judge prompts from the setup's dataset.
 */
abstract class JudgedFamily<O> implements ScorerFamily<O> {
    /** The judged part of a family's options. */
    abstract JudgeSetup setup(O options);

    @Override
    public List<ScorerModel> models(O options) {
        return setup(options).models();
    }

    @Override
    public List<String> datasets(O options) {
        return List.of(setup(options).prompts());
    }

    @Override
    public boolean takesJudges() {
        return true;
    }
}
