package org.gapbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.gapbench.io.Json;
import org.gapbench.testing.TestSupport;
import org.gapbench.testkit.ProviderServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM runs 200 GSM8K items against a slow local server and is killed with SIGKILL mid-run; re-running
 * the same command finishes only what is missing: no sample lost or duplicated, no finished sample asked again.
 */
class CrashResumeTest {
    @TempDir
    Path tmp;

    @Test
    void killMinus9ThenResume() throws Exception {
        Map<String, String> gold = TestSupport.gsm8kAnswers();
        Map<String, Integer> asked = new HashMap<>();
        try (ProviderServer server = ProviderServer.start().delay(15).answer(r -> {
            String text = r.userText();
            String q = text.substring(text.indexOf("\n\n") + 2).strip();
            synchronized (asked) {
                asked.merge(q, 1, Integer::sum);
            }
            return "\\boxed{" + gold.get(q) + "}";
        })) {
            Path out = tmp.resolve("run");
            List<String> args = List.of("run", "--suite", "gsm8k", "--model", "openai-compatible:crash-test",
                    "--base-url", server.url("/v1"), "--api-key-env", "GAPBENCH_TEST_KEY", "--limit", "200", "--no-cache",
                    "--concurrency", "4", "--data-dir", TestSupport.dataDir().toString(), "--progress", "none", "--out", out.toString());

            Process child = TestSupport.child(TestSupport.home(), Map.of(), args).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("child.log").toFile()).start();
            Path journal = out.resolve("samples.jsonl");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lines(journal) < 40 && System.nanoTime() < deadline && child.isAlive()) {
                Thread.sleep(20);
            }
            assertTrue(child.isAlive(), "the child must still be running when killed: " + Files.readString(tmp.resolve("child.log")));
            child.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertTrue(lines(journal) < 200, "killed mid-run");

            Set<String> finishedBeforeKill = new HashSet<>();
            for (JsonNode r : readJournal(journal)) {
                finishedBeforeKill.add(r.get("item").asText());
            }
            int requestsBeforeResume = server.requests().size();

            TestSupport.Cli resumed = TestSupport.gapbench(args.toArray(String[]::new));
            assertEquals(0, resumed.exit(), resumed.err() + resumed.out());

            List<JsonNode> records = readJournal(journal);
            Set<String> keys = new HashSet<>();
            for (JsonNode r : records) {
                assertTrue(keys.add(r.get("item").asText() + "#" + r.get("sample").asInt()), "duplicate " + r.get("item"));
            }
            assertEquals(200, keys.size(), "no sample lost");
            JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
            assertEquals(200, summary.at("/counts/scored").asInt());
            assertEquals(1.0, summary.at("/metrics/accuracy/value").asDouble());
            // Items journaled before the kill were asked exactly once; only those in flight were asked again.
            Map<String, String> idToQuestion = new HashMap<>();
            List<org.gapbench.dataset.Item> items = new org.gapbench.dataset.DatasetReader(TestSupport.store())
                    .read(org.gapbench.dataset.ManifestLoader.load(TestSupport.home().resolve("datasets/gsm8k.yaml")), "test");
            items.forEach(i -> idToQuestion.put(i.id(), i.text("question")));
            for (String id : finishedBeforeKill) {
                assertEquals(1, asked.get(idToQuestion.get(id)), "finished item " + id + " was asked again");
            }
            int resumedRequests = server.requests().size() - requestsBeforeResume;
            // Requests answered but not yet journaled when the process died are asked again; nothing else is.
            assertEquals(200 - finishedBeforeKill.size(), resumedRequests, "the resume asks exactly the missing items");
        }
    }

    private static int lines(Path f) throws Exception {
        if (!Files.exists(f)) {
            return 0;
        }
        byte[] b = Files.readAllBytes(f);
        int n = 0;
        for (byte x : b) {
            if (x == '\n') {
                n++;
            }
        }
        return n;
    }

    private static List<JsonNode> readJournal(Path f) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(f)) {
            if (!line.isBlank()) {
                out.add(Json.MAPPER.readTree(line));
            }
        }
        return out;
    }
}
