package org.gapbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gapbench.io.Json;
import org.gapbench.testing.TestSupport;
import org.gapbench.testkit.ProviderServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * #6 (the second half): Ctrl-C (SIGINT) and SIGTERM end a run within seconds even while every request in flight is
 * a body that stalls after its headers (--timeout 60), with the journal closed whole, the summary written, and the
 * exit code the README gives (130, 143). It used to take 30 s, the shutdown hook's own limit.
 */
class InterruptTest {
    @TempDir
    Path tmp;

    @Test
    void sigtermAndSigintEndARunWithinSecondsWithTheJournalClosed() throws Exception {
        Path out = tmp.resolve("run");
        RunEndToEndTest.loadGold();
        try (ProviderServer server = ProviderServer.start().answer(RunEndToEndTest.correct())) {
            for (String signal : List.of("TERM", "INT")) {
                long asked = server.requestCount();
                for (int i = 0; i < 4; i++) {
                    server.script(new ProviderServer.Ok(), new ProviderServer.Stall(500));
                }
                Path log = tmp.resolve(signal + ".log");
                Process run = TestSupport.child(TestSupport.home(), Map.of(), List.of("run", "--suite", "gsm8k", "--model",
                        "openai-compatible:stalls", "--base-url", server.baseUrl(), "--limit", "20", "--concurrency", "2",
                        "--timeout", "60", "--no-cache", "--data-dir", TestSupport.dataDir().toString(), "--progress", "none",
                        "--out", out.toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (server.requestCount() < asked + 4 && run.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                Thread.sleep(300); // both workers are now reading a stalled body
                assertTrue(run.isAlive(), Files.readString(log));
                long t0 = System.nanoTime();
                assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(run.pid())).start().waitFor());
                assertTrue(run.waitFor(20, TimeUnit.SECONDS), "the run ended");
                long ms = (System.nanoTime() - t0) / 1_000_000;
                String printed = Files.readString(log);
                System.out.printf("SIG%s ended the run in %d ms%n", signal, ms);
                assertTrue(ms < 10_000, "SIG" + signal + " ended the run in " + ms + " ms: " + printed);
                assertEquals(signal.equals("TERM") ? 143 : 130, run.exitValue(), printed);
                assertTrue(printed.contains("interrupted: samples in flight are left to do"), printed);
                assertFalse(printed.contains("Exception"), printed);
                for (String line : Files.readAllLines(out.resolve("samples.jsonl"))) {
                    JsonNode r = Json.MAPPER.readTree(line); // every line whole
                    assertFalse(r.has("error"), "an abandoned sample is left to do, not an error: " + line);
                }
                JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
                assertFalse(summary.get("complete").asBoolean());
                assertTrue(summary.at("/counts/missing").asInt() > 0);
            }
        }
    }
}
