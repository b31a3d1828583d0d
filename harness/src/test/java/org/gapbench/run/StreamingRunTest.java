package org.gapbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gapbench.io.Json;
import org.gapbench.testing.TestSupport;
import org.gapbench.testing.TestSupport.Cli;
import org.gapbench.testkit.ProviderServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --stream} through the real command line against the real 127.0.0.1 test server, on both streamed
 * wire formats: the same journal as a run answered whole, the same cache and identity, and a stream that stalls,
 * never ends or is rate-limited handled on the same road (retries, Retry-After, error classes).
 */
class StreamingRunTest {
    static final String KEY = System.getenv("GAPBENCH_TEST_KEY");
    static final String OPENAI = "openai-compatible:stream-model";
    static final String ANTHROPIC = "anthropic:claude-test";

    @TempDir
    Path tmp;
    ProviderServer server;

    @BeforeAll
    static void gold() {
        RunEndToEndTest.loadGold();
    }

    @BeforeEach
    void start() {
        server = ProviderServer.start().answer(RunEndToEndTest.correct());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String baseUrl(String model) {
        return model.startsWith("anthropic:") ? server.url("/v1/") : server.baseUrl();
    }

    Cli run(String model, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--suite", "gsm8k", "--model", model, "--base-url", baseUrl(model),
                "--api-key-env", "GAPBENCH_TEST_KEY", "--limit", "10", "--data-dir", TestSupport.dataDir().toString(),
                "--progress", "none", "--retry-base-ms", "10", "--rpm", "0", "--out", out.toString()));
        args.addAll(List.of(extra));
        return TestSupport.gapbench(args.toArray(String[]::new));
    }

    static JsonNode summary(Path dir) throws IOException {
        return Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
    }

    /** The journal by item, without what may differ between two runs of one answer (latency). */
    static Map<String, JsonNode> journal(Path dir) throws IOException {
        Map<String, JsonNode> out = new TreeMap<>();
        for (String line : Files.readAllLines(dir.resolve("samples.jsonl"))) {
            com.fasterxml.jackson.databind.node.ObjectNode r = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(line);
            r.remove("latency_ms");
            out.put(r.get("item").asText() + "/" + r.get("sample").asText(), r);
        }
        return out;
    }

    @Test
    void aStreamedRunJournalsWhatAWholeOneDoesOnBothWireFormats() throws IOException {
        server.reasoning("Let me think step by step.");
        for (String model : List.of(OPENAI, ANTHROPIC)) {
            Path whole = tmp.resolve("whole-" + model.hashCode());
            Path streamed = tmp.resolve("streamed-" + model.hashCode());
            long before = server.streamedCount();
            Cli a = run(model, whole, "--no-cache", "--no-stream");
            assertEquals(0, a.exit(), a.err() + a.out());
            assertEquals(before, server.streamedCount(), "--no-stream streams nothing");
            Cli b = run(model, streamed, "--no-cache", "--stream");
            assertEquals(0, b.exit(), b.err() + b.out());
            assertEquals(before + 10, server.streamedCount(), model + ": every request of the --stream run was streamed");
            assertFalse((b.out() + b.err()).contains(KEY) || Files.readString(streamed.resolve("samples.jsonl")).contains(KEY));
            Map<String, JsonNode> x = journal(whole);
            Map<String, JsonNode> y = journal(streamed);
            assertEquals(10, y.size());
            assertEquals(x, y, model + ": the same journal, record for record");
            JsonNode one = y.values().iterator().next();
            assertEquals("Let me think step by step.", one.get("reasoning").asText(), "reasoning kept apart: " + one);
            assertFalse(one.get("response").asText().contains("step by step."), one.toString());
            assertEquals(11, one.get("tokens_in").asInt());
            assertEquals(7, one.get("tokens_out").asInt());
            assertEquals("stop", one.get("finish_reason").asText());
            assertEquals(1.0, one.at("/score/value").asDouble(), one.toString());
            assertEquals(summary(whole).get("run_fingerprint"), summary(streamed).get("run_fingerprint"), "streaming is not part of the identity");
            assertEquals(summary(whole).get("metrics"), summary(streamed).get("metrics"));
            assertEquals(summary(whole).get("usage"), summary(streamed).get("usage"));
        }
    }

    /** --stream is no part of the cache key: a streamed run's answers serve a whole one, and the reverse; resuming across modes is allowed. */
    @Test
    void streamingChangesNeitherTheCacheKeyNorTheIdentity() throws IOException {
        String cache = tmp.resolve("cache.sqlite").toString();
        Cli first = run(OPENAI, tmp.resolve("a"), "--cache", cache, "--stream");
        assertEquals(0, first.exit(), first.err());
        assertEquals(10, server.requestCount());
        Cli again = run(OPENAI, tmp.resolve("b"), "--cache", cache, "--no-stream");
        assertEquals(0, again.exit(), again.err());
        Cli third = run(OPENAI, tmp.resolve("c"), "--cache", cache, "--stream");
        assertEquals(0, third.exit(), third.err());
        System.out.printf("cache re-runs with and without --stream: %d requests after the first run's 10%n", server.requestCount() - 10);
        assertEquals(10, server.requestCount(), "the cache re-runs made 0 requests");
        assertTrue(journal(tmp.resolve("b")).values().stream().allMatch(r -> r.get("cached").asBoolean()));
        assertEquals(summary(tmp.resolve("a")).get("metrics"), summary(tmp.resolve("b")).get("metrics"));
        // a run begun streamed resumes unstreamed (the same identity): a sample lost to a stalled stream is the only one asked
        Path resumed = tmp.resolve("resumed");
        server.script(new ProviderServer.StallStream(1));
        assertEquals(3, run(OPENAI, resumed, "--no-cache", "--stream", "--concurrency", "1", "--stream-idle-timeout", "0.3", "--max-attempts", "1").exit());
        Cli resume = run(OPENAI, resumed, "--no-cache", "--no-stream");
        assertEquals(0, resume.exit(), resume.err() + resume.out());
        assertEquals(21, server.requestCount(), "10 requests, then the one that failed, on resume");
        assertEquals(10, summary(resumed).at("/counts/scored").asInt());
    }

    /**
     * A stream that stalls after its first events is cut by --stream-idle-timeout (1 s) although --timeout is 60 s:
     * a timeout, retried like one, so the run completes; with one attempt it is journaled as a timeout.
     */
    @Test
    void aStalledStreamIsCutByTheIdleTimeoutAndRetried() throws IOException {
        for (String model : List.of(OPENAI, ANTHROPIC)) {
            server.script(new ProviderServer.StallStream(3));
            Path out = tmp.resolve("stall-" + model.hashCode());
            long requests = server.requestCount();
            long t0 = System.nanoTime();
            Cli cli = run(model, out, "--no-cache", "--stream", "--concurrency", "1", "--stream-idle-timeout", "1", "--timeout", "60");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("%s: a run with one stalled stream (idle timeout 1 s, timeout 60 s) finished in %d ms, %d requests%n",
                    model, ms, server.requestCount() - requests);
            assertEquals(0, cli.exit(), cli.err() + cli.out());
            assertTrue(ms < 15_000, "bounded by the idle timeout, not the 60 s timeout: " + ms + " ms");
            assertEquals(11, server.requestCount() - requests, "10 answers and the one retry of the stalled stream");
            List<JsonNode> retried = journal(out).values().stream().filter(r -> r.get("attempts").asInt() == 2).toList();
            assertEquals(1, retried.size(), journal(out).toString());
            assertEquals(1.0, retried.get(0).at("/score/value").asDouble());
        }
        server.script(new ProviderServer.StallStream(2));
        Path out = tmp.resolve("stall-once");
        long t0 = System.nanoTime();
        Cli cli = run(OPENAI, out, "--no-cache", "--stream", "--concurrency", "1", "--stream-idle-timeout", "1", "--max-attempts", "1");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(3, cli.exit(), cli.err());
        assertTrue(ms < 15_000, ms + " ms");
        JsonNode s = summary(out);
        assertEquals(1, s.at("/errors_by_class/timeout").asInt(), s.toString());
        assertEquals(9, s.at("/counts/scored").asInt());
        String message = journal(out).values().stream().filter(r -> r.has("error")).findFirst().orElseThrow().get("error_message").asText();
        assertEquals("the stream sent nothing for 1 s (--stream-idle-timeout)", message);
    }

    /** A stream that never ends is cut at --max-response-mb: response_too_large, not retried. */
    @Test
    void anEndlessStreamIsResponseTooLarge() throws IOException {
        for (String model : List.of(OPENAI, ANTHROPIC)) {
            server.script(new ProviderServer.EndlessStream());
            Path out = tmp.resolve("endless-" + model.hashCode());
            long requests = server.requestCount();
            Cli cli = run(model, out, "--no-cache", "--stream", "--concurrency", "1", "--max-response-mb", "1");
            assertEquals(3, cli.exit(), cli.err());
            JsonNode s = summary(out);
            assertEquals(1, s.at("/errors_by_class/response_too_large").asInt(), s.toString());
            assertEquals(10, server.requestCount() - requests, "not retried: it would be as large again");
        }
    }

    /** A 429 on a streamed request: its Retry-After (1 s) is waited, where the backoff alone would be 10 ms. */
    @Test
    void aRateLimitedStreamWaitsItsRetryAfter() throws IOException {
        for (String model : List.of(OPENAI, ANTHROPIC)) {
            server.script(new ProviderServer.Status(429, "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\"}}", Map.of("Retry-After", "1")));
            int seen = server.requests().size();
            Path out = tmp.resolve("429-" + model.hashCode());
            Cli cli = run(model, out, "--no-cache", "--stream", "--concurrency", "1");
            assertEquals(0, cli.exit(), cli.err() + cli.out());
            List<ProviderServer.Request> ledger = server.requests().subList(seen, server.requests().size());
            assertEquals(11, ledger.size());
            long waitedMs = (ledger.get(1).arrivedNanos() - ledger.get(0).arrivedNanos()) / 1_000_000;
            System.out.printf("%s: a streamed request answered 429 with Retry-After: 1 was asked again after %d ms%n", model, waitedMs);
            assertTrue(waitedMs >= 950, "Retry-After honoured: " + waitedMs + " ms");
            assertTrue(ledger.stream().allMatch(r -> r.body().path("stream").asBoolean()), "the retry is streamed too");
            assertEquals(10, summary(out).at("/counts/scored").asInt());
        }
    }

    /** Without --stream or --no-stream, Anthropic requests above 21,333 max_tokens are streamed; nothing else is. */
    @Test
    void byDefaultOnlyLongAnthropicRequestsStream() throws IOException {
        assertEquals(0, run(ANTHROPIC, tmp.resolve("long"), "--no-cache", "--max-tokens", "32000").exit());
        assertEquals(10, server.streamedCount());
        assertEquals(0, run(ANTHROPIC, tmp.resolve("short"), "--no-cache").exit());
        assertEquals(0, run(OPENAI, tmp.resolve("openai-long"), "--no-cache", "--max-tokens", "32000").exit());
        assertEquals(0, run(ANTHROPIC, tmp.resolve("long-no"), "--no-cache", "--max-tokens", "32000", "--no-stream").exit());
        assertEquals(10, server.streamedCount());
        assertEquals(40, server.requestCount());
    }

    @Test
    void theDryRunSaysWhetherRequestsStream() {
        Cli streamed = run(ANTHROPIC, tmp.resolve("dry"), "--max-tokens", "32000", "--dry-run");
        assertEquals(0, streamed.exit(), streamed.err());
        assertTrue(streamed.out().contains("10 x 1 samples = 10 requests, streamed (server-sent events)"), streamed.out());
        Cli whole = run(OPENAI, tmp.resolve("dry"), "--dry-run");
        assertTrue(whole.out().contains("= 10 requests\n") || whole.out().contains("= 10 requests\r\n"), whole.out());
        assertEquals(0, server.requestCount());
    }

    @Test
    void aBadIdleTimeoutIsOneLineExitTwo() {
        Cli cli = run(OPENAI, tmp.resolve("bad"), "--stream-idle-timeout", "0");
        assertEquals(2, cli.exit());
        assertTrue(cli.err().contains("--stream-idle-timeout must be a number above 0"), cli.err());
        assertEquals(0, server.requestCount());
    }

    /** --stream on a wire format that does not stream says so once, and the run goes on unstreamed. */
    @Test
    void aWireThatDoesNotStreamSaysSo() {
        Cli cli = TestSupport.gapbench("run", "--suite", "gsm8k", "--model", "gemini:gemini-test", "--base-url", server.url("/v1beta"),
                "--api-key-env", "GAPBENCH_TEST_KEY", "--limit", "3", "--data-dir", TestSupport.dataDir().toString(), "--progress", "none",
                "--no-cache", "--stream", "--out", tmp.resolve("gemini").toString());
        assertEquals(0, cli.exit(), cli.err() + cli.out());
        assertTrue(cli.err().contains("--stream: gemini answers are not streamed"), cli.err());
        assertEquals(0, server.streamedCount());
        assertFalse((cli.out() + cli.err()).contains(KEY));
    }
}
