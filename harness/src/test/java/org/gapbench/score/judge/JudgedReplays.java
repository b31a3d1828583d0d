package org.gapbench.score.judge;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gapbench.config.Home;
import org.gapbench.dataset.DataStore;
import org.gapbench.model.Catalog;
import org.gapbench.results.RunDirectory;
import org.gapbench.results.SampleRecord;
import org.gapbench.results.Summary;
import org.gapbench.run.Evaluation;
import org.gapbench.run.PreparedRun;
import org.gapbench.run.RunPreparer;
import org.gapbench.run.RunRequest;
import org.gapbench.testing.TestSupport;

/** A judged suite run with recorded answers and replay judges, through the real pipeline, as the reproductions do it. */
final class JudgedReplays {
    static final Home HOME = new Home(TestSupport.home());
    static final DataStore STORE = TestSupport.store();
    static final RunPreparer PREPARER = new RunPreparer(HOME, STORE, Catalog.load(HOME.catalog()));

    /** What a replayed run gave: its summary and its journal's records. */
    record Replayed(Summary summary, List<SampleRecord> records) {
    }

    private JudgedReplays() {
    }

    /** Runs {@code suite} on the recording {@code replays/<model>.yaml} judged by {@code judges} into {@code out}. */
    static Replayed run(String suite, String model, List<String> judges, Path out) {
        PreparedRun run = PREPARER.prepare(RunRequest.builder(suite, "replay:replays/" + model + ".yaml").judges(judges).build());
        Summary summary = Evaluation.builder().concurrency(4).timeout(Duration.ofSeconds(30)).build().run(run, out).summary();
        try (RunDirectory dir = RunDirectory.openExisting(out)) {
            return new Replayed(summary, new ArrayList<>(dir.reader().latest().values()));
        }
    }

    /** A file of the data mirror, by its path there. */
    static Path mirror(String path) {
        return STORE.searchPath().get(0).resolve(path);
    }
}
