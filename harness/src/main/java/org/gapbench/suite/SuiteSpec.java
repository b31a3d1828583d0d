package org.gapbench.suite;

import java.nio.file.Path;
import java.util.List;
import org.gapbench.config.SourceLines;
import org.gapbench.io.Hashes;
import org.gapbench.io.Json;
import org.gapbench.model.GenerationParams;

/**
 * A suite, as Inspect would say a task: a dataset, a way to prompt (the solver) and a scorer, plus the metrics
 * to report. Everything that changes what is asked or how it is judged is part of {@link #contentHash()}, which
 * goes into every run's identity.
 *
 * @param oracle      template of the answer a perfect model would give, in the format the scorer expects;
 *                    the {@code oracle} provider answers with it, and every suite must score 100% with it
 * @param breakdowns  item fields to break the metrics down by (subject, level, honorific type, ...)
 * @param cluster     item field naming a cluster of items that share a passage or problem (for the bootstrap)
 * @param lines       where each value came from in the suite file, for errors found when the suite is bound
 */
public record SuiteSpec(
        Path source,
        String id,
        String version,
        String title,
        String description,
        String language,
        List<String> tags,
        String dataset,
        String split,
        PromptTemplate prompt,
        String oracle,
        ScorerConfig scorer,
        List<String> metrics,
        List<String> breakdowns,
        String cluster,
        GenerationParams generation,
        int samples,
        SourceLines lines) {

    /** Hash of the prompt templates: changes whenever what the model is asked changes (a single-turn hash is as it was). */
    public String promptHash() {
        if (prompt.then().isEmpty()) {
            return Hashes.sha256(prompt.system(), prompt.user());
        }
        return Hashes.sha256(prompt.system(), prompt.user(), Json.write(prompt.then()));
    }

    /** Hash of the scorer name and options. */
    public String scorerHash() {
        return Hashes.sha256(scorer.name(), Json.write(scorer.options()));
    }

    /** Hash of everything that defines the suite's results. */
    public String contentHash() {
        return Hashes.sha256(id, version, dataset, split, promptHash(), oracle, scorerHash(), String.join(",", metrics),
                Json.write(generation));
    }
}
