package org.gapbench.publish.gate;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.gapbench.results.RunDirectory;
import org.gapbench.results.RunIdentity;
import org.gapbench.results.RunReader;
import org.gapbench.results.RunTally;
import org.gapbench.results.SampleRecord;
import org.gapbench.results.Summary;
import org.gapbench.score.ItemResult;
import org.gapbench.score.Score;

/**
 * A run as the gate sees it. A run directory gives its identity and, from its journal, the scored samples of every
 * item (for the paired test) and its true state (a {@code summary.json} may be stale after a crash). A bare
 * {@code summary.json} copied out of its run has only its summary, so it can be compared only unpaired.
 *
 * @param identity null for a bare summary
 * @param items    per-item scored samples, in item-id order; empty for a bare summary
 * @param summary  the run's summary.json, or null when a run directory has none (yet)
 */
record RunResults(Path source, String suite, String model, RunIdentity identity, Map<String, ItemResult> items,
                  RunTally tally, Summary summary) {

    boolean paired() {
        return identity != null;
    }

    String describe() {
        return model + " on " + suite + " (" + source + ")";
    }

    /** Loads a candidate: a run directory, or a {@code summary.json} (its directory when the run is beside it). */
    static RunResults load(Path path) {
        return load(path, null, null);
    }

    /**
     * Loads a baseline for {@code candidate}: like {@link #load(Path)}, or an entry of a report's {@code results.json}
     * (the entry of {@code model}, else of the candidate's model).
     */
    static RunResults loadBaseline(Path path, RunResults candidate, String model) {
        return load(path, candidate, model);
    }

    private static RunResults load(Path path, RunResults candidate, String model) {
        if (Files.isRegularFile(path)) {
            Path dir = path.toAbsolutePath().getParent();
            if (Files.isRegularFile(dir.resolve(RunDirectory.IDENTITY))) {
                return load(dir);
            }
            JsonNode root = ReportBaseline.read(path);
            if (candidate != null && ReportBaseline.isReport(root)) {
                return ReportBaseline.entry(path, root, candidate.suite(), model != null ? model : candidate.model(), model != null);
            }
            Summary s = readSummary(path, root);
            Summary.Counts c = s.counts();
            return new RunResults(path, s.suite(), s.model(), null, Map.of(),
                    RunTally.of(s), s);
        }
        if (!Files.isDirectory(path)) {
            throw new ConfigException(path + ": no such run directory or summary.json");
        }
        RunReader reader = RunReader.open(path);
        RunIdentity identity = reader.identity();
        Summary summary = reader.hasSummary() ? reader.summary() : null;
        Map<String, SampleRecord> latest = reader.latest();
        return new RunResults(path, identity.suite().id(), identity.model().name(), identity,
                scoredItems(latest, identity.samples()), reader.tally(latest), summary);
    }

    private static Summary readSummary(Path file) {
        return readSummary(file, ReportBaseline.read(file));
    }

    private static Summary readSummary(Path file, JsonNode root) {
        try {
            Summary s = Json.MAPPER.treeToValue(root, Summary.class);
            if (s.metrics() == null || s.counts() == null) {
                throw new ConfigException(file, 0, "not a gapbench summary.json (no metrics or counts)");
            }
            return s;
        } catch (IOException e) {
            throw new ConfigException(file, 0, "unreadable summary: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** The scored samples per item; errors are left out (an error is never a wrong answer). */
    private static Map<String, ItemResult> scoredItems(Map<String, SampleRecord> latest, int samples) {
        Map<String, Score[]> byItem = new TreeMap<>();
        latest.values().forEach(r -> {
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
}
