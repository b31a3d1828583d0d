package org.gapbench.run;

import java.util.List;
import org.gapbench.dataset.DatasetManifest;
import org.gapbench.dataset.Item;
import org.gapbench.model.GenerationParams;
import org.gapbench.model.ModelTarget;
import org.gapbench.suite.SuiteSpec;

/** A run with everything resolved: the suite, its items (selected and sharded), the model and the identity. */
public record PreparedRun(SuiteSpec suite, DatasetManifest manifest, List<Item> items, ModelTarget target,
                          GenerationParams params, int samples, RunIdentity identity) {

    public int sampleCount() {
        return items.size() * samples;
    }
}
