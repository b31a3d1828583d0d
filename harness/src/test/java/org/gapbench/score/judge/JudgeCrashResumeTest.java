package org.gapbench.score.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.gapbench.dataset.Item;
import org.gapbench.io.Json;
import org.gapbench.testing.TestSupport;
import org.gapbench.testkit.ProviderServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A judged run killed with SIGKILL mid-judging (a child JVM, a slow judge on 127.0.0.1) and run again: the resumed run
 * finishes every question and asks the judge nothing about a question whose sample the journal already held.
 */
class JudgeCrashResumeTest {
    private static final int ITEMS = 40;

    @TempDir
    Path tmp;

    private static List<JsonNode> records(Path journal) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(journal)) {
            return out;
        }
        for (String l : Files.readAllLines(journal)) {
            if (l.endsWith("}")) {
                out.add(Json.MAPPER.readTree(l));
            }
        }
        return out;
    }

    @Test
    void aKilledJudgedRunResumesWithoutAskingFinishedVerdictsAgain() throws Exception {
        try (ProviderServer judge = ProviderServer.start().answer(r -> "評価：[[6]]").delay(150)) {
            Path out = tmp.resolve("run");
            List<String> args = List.of("run", "--suite", "ja-mt-bench-turn1", "--model", "replay:replays/stability-ja-mt-bench/jslma-7b-ja-orca-6k-3ep.yaml",
                    "--judge", "openai-compatible:judge", "--judge-base-url", judge.baseUrl(), "--limit", Integer.toString(ITEMS),
                    "--concurrency", "2", "--cache", tmp.resolve("cache.sqlite").toString(), "--data-dir", TestSupport.dataDir().toString(),
                    "--progress", "none", "--out", out.toString());
            Process child = TestSupport.child(TestSupport.home(), Map.of(), args).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("child.log").toFile()).start();
            Path journal = out.resolve("samples.jsonl");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (records(journal).size() < 8 && System.nanoTime() < deadline && child.isAlive()) {
                Thread.sleep(20);
            }
            assertTrue(child.isAlive(), "killed mid-judging: " + Files.readString(tmp.resolve("child.log")));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            Set<String> done = new HashSet<>();
            records(journal).forEach(r -> done.add(r.path("item").asText()));
            assertTrue(done.size() >= 8 && done.size() < ITEMS, "part done: " + done.size());
            int askedBefore = judge.requests().size();

            TestSupport.Cli resumed = TestSupport.gapbench(args.toArray(String[]::new));
            assertEquals(0, resumed.exit(), resumed.err() + resumed.out());
            Set<String> all = new HashSet<>();
            records(journal).forEach(r -> all.add(r.path("item").asText()));
            assertEquals(ITEMS, all.size());

            // each judge request names its question in the prompt: none of the resumed run's is about a finished one
            List<Item> items = JudgedReplays.PREPARER.items(JudgedReplays.PREPARER.suite("ja-mt-bench-turn1"));
            List<ProviderServer.Request> later = judge.requests().subList(askedBefore, judge.requests().size());
            for (Item item : items) {
                if (done.contains(item.id())) {
                    String question = "[質問]\n" + item.text("turn1") + "\n";
                    long asked = later.stream().filter(r -> r.userText().contains(question)).count();
                    assertEquals(0, asked, "question " + item.id() + " was judged before the kill and asked again");
                }
            }
            assertTrue(later.size() <= ITEMS - done.size() + 2, "at most the unfinished questions (and the one or two in flight): " + later.size());
        }
    }
}
