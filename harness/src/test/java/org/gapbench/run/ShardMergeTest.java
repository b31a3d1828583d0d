package org.gapbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gapbench.testing.GsmModels;
import org.gapbench.testing.TestSupport;
import org.gapbench.testkit.ProviderServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gsm8k run split into 4 shards and merged must give exactly the unsharded run's summary. */
class ShardMergeTest {
    @TempDir
    static Path tmp;

    static ProviderServer server;
    static Path whole;
    static List<Path> shards = new ArrayList<>();

    @BeforeAll
    static void runWholeAndShards() {
        // Jitter makes the order in which answers arrive differ between the runs; the result must not.
        server = ProviderServer.builder().jitter(Duration.ofMillis(3)).answer(ProviderServer.onBody(new GsmModels().model("s", 0.7))).start();
        whole = tmp.resolve("whole");
        run(whole, null);
        for (int i = 0; i < 4; i++) {
            Path dir = tmp.resolve("shard-" + i);
            run(dir, i + "/4");
            shards.add(dir);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void run(Path out, String shard) {
        List<String> args = new ArrayList<>(List.of("run", "--suite", "gsm8k", "--model", "openai-compatible:local-model",
                "--base-url", server.baseUrl(), "--limit", "120", "--samples", "2", "--temperature", "0.7", "--out", out.toString(),
                "--no-cache", "--progress", "none", "--data-dir", TestSupport.dataDir().toString()));
        if (shard != null) {
            args.addAll(List.of("--shard", shard));
        }
        TestSupport.Cli r = TestSupport.gapbench(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r::toString);
    }

    static TestSupport.Cli merge(Path out, List<Path> dirs) {
        List<String> args = new ArrayList<>(List.of("merge", "--out", out.toString(), "--data-dir", TestSupport.dataDir().toString()));
        dirs.forEach(d -> args.add(d.toString()));
        return TestSupport.gapbench(args.toArray(String[]::new));
    }

    @Test
    void fourMergedShardsGiveTheUnshardedSummaryByteForByte() throws Exception {
        for (Path s : shards) {
            String journal = Files.readString(s.resolve("samples.jsonl"));
            assertTrue(!journal.isEmpty() && journal.lines().count() < 240, "every shard holds a part of the run");
        }
        Path merged = tmp.resolve("merged");
        List<Path> reversed = new ArrayList<>(shards);
        java.util.Collections.reverse(reversed);
        TestSupport.Cli r = merge(merged, reversed);
        assertEquals(0, r.exit(), r::toString);
        assertEquals(Files.readString(whole.resolve("summary.json")), Files.readString(merged.resolve("summary.json")));
        assertEquals(240, Files.readAllLines(merged.resolve("samples.jsonl")).size());
    }

    @Test
    void aMissingShardIsReportedWithItsUnitsAndTheMergeIsIncomplete() {
        TestSupport.Cli r = merge(tmp.resolve("three"), shards.subList(0, 3));
        assertEquals(3, r.exit(), r::toString);
        assertTrue(r.out().contains("shards not given: 3/4") && r.out().contains("units not scored: "), r::toString);
    }

    @Test
    void aShardGivenTwiceIsRefused() {
        TestSupport.Cli r = merge(tmp.resolve("twice"), List.of(shards.get(0), shards.get(1), shards.get(1)));
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("shard 1/4 given twice"), r::toString);
    }

    @Test
    void shardsOfAnotherRunAreRefusedNamingTheDifference() {
        Path other = tmp.resolve("other-shard-0");
        TestSupport.Cli run = TestSupport.gapbench("run", "--suite", "gsm8k", "--model", "oracle:gold", "--limit", "120", "--samples", "2",
                "--temperature", "0.7", "--shard", "0/4", "--out", other.toString(), "--progress", "none",
                "--data-dir", TestSupport.dataDir().toString());
        assertEquals(0, run.exit(), run::toString);
        TestSupport.Cli r = merge(tmp.resolve("mixed"), List.of(shards.get(1), other));
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("belongs to a different run") && r.err().contains("model"), r::toString);
    }
}
