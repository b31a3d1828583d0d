package org.gapbench.gate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gapbench.config.ConfigException;
import org.gapbench.io.Json;
import org.gapbench.run.RunDirectory;
import org.gapbench.run.RunIdentity;
import org.gapbench.run.Summarizer;
import org.gapbench.run.Summary;
import org.gapbench.score.Score;
import org.gapbench.stats.ItemResult;

/**
 * A finished run as the gate sees it: its summary, and, when its directory is at hand, its identity and the scored
 * samples of every item (for the paired test). A bare {@code summary.json} copied out of its run has only the
 * summary, so it can be compared only unpaired.
 *
 * @param identity null for a bare summary
 * @param items    per-item scored samples, in item-id order; empty for a bare summary
 */
record RunResults(Path source, Summary summary, RunIdentity identity, Map<String, ItemResult> items) {

    boolean paired() {
        return identity != null;
    }

    /** Loads a run directory, or a {@code summary.json} (taking its directory when the run is beside it). */
    static RunResults load(Path path) {
        if (Files.isRegularFile(path)) {
            Path dir = path.toAbsolutePath().getParent();
            if (Files.isRegularFile(dir.resolve(RunDirectory.IDENTITY)) && Files.isRegularFile(dir.resolve(RunDirectory.SAMPLES))) {
                return load(dir);
            }
            return new RunResults(path, readSummary(path), null, Map.of());
        }
        if (!Files.isDirectory(path)) {
            throw new ConfigException(path + ": no such run directory or summary.json");
        }
        RunIdentity identity = RunDirectory.readIdentity(path);
        Path summaryFile = path.resolve(RunDirectory.SUMMARY);
        if (!Files.isRegularFile(summaryFile)) {
            throw new ConfigException(path + " has no " + RunDirectory.SUMMARY + ": the run never finished; re-run it");
        }
        return new RunResults(path, readSummary(summaryFile), identity, scoredItems(path.resolve(RunDirectory.SAMPLES), identity.samples()));
    }

    private static Summary readSummary(Path file) {
        try {
            Summary s = Json.MAPPER.readValue(file.toFile(), Summary.class);
            if (s.metrics() == null || s.counts() == null) {
                throw new ConfigException(file, 0, "not a gapbench summary.json (no metrics or counts)");
            }
            return s;
        } catch (IOException e) {
            throw new ConfigException(file, 0, "unreadable summary: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** The scored samples per item from the journal; errors are left out (an error is never a wrong answer). */
    private static Map<String, ItemResult> scoredItems(Path journal, int samples) {
        Map<String, Score[]> byItem = new TreeMap<>();
        Summarizer.latest(journal).values().forEach(r -> {
            if (!r.isError() && r.score() != null && r.sample() < samples) {
                byItem.computeIfAbsent(r.item(), k -> new Score[samples])[r.sample()] = r.score();
            }
        });
        Map<String, ItemResult> out = new LinkedHashMap<>();
        byItem.forEach((id, scores) -> {
            List<Score> inOrder = new ArrayList<>();
            for (Score s : scores) {
                if (s != null) {
                    inOrder.add(s);
                }
            }
            out.put(id, new ItemResult(id, null, Map.of(), inOrder));
        });
        return out;
    }

    /** How the run is named in messages. */
    String describe() {
        return summary.model() + " on " + summary.suite() + " (" + source + ")";
    }
}
