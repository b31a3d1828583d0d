package org.gapbench.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gapbench.config.ConfigException;
import org.gapbench.dataset.Item;
import org.gapbench.results.RunDirectory;
import org.gapbench.results.RunIdentity;
import org.gapbench.results.RunReader;
import org.gapbench.results.SampleRecord;
import org.gapbench.results.Summary;
import org.gapbench.stats.Bootstrap;

/**
 * Joins the shard directories of one run into one run directory and summarizes the whole. The shards must share
 * one identity (fingerprint and shard count), each shard index may appear once, and each unit (item x sample)
 * may come from one shard only, the one it hashes to. Units no shard finished are reported, and make the merged
 * run incomplete, like a run that stopped early. Caches play no part: only the journals are read.
 */
public final class ShardMerger {
    private static final int LISTED = 10;

    private final RunPreparer preparer;

    public ShardMerger(RunPreparer preparer) {
        this.preparer = preparer;
    }

    /**
     * @param missing       units (item#sample) no shard scored (never run, or ended in an error), in run order
     * @param missingShards shard indices no directory was given for
     */
    public record Result(Summary summary, List<String> missing, List<String> missingShards) {
        public boolean complete() {
            return summary.complete();
        }
    }

    public Result merge(List<Path> shardDirs, Path out) {
        if (shardDirs.isEmpty()) {
            throw new ConfigException("merge: name the shard directories");
        }
        for (Path dir : shardDirs) {
            if (dir.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
                throw new ConfigException("merge: --out " + out + " is one of the shard directories; choose a new directory");
            }
        }
        Map<Integer, Path> byIndex = new TreeMap<>();
        RunIdentity first = RunReader.open(shardDirs.get(0)).identity();
        for (Path dir : shardDirs) {
            RunIdentity id = RunReader.open(dir).identity();
            RunIdentity.Shard shard = id.shard() == null ? RunIdentity.Shard.WHOLE : id.shard();
            if (!id.fingerprint().equals(first.fingerprint())) {
                throw new ConfigException(dir + " belongs to a different run than " + shardDirs.get(0) + " ("
                        + String.join("; ", id.differencesFrom(first)) + ")");
            }
            if (shard.count() != shardCount(first)) {
                throw new ConfigException(dir + " is shard " + shard + " but " + shardDirs.get(0) + " is shard " + first.shard()
                        + ": the shards were cut differently");
            }
            Path twin = byIndex.put(shard.index(), dir);
            if (twin != null) {
                throw new ConfigException("shard " + shard + " given twice: " + twin + " and " + dir);
            }
        }
        int count = shardCount(first);
        List<String> missingShards = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (!byIndex.containsKey(i)) {
                missingShards.add(i + "/" + count);
            }
        }

        PreparedRun whole = prepareWhole(first);
        Map<String, SampleRecord> records = collect(byIndex, count, whole);
        List<String> missing = new ArrayList<>();
        try (RunDirectory dir = RunDirectory.create(out, whole.identity())) {
            writeJournal(dir, whole, records, missing);
            Summary summary = new Summarizer(Bootstrap.standard()).summarize(whole, records);
            dir.writeSummary(summary);
            return new Result(summary, missing, missingShards);
        }
    }

    private static int shardCount(RunIdentity id) {
        return id.shard() == null ? 1 : id.shard().count();
    }

    /** The unsharded run the shards are parts of, resolved again; it must still be the run they ran. */
    private PreparedRun prepareWhole(RunIdentity shardIdentity) {
        PreparedRun run = preparer.prepare(Evaluation.requestOf(shardIdentity).toBuilder().shard(RunIdentity.Shard.WHOLE).build());
        if (!run.identity().fingerprint().equals(shardIdentity.fingerprint())) {
            throw new ConfigException("the shards were run with a suite, dataset or model setting that has changed since ("
                    + String.join("; ", run.identity().differencesFrom(shardIdentity)) + "): they can no longer be merged");
        }
        return run;
    }

    /** The last record of every unit in every shard, refusing units in the wrong shard or in two shards. */
    private static Map<String, SampleRecord> collect(Map<Integer, Path> byIndex, int count, PreparedRun whole) {
        Map<String, Item> items = new HashMap<>();
        whole.items().forEach(i -> items.put(i.id(), i));
        Map<String, SampleRecord> merged = new HashMap<>();
        Map<String, Path> origin = new HashMap<>();
        List<String> duplicated = new ArrayList<>();
        for (Map.Entry<Integer, Path> e : byIndex.entrySet()) {
            List<SampleRecord> latest = new ArrayList<>();
            Path dir = e.getValue();
            RunReader.open(dir).forEachLatest(latest::add);
            for (SampleRecord r : latest) {
                if (!items.containsKey(r.item()) || r.sample() >= whole.samples()) {
                    throw new ConfigException(dir.resolve(RunDirectory.SAMPLES), 0, "unit " + r.key() + " is not part of the run");
                }
                int home = ItemSelection.shardOf(r.item(), count);
                if (home != e.getKey()) {
                    throw new ConfigException(dir.resolve(RunDirectory.SAMPLES), 0, "unit " + r.key() + " belongs to shard "
                            + home + "/" + count + ", not " + e.getKey() + "/" + count);
                }
                Path before = origin.put(r.key(), dir);
                if (before != null) {
                    duplicated.add(r.key() + " (" + before + ", " + dir + ")");
                }
                merged.put(r.key(), r);
            }
        }
        if (!duplicated.isEmpty()) {
            throw new ConfigException(duplicated.size() + " units appear in more than one shard: " + listed(duplicated));
        }
        return merged;
    }

    /** Writes the merged journal in run order (item, then sample), atomically. */
    private static void writeJournal(RunDirectory dir, PreparedRun whole, Map<String, SampleRecord> records, List<String> missing) {
        dir.rewriteJournal(sink -> {
            for (Item item : whole.items()) {
                for (int s = 0; s < whole.samples(); s++) {
                    SampleRecord r = records.get(SampleRecord.key(item.id(), s));
                    if (r == null || r.isError()) {
                        missing.add(SampleRecord.key(item.id(), s));
                    }
                    if (r != null) {
                        sink.accept(r);
                    }
                }
            }
        });
    }

    /** The first few entries of a long list, for a one-line message. */
    public static String listed(List<String> units) {
        String head = String.join(", ", units.subList(0, Math.min(LISTED, units.size())));
        return units.size() > LISTED ? head + ", ... (" + (units.size() - LISTED) + " more)" : head;
    }
}
