package org.gapbench.gate;

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
import org.gapbench.run.RunDirectory;
import org.gapbench.run.RunIdentity;
import org.gapbench.run.SampleRecord;
import org.gapbench.run.Summarizer;
import org.gapbench.run.Summary;
import org.gapbench.score.Score;
import org.gapbench.stats.ItemResult;

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
                  Tally tally, Summary summary) {

    /** Samples expected, and those that ended in an error or never ran. */
    record Tally(int samples, int errors, int missing, Map<String, Integer> errorsByClass) {
    }

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
            if (Files.isRegularFile(dir.resolve(RunDirectory.IDENTITY)) && Files.isRegularFile(dir.resolve(RunDirectory.SAMPLES))) {
                return load(dir);
            }
            JsonNode root = ReportBaseline.read(path);
            if (candidate != null && ReportBaseline.isReport(root)) {
                return ReportBaseline.entry(path, root, candidate.suite(), model != null ? model : candidate.model(), model != null);
            }
            Summary s = readSummary(path, root);
            Summary.Counts c = s.counts();
            return new RunResults(path, s.suite(), s.model(), null, Map.of(),
                    new Tally(c.samples(), c.errors(), c.missing(), s.errorsByClass()), s);
        }
        if (!Files.isDirectory(path)) {
            throw new ConfigException(path + ": no such run directory or summary.json");
        }
        RunIdentity identity = RunDirectory.readIdentity(path);
        Path summaryFile = path.resolve(RunDirectory.SUMMARY);
        Summary summary = Files.isRegularFile(summaryFile) ? readSummary(summaryFile) : null;
        Map<String, SampleRecord> latest = Summarizer.latest(path.resolve(RunDirectory.SAMPLES));
        return new RunResults(path, identity.suite().id(), identity.model().name(), identity,
                scoredItems(latest, identity.samples()), tally(latest, identity), summary);
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

    private static Tally tally(Map<String, SampleRecord> latest, RunIdentity identity) {
        int expected = identity.selection().items() * identity.samples();
        int errors = 0;
        int scored = 0;
        Map<String, Integer> byClass = new TreeMap<>();
        for (SampleRecord r : latest.values()) {
            if (r.isError()) {
                errors++;
                byClass.merge(r.error(), 1, Integer::sum);
            } else if (r.score() != null) {
                scored++;
            }
        }
        return new Tally(expected, errors, Math.max(0, expected - scored - errors), byClass);
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
