package org.gapbench.score.judge;

import java.util.ArrayList;
import java.util.List;
import org.gapbench.dataset.Item;
import org.gapbench.score.ScorerModel;
import org.gapbench.score.ScorerOptions;

/**
 * The options every judged family reads the same way: who judges, with which prompts, and which categories are
 * judged against a reference answer (and whose).
 *
 * @param judges          judge model specs (replaced by {@code --judge})
 * @param judgeBaseUrl    their endpoint (replaced by {@code --judge-base-url}), or null for each provider's
 * @param prompts         the dataset (manifest id) holding the judge prompts, one per record ({@code name},
 *                        {@code system_prompt}, {@code prompt_template})
 * @param prompt          the prompt for answers judged without a reference
 * @param referencePrompt the prompt for the categories judged against a reference
 * @param reference       the model whose answers are the references (a replay of the published ones), or null
 * @param categoryField   the item field naming the category
 */
public record JudgeSetup(List<String> judges, String judgeBaseUrl, String prompts, String prompt, String referencePrompt,
                         String reference, List<String> referenceCategories, String categoryField, int judgeMaxTokens) {

    static JudgeSetup read(ScorerOptions o) {
        String reference = o.string("reference", null);
        List<String> refCats = o.strings("reference_categories");
        String refPrompt = o.string("reference_prompt", null);
        if (!refCats.isEmpty() && (reference == null || refPrompt == null)) {
            throw o.error("reference_categories", "reference_categories need a 'reference' model and a 'reference_prompt'");
        }
        return new JudgeSetup(o.strings("judges"), o.string("judge_base_url", null), o.requiredString("prompts"), o.requiredString("prompt"),
                refPrompt, reference, refCats, refCats.isEmpty() ? o.string("category_field", "category") : o.field("category_field", "category"),
                (int) o.number("judge_max_tokens", 2048, 16, 100_000));
    }

    /** The judges, then {@code others} (a baseline), then the reference: every model the family will ask. */
    List<ScorerModel> models(String... others) {
        List<ScorerModel> out = new ArrayList<>();
        judges.forEach(j -> out.add(new ScorerModel(j, judgeBaseUrl)));
        for (String o : others) {
            out.add(new ScorerModel(o, judgeBaseUrl));
        }
        if (reference != null) {
            out.add(new ScorerModel(reference, judgeBaseUrl));
        }
        return out;
    }

    /** Whether {@code item}'s category is judged against a reference. */
    boolean needsReference(Item item) {
        return referenceCategories.contains(item.text(categoryField));
    }
}
