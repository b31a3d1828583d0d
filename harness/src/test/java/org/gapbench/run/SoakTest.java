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
import org.gapbench.io.Json;
import org.gapbench.testing.TestSupport;
import org.gapbench.testkit.ProviderServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak: one invocation against a server whose first 96 replies are, one in three, a fault — 429
 * with Retry-After, 5xx, malformed 200s, slow and stalled bodies, reset connections — finishes with no error left,
 * every sample journaled exactly once, and no answered sample asked again, checked against the server's own ledger
 * and the answers it gave.
 */
class SoakTest {
    static final int ITEMS = 60;

    @TempDir
    Path tmp;

    /**
     * One fault in three: every kind in each cycle of 24 replies, among normal, slow and late answers. With 12 attempts
     * a sample fails only if it meets a fault 12 times running, about once in 500,000 samples.
     */
    static List<ProviderServer.Step> script() {
        ProviderServer.Step ok = new ProviderServer.Ok();
        List<ProviderServer.Step> cycle = List.of(
                new ProviderServer.Status(429, "{\"error\":{\"message\":\"rate limited\"}}", Map.of("Retry-After", "1")), ok, ok,
                new ProviderServer.Status(500, "{\"error\":{\"message\":\"upstream\"}}", Map.of()), new ProviderServer.SlowBody(64, 10), ok,
                new ProviderServer.Malformed("{\"choices\": ["), ok, new ProviderServer.Hang(150),
                new ProviderServer.Stall(200), ok, ok,
                new ProviderServer.Reset(), ok, new ProviderServer.SlowBody(64, 10),
                new ProviderServer.Status(503, "{}", Map.of()), ok, ok,
                new ProviderServer.Malformed("<html>502 Bad Gateway</html>"), ok, new ProviderServer.Hang(150),
                new ProviderServer.Status(429, "{}", Map.of("Retry-After", "0")), ok, ok);
        List<ProviderServer.Step> steps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            steps.addAll(cycle);
        }
        return steps;
    }

    @Test
    void oneInvocationFinishesUnderEveryFaultWithNothingLostOrAskedTwice() throws Exception {
        RunEndToEndTest.loadGold();
        Map<String, Integer> answered = new HashMap<>();
        var correct = RunEndToEndTest.correct();
        try (ProviderServer server = ProviderServer.start().answer(req -> {
            synchronized (answered) {
                answered.merge(req.userText(), 1, Integer::sum);
            }
            return correct.apply(req);
        })) {
            List<ProviderServer.Step> steps = script();
            server.script(steps.toArray(ProviderServer.Step[]::new));
            Path out = tmp.resolve("soak");
            long t0 = System.nanoTime();
            TestSupport.Cli cli = TestSupport.gapbench("run", "--suite", "gsm8k", "--model", "openai-compatible:soak", "--base-url",
                    server.baseUrl(), "--limit", Integer.toString(ITEMS), "--concurrency", "4", "--timeout", "1", "--max-attempts", "12",
                    "--retry-base-ms", "10", "--no-cache", "--data-dir", TestSupport.dataDir().toString(), "--progress", "none",
                    "--out", out.toString());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(0, cli.exit(), cli.err() + cli.out());

            JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
            assertEquals(0, summary.at("/counts/errors").asInt());
            assertEquals(ITEMS, summary.at("/counts/scored").asInt());
            assertEquals(1.0, summary.at("/metrics/accuracy/value").asDouble());

            Set<String> units = new HashSet<>();
            int attempts = 0;
            for (String line : Files.readAllLines(out.resolve("samples.jsonl"))) {
                JsonNode r = Json.MAPPER.readTree(line);
                assertTrue(units.add(r.get("item").asText() + "#" + r.get("sample").asInt()), "journaled twice: " + line);
                attempts += r.get("attempts").asInt();
            }
            assertEquals(ITEMS, units.size(), "every sample journaled");

            List<ProviderServer.Request> ledger = server.requests();
            long faults = steps.stream().limit(ledger.size()).filter(s -> !(s instanceof ProviderServer.Ok
                    || s instanceof ProviderServer.SlowBody || s instanceof ProviderServer.Hang)).count();
            assertTrue(faults >= 20, "the run met many faults: " + faults);
            Set<String> kinds = new HashSet<>();
            steps.stream().limit(ledger.size()).forEach(step -> kinds.add(step instanceof ProviderServer.Status st
                    ? "HTTP " + st.code() / 100 + "xx" : step.getClass().getSimpleName()));
            assertEquals(Set.of("Ok", "HTTP 4xx", "HTTP 5xx", "Malformed", "Stall", "Reset", "SlowBody", "Hang"), kinds, "it met every kind of fault");
            assertEquals(ledger.size(), attempts, "every request the server saw is an attempt of a journaled sample");
            assertEquals(ITEMS, answered.size());
            answered.forEach((q, n) -> assertEquals(1, n, "answered twice: " + q));
            System.out.printf("soak: %d requests, %d faults, %d ms%n", ledger.size(), faults, ms);
        }
    }
}
