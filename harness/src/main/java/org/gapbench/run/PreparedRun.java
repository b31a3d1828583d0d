package org.gapbench.run;

import java.util.List;
import java.util.Map;
import org.gapbench.dataset.DatasetManifest;
import org.gapbench.dataset.Item;
import org.gapbench.model.GenerationParams;
import org.gapbench.model.ModelTarget;
import org.gapbench.results.RunIdentity;
import org.gapbench.score.DatasetSource;
import org.gapbench.score.registry.ScoringPlan;
import org.gapbench.suite.SuiteSpec;

/**
 * A run with everything resolved and checked: the suite bound to its scorer, its items (selected and sharded), the
 * model and the identity. Nothing in it can fail for a reason the user could have been told before the first request.
 *
 * @param judges the models the scorer asks, by the spec it names them with, resolved (a recording found and hashed)
 * @param data   the datasets the scorer reads, already read once and checked
 */
public record PreparedRun(SuiteSpec suite, ScoringPlan scoring, DatasetManifest manifest, List<Item> items, ModelTarget target,
                          GenerationParams params, int samples, RunIdentity identity, Map<String, ModelTarget> judges,
                          DatasetSource data) {

    public int sampleCount() {
        return items.size() * samples;
    }
}
