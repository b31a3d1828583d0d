package org.gapbench.score.code;

import java.nio.file.Path;
import java.time.Duration;
import org.gapbench.config.Home;
import org.gapbench.dataset.DataStore;
import org.gapbench.model.Catalog;
import org.gapbench.model.GenerationParams;
import org.gapbench.model.resilient.RetryPolicy;
import org.gapbench.run.Evaluation;
import org.gapbench.run.PreparedRun;
import org.gapbench.run.RunListener;
import org.gapbench.run.RunPreparer;
import org.gapbench.run.RunRequest;
import org.gapbench.score.ScoringContext;

/** The repository's suites and the shared data mirror, as the coding tests use them. */
final class CodingFixtures {
    private CodingFixtures() {
    }

    static Path mirror() {
        String env = System.getenv("GAPBENCH_DATA");
        return env != null && !env.isBlank() ? Path.of(env) : Home.resolve().root().resolve("../shared/datasets").normalize();
    }

    static DataStore store() {
        return DataStore.standard(mirror(), Home.resolve().datasets());
    }

    static RunPreparer preparer() {
        Home home = Home.resolve();
        return new RunPreparer(home, store(), Catalog.load(home.catalog()));
    }

    static PreparedRun prepare(String suite, String model, String baseUrl, String apiKeyEnv) {
        return preparer().prepare(RunRequest.builder(suite, model).baseUrl(baseUrl).apiKeyEnv(apiKeyEnv).build());
    }

    static Evaluation evaluation() {
        return Evaluation.builder().rpm(0).tpm(0).timeout(Duration.ofSeconds(30)).build();
    }
}
