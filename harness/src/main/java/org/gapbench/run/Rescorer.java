package org.gapbench.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gapbench.config.ConfigException;
import org.gapbench.dataset.Item;
import org.gapbench.io.Json;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.score.Scorer;
import org.gapbench.stats.Bootstrap;

/**
 * Re-scores a finished run from its journal with the suite's current scorer: no model calls. The journal is
 * rewritten through a temporary file and an atomic rename (superseded error records are dropped), then the
 * summary is recomputed. A run whose prompt differs from the suite's current prompt is refused.
 */
public final class Rescorer {
    private static final int BATCH = 2048;

    private Rescorer() {
    }

    /** Rebuilds the {@link RunRequest} that produced a run, from its identity. */
    public static RunRequest requestOf(RunIdentity id) {
        return new RunRequest(id.suite().id(), id.model().spec(), id.model().baseUrl(), null, id.selection().limit(),
                id.selection().seed(), id.samples(), id.generation(), id.shard(),
                id.model().name().equals(id.model().spec()) ? null : id.model().name());
    }

    public static Summary rescore(Path dir, RunPreparer preparer, Scorer scorerOrNull,
                                  org.gapbench.score.ScoringEnvironment env) {
        RunIdentity old = RunDirectory.readIdentity(dir);
        PreparedRun run = preparer.prepare(requestOf(old));
        if (!run.identity().suite().promptHash().equals(old.suite().promptHash())) {
            throw new ConfigException(dir + " was run with a different prompt than suite " + old.suite().id()
                    + " has now: its responses cannot be re-scored, only re-run");
        }
        if (!run.identity().dataset().files().equals(old.dataset().files())) {
            throw new ConfigException(dir + " was run on different dataset files (sha256) than the manifest names now");
        }
        Scorer scorer = scorerOrNull != null ? scorerOrNull : org.gapbench.score.ScorerRegistry.create(run.suite().scorer(), env);
        Map<String, Item> items = new HashMap<>();
        run.items().forEach(i -> items.put(i.id(), i));

        Path journal = dir.resolve(RunDirectory.SAMPLES);
        Map<String, Integer> lastLine = new HashMap<>();
        int[] counter = {0};
        Journal.read(journal, r -> lastLine.put(r.key(), counter[0]++));

        Journal.rewrite(journal, sink -> {
            List<SampleRecord> batch = new ArrayList<>(BATCH);
            int[] index = {0};
            Journal.read(journal, r -> {
                if (lastLine.get(r.key()) == index[0]++) {
                    batch.add(r);
                }
                if (batch.size() == BATCH) {
                    rescoreBatch(batch, items, scorer, sink);
                }
            });
            rescoreBatch(batch, items, scorer, sink);
        });
        Json.writePretty(dir.resolve(RunDirectory.IDENTITY), run.identity());
        Summary summary = new Summarizer(Bootstrap.standard()).summarize(run, journal);
        Json.writePretty(dir.resolve(RunDirectory.SUMMARY), summary);
        return summary;
    }

    private static void rescoreBatch(List<SampleRecord> batch, Map<String, Item> items, Scorer scorer,
                                     java.util.function.Consumer<SampleRecord> sink) {
        batch.parallelStream().map(r -> rescoreOne(r, items, scorer)).toList().forEach(sink);
        batch.clear();
    }

    private static SampleRecord rescoreOne(SampleRecord r, Map<String, Item> items, Scorer scorer) {
        Item item = items.get(r.item());
        if (r.isError() || item == null) {
            return r;
        }
        try {
            Score s = scorer.score(item, new ModelOutput(r.response(), r.reasoning()));
            return r.withScore(s);
        } catch (RuntimeException e) {
            return r.withScorerFailure(e);
        }
    }
}
