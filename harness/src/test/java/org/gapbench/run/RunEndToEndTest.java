package org.gapbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.gapbench.io.Json;
import org.gapbench.testing.TestSupport.Cli;
import org.gapbench.testing.TestSupport;
import org.gapbench.testkit.ProviderServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line against a real local OpenAI-compatible server: results, retries, errors, cache, identity. */
class RunEndToEndTest {
    static final String KEY = System.getenv("GAPBENCH_TEST_KEY");
    static Map<String, String> gold;

    @TempDir
    Path tmp;
    ProviderServer server;

    @BeforeAll
    static void loadGold() {
        gold = TestSupport.gsm8kAnswers();
    }

    /** Answers GSM8K correctly: the question is the prompt's last paragraph. */
    static Function<ProviderServer.Request, String> correct() {
        return r -> {
            String text = r.userText();
            String q = text.substring(text.indexOf("\n\n") + 2).strip();
            return "Step by step... so the answer is \\boxed{" + gold.getOrDefault(q, "-1") + "}.";
        };
    }

    @BeforeEach
    void start() {
        server = ProviderServer.start().answer(correct());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    Cli run(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--suite", "gsm8k", "--model", "openai-compatible:test-model",
                "--base-url", server.url("/v1"), "--api-key-env", "GAPBENCH_TEST_KEY", "--limit", "20",
                "--data-dir", TestSupport.dataDir().toString(), "--cache", tmp.resolve("cache.sqlite").toString(),
                "--progress", "none", "--retry-base-ms", "20", "--out", out.toString()));
        args.addAll(List.of(extra));
        return TestSupport.gapbench(args.toArray(String[]::new));
    }

    static JsonNode summary(Path dir) throws IOException {
        return Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
    }

    static List<JsonNode> journal(Path dir) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("samples.jsonl"))) {
            out.add(Json.MAPPER.readTree(line));
        }
        return out;
    }

    @Test
    void aRunScoresJournalsAndSummarizesWithIdentity() throws IOException {
        Path out = tmp.resolve("a");
        Cli cli = run(out);
        assertEquals(0, cli.exit(), cli.err() + cli.out());
        assertEquals(20, server.requests().size());
        JsonNode s = summary(out);
        assertEquals("gsm8k", s.get("suite").asText());
        assertEquals("openai-compatible:test-model", s.get("model").asText());
        assertEquals(1.0, s.at("/metrics/accuracy/value").asDouble());
        assertEquals(2, s.at("/metrics/accuracy/ci95").size());
        assertEquals(20, s.at("/counts/items").asInt());
        assertEquals(20, s.at("/counts/scored").asInt());
        assertEquals(0, s.at("/counts/errors").asInt());
        List<JsonNode> lines = journal(out);
        assertEquals(20, lines.size());
        JsonNode first = lines.get(0);
        assertEquals(1.0, first.at("/score/value").asDouble());
        assertTrue(first.at("/score/rule").asText().startsWith("boxed"), "the rule that decided: " + first);
        assertEquals(first.at("/score/gold").asText(), first.at("/score/normalized").asText());
        assertFalse(first.get("prompt_hash").asText().isEmpty());
        assertEquals("test-model-2025-01-01", first.get("model").asText(), "the model the provider says answered");
        JsonNode id = Json.MAPPER.readTree(out.resolve("run.json").toFile());
        assertEquals("gsm8k", id.at("/suite/id").asText());
        assertEquals(64, id.at("/suite/prompt_hash").asText().length());
        assertEquals("3730d312f6e3440559ace48831e51066acaca737f6eabec99bccb9e4b3c39d14", id.at("/dataset/files/0/sha256").asText());
        assertEquals(20, id.at("/selection/limit").asInt());
        assertFalse(id.at("/harness/version").asText().isEmpty());
        assertEquals("test-model", id.at("/model/api_model").asText());
    }

    /**
     * A response the token limit cut is no answer, even when its last number is the gold, unless it stated an
     * explicit final answer before the cut; either way its score says so, the summary counts it, and a re-scoring
     * (which reads the finish reason from the journal) keeps every verdict.
     */
    @Test
    void truncatedAnswersCountOnlyWithAFinalAnswerBeforeTheCut() throws IOException {
        Function<ProviderServer.Request, String> question = r -> r.userText().substring(r.userText().indexOf("\n\n") + 2).strip();
        server.cutOff(r -> question.apply(r).length() % 3 != 0).answer(r -> {
            String q = question.apply(r);
            String g = gold.getOrDefault(q, "-1");
            return switch (q.length() % 3) {
                case 1 -> "The answer is \\boxed{" + g + "}. Let me double-check this: " + g + " = 3 +";
                case 2 -> "Let me compute it step by step: 12 + 7 = 19, and then 19 * 3 = 57, so maybe " + g;
                default -> "So the answer is \\boxed{" + g + "}.";
            };
        });
        Path out = tmp.resolve("cut");
        Cli cli = run(out);
        assertEquals(0, cli.exit(), cli.err() + cli.out());
        int cut = 0;
        int runaway = 0;
        for (JsonNode line : journal(out)) {
            boolean truncated = line.get("finish_reason").asText().equals("length");
            assertEquals(truncated, line.at("/score/details/truncated").asBoolean(), line.toString());
            if (!truncated) {
                assertEquals(1.0, line.at("/score/value").asDouble(), line.toString());
                continue;
            }
            cut++;
            if (line.get("response").asText().contains("boxed")) {
                assertEquals(1.0, line.at("/score/value").asDouble(), "the answer was boxed before the cut: " + line);
            } else {
                runaway++;
                assertEquals("no-answer", line.at("/score/rule").asText(), "a lucky last number is no answer: " + line);
                assertEquals(0.0, line.at("/score/value").asDouble());
            }
        }
        assertTrue(cut > runaway && runaway > 0, "both kinds of cut answers among the 20");
        JsonNode s = summary(out);
        assertEquals(cut, s.at("/counts/truncated").asInt());
        assertEquals(runaway, s.at("/counts/no_answer").asInt());
        assertEquals((20.0 - runaway) / 20, s.at("/metrics/accuracy/value").asDouble(), 1e-12);
        assertTrue(cli.out().contains("cut by the token limit " + cut), cli.out());

        Cli rescored = TestSupport.gapbench("score", out.toString(), "--data-dir", TestSupport.dataDir().toString());
        assertEquals(0, rescored.exit(), rescored::toString);
        assertEquals(runaway, summary(out).at("/counts/no_answer").asInt(), "re-scoring reads the finish reason from the journal");
        assertEquals(cut, summary(out).at("/counts/truncated").asInt());
    }

    @Test
    void reRunningResumesAndTheCacheMakesNoRequests() throws IOException {
        Path a = tmp.resolve("a");
        assertEquals(0, run(a).exit());
        assertEquals(20, server.requests().size());
        assertEquals(0, run(a).exit(), "resume of a finished run");
        assertEquals(20, server.requests().size(), "a finished run asks nothing again");
        Path b = tmp.resolve("b");
        Cli cached = run(b);
        assertEquals(0, cached.exit());
        assertEquals(20, server.requests().size(), "a new directory is answered from the cache");
        assertEquals(summary(a).get("metrics"), summary(b).get("metrics"));
        assertEquals(20, summary(b).at("/usage/cached_samples").asInt());
        assertEquals("test-model-2025-01-01", journal(b).get(0).get("model").asText(), "the cache keeps the resolved model");
        assertEquals(0, run(tmp.resolve("c"), "--no-cache").exit());
        assertEquals(40, server.requests().size(), "--no-cache bypasses the cache");
    }

    /**
     * A 429 is retried no sooner than its Retry-After says, and 5xx errors after an exponential backoff: the gaps are
     * read from the server's own arrival times, not inferred from counts.
     */
    @Test
    void rateLimitsAreRetriedAfterRetryAfterAndServerErrorsWithBackoff() throws IOException {
        server.script(new ProviderServer.Status(429, "{\"error\":{\"message\":\"slow\"}}", Map.of("Retry-After", "2")),
                new ProviderServer.Status(500, "{}", Map.of()), new ProviderServer.Status(503, "{}", Map.of()));
        Path out = tmp.resolve("r");
        Cli cli = run(out, "--concurrency", "1");
        assertEquals(0, cli.exit(), cli.err());
        List<ProviderServer.Request> requests = server.requests();
        assertEquals(23, requests.size(), "20 answers plus 3 failed attempts");
        long retryAfterMs = (requests.get(1).arrivedNanos() - requests.get(0).arrivedNanos()) / 1_000_000;
        assertTrue(retryAfterMs >= 2000, "the retry came " + retryAfterMs + " ms after a 429 with Retry-After: 2");
        long afterFirst500 = (requests.get(2).arrivedNanos() - requests.get(1).arrivedNanos()) / 1_000_000;
        long afterSecond5xx = (requests.get(3).arrivedNanos() - requests.get(2).arrivedNanos()) / 1_000_000;
        // --retry-base-ms 20: attempt 3 waits in [20, 40] ms, attempt 4 in [40, 80] ms (full jitter over the upper half)
        assertTrue(afterFirst500 >= 20, "backoff after the first 5xx: " + afterFirst500 + " ms");
        assertTrue(afterSecond5xx >= 40, "backoff doubles: " + afterSecond5xx + " ms");
        assertEquals(requests.get(0).body(), requests.get(3).body(), "the same request is retried");
        JsonNode s = summary(out);
        assertEquals(0, s.at("/counts/errors").asInt());
        assertEquals(1.0, s.at("/metrics/accuracy/value").asDouble());
        int attempts = 0;
        for (JsonNode r : journal(out)) {
            attempts += r.get("attempts").asInt();
        }
        assertEquals(23, attempts);
    }

    @Test
    void errorsAreCountedApartAndNeverAsWrongAnswers() throws IOException {
        server.script(new ProviderServer.Status(500, "{}", Map.of()), new ProviderServer.Status(500, "{}", Map.of()),
                new ProviderServer.Malformed("{\"choices\": [oops"), new ProviderServer.Malformed("{\"choices\": []}"));
        Path out = tmp.resolve("e");
        Cli cli = run(out, "--concurrency", "1", "--max-attempts", "2");
        assertEquals(3, cli.exit(), "errors leave the run incomplete");
        JsonNode s = summary(out);
        assertEquals(2, s.at("/counts/errors").asInt());
        assertEquals(18, s.at("/counts/scored").asInt());
        assertEquals(1, s.at("/errors_by_class/server_error").asInt());
        assertEquals(1, s.at("/errors_by_class/malformed_response").asInt());
        assertEquals(1.0, s.at("/metrics/accuracy/value").asDouble(), "errors are not wrong answers");
        assertEquals(22, server.requests().size(), "2 attempts at the server error, 2 at the malformed responses, 18 answers");
        assertTrue(cli.out().contains("incomplete"), cli.out());
        // Re-running retries only the two errors.
        Cli again = run(out);
        assertEquals(0, again.exit(), again.err());
        assertEquals(24, server.requests().size());
        assertEquals(20, summary(out).at("/counts/scored").asInt());
    }

    @Test
    void authenticationFailureIsNotRetriedAndReportedOnce() throws IOException {
        server.script(new ProviderServer.Status(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}", Map.of()));
        Path out = tmp.resolve("auth");
        Cli cli = run(out, "--concurrency", "1");
        assertEquals(3, cli.exit());
        assertEquals(1, server.requests().size(), "no retry, and the run stops instead of failing every sample");
        assertEquals(1, cli.err().split("authentication failed", -1).length - 1, cli.err());
        assertFalse(cli.err().contains(KEY));
        assertFalse(Files.readString(out.resolve("samples.jsonl")).contains(KEY), "the key never reaches the journal");
    }

    @Test
    void aHangingRequestTimesOut() throws IOException {
        server.script(new ProviderServer.Hang(5000));
        Path out = tmp.resolve("t");
        Cli cli = run(out, "--concurrency", "1", "--timeout", "0.5", "--max-attempts", "1");
        assertEquals(3, cli.exit());
        assertEquals(1, summary(out).at("/errors_by_class/timeout").asInt());
    }

    @Test
    void aDirectoryHoldingAnotherRunIsRefused() {
        Path out = tmp.resolve("id");
        assertEquals(0, run(out).exit());
        Cli other = run(out, "--temperature", "0.7");
        assertEquals(2, other.exit());
        assertTrue(other.err().contains("holds a different run"), other.err());
        assertTrue(other.err().contains("generation parameters"), other.err());
        assertEquals(1, other.err().strip().lines().count(), "one line, no stack trace: " + other.err());
    }

    @Test
    void maxCostStopsCleanlyAndTheRunCanBeFinishedLater() throws IOException {
        Path out = tmp.resolve("cost");
        // 11 input + 7 output tokens at gpt-4o's $5/$15 per million = $0.00016 a call.
        Cli cli = run(out, "--as", "gpt-4o-2024-05-13", "--concurrency", "1", "--max-cost", "0.0008");
        assertEquals(3, cli.exit());
        assertTrue(cli.out().contains("--max-cost"), cli.out());
        int done = journal(out).size();
        assertTrue(done >= 5 && done < 20, "stopped after about 5 samples, did " + done);
        assertEquals(0, run(out, "--as", "gpt-4o-2024-05-13", "--concurrency", "1").exit());
        assertEquals(20, journal(out).size());
        Set<String> keys = new HashSet<>();
        for (JsonNode r : journal(out)) {
            assertTrue(keys.add(r.get("item").asText() + "#" + r.get("sample").asInt()), "no duplicate sample");
        }
    }

    @Test
    void severalModelsRunAsAGridOfDirectories() {
        Path out = tmp.resolve("grid");
        Cli cli = TestSupport.gapbench("run", "--suite", "gsm8k", "--model", "openai-compatible:alpha,openai-compatible:beta",
                "--base-url", server.url("/v1"), "--api-key-env", "GAPBENCH_TEST_KEY", "--limit", "5", "--data-dir",
                TestSupport.dataDir().toString(), "--no-cache", "--progress", "none", "--out", out.toString());
        assertEquals(0, cli.exit(), cli.err());
        assertTrue(Files.exists(out.resolve("gsm8k/openai-compatible_alpha/summary.json")));
        assertTrue(Files.exists(out.resolve("gsm8k/openai-compatible_beta/summary.json")));
        assertEquals(10, server.requests().size());
        assertTrue(cli.out().contains("value [95% CI]"), cli.out());
    }

    @Test
    void dryRunPrintsWorkAndCostWithoutRequests() {
        Cli cli = run(tmp.resolve("dry"), "--as", "gpt-4o-2024-05-13", "--dry-run");
        assertEquals(0, cli.exit(), cli.err());
        assertTrue(cli.out().contains("20 x 1 samples = 20 requests"), cli.out());
        assertTrue(cli.out().contains("cost       ~$"), cli.out());
        assertEquals(0, server.requests().size());
    }

    @Test
    void theApiKeyAppearsInNothingGapbenchWrites() throws IOException {
        Path out = tmp.resolve("secret");
        assertEquals(0, run(out).exit());
        assertTrue(server.requests().get(0).header("Authorization").contains(KEY), "the key does reach the provider");
        try (var files = Files.walk(tmp)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1).contains(KEY), f + " holds the key");
            }
        }
    }
}
