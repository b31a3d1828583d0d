package org.gapbench.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.gapbench.config.ConfigException;
import org.gapbench.io.Json;

/**
 * Reads a run directory: its identity, its summary and its journal, where the <b>last record of each unit
 * (item, sample) wins</b> (a retried error is superseded by its later outcome, a re-score by the newer score). Every
 * reader of a run — resume, summary, re-scoring, merging, the gate, the report, history — reads through here.
 */
public final class RunReader {
    private final Path dir;
    private final RunIdentity identity;

    private RunReader(Path dir, RunIdentity identity) {
        this.dir = dir;
        this.identity = identity;
    }

    /** A run directory: one that holds a {@code run.json}. */
    public static RunReader open(Path dir) {
        return new RunReader(dir, readIdentity(dir));
    }

    static RunIdentity readIdentity(Path dir) {
        Path f = dir.resolve(RunDirectory.IDENTITY);
        if (!Files.isRegularFile(f)) {
            throw new ConfigException(dir + " is not a gapbench run directory (no " + RunDirectory.IDENTITY + ")");
        }
        try {
            return Json.MAPPER.readValue(f.toFile(), RunIdentity.class);
        } catch (IOException e) {
            throw new ConfigException(f, 0, "unreadable run identity: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    public Path path() {
        return dir;
    }

    public RunIdentity identity() {
        return identity;
    }

    public boolean hasSummary() {
        return Files.isRegularFile(dir.resolve(RunDirectory.SUMMARY));
    }

    /** The run's {@code summary.json}, written when the run (or its last re-scoring) finished. */
    public Summary summary() {
        Path f = dir.resolve(RunDirectory.SUMMARY);
        if (!Files.isRegularFile(f)) {
            throw new ConfigException(dir + " has no " + RunDirectory.SUMMARY + " (the run never finished: resume it with 'gapbench run')");
        }
        try {
            return Json.MAPPER.readValue(f.toFile(), Summary.class);
        } catch (IOException e) {
            throw new ConfigException(f, 0, "unreadable summary: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** The current record of every unit, without response texts, keyed by {@link SampleRecord#key}, in first-seen order. */
    public Map<String, SampleRecord> latest() {
        Map<String, SampleRecord> latest = new LinkedHashMap<>();
        Journal.readWithoutTexts(journal(), r -> latest.put(r.key(), r));
        return latest;
    }

    /**
     * Streams the current record of every unit, texts included, in journal order, holding only keys in memory: a
     * first pass finds each unit's last line, a second hands those lines over.
     */
    public void forEachLatest(Consumer<SampleRecord> consumer) {
        Map<String, Integer> lastLine = new HashMap<>();
        int[] line = {0};
        Journal.read(journal(), r -> lastLine.put(r.key(), line[0]++));
        int[] index = {0};
        Journal.read(journal(), r -> {
            if (lastLine.get(r.key()) == index[0]++) {
                consumer.accept(r);
            }
        });
    }

    /** The state of the run's samples from {@code latest} (as {@link #latest} gave it): a summary may be stale after a crash. */
    public RunTally tally(Map<String, SampleRecord> latest) {
        return RunTally.of(latest.values(), identity.selection().items() * identity.samples());
    }

    Path journal() {
        return dir.resolve(RunDirectory.SAMPLES);
    }
}
