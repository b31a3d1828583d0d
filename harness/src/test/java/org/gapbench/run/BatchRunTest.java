package org.gapbench.run;

import static org.gapbench.run.BatchFixture.lines;
import static org.gapbench.run.BatchFixture.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.gapbench.testing.TestSupport;
import org.gapbench.testing.TestSupport.Cli;
import org.gapbench.testkit.ProviderServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, batch mode: {@code run --batch} against {@link ProviderServer}'s OpenAI Files + Batches wire (multipart
 * upload, validating → in_progress → finalizing → completed / expired, output and error files). The server's ledger
 * of every request line of every batch created ({@code batchSubmitted}) proves nothing is submitted twice.
 */
class BatchRunTest {
    /** gpt-4o-2024-08-06: $2.50 / $10 per million tokens in the catalog; the server says 11 tokens in, 7 out. */
    static final double BATCH_COST_PER_SAMPLE = 0.5 * (11 * 2.5 + 7 * 10.0) / 1e6;

    @TempDir
    Path tmp;
    ProviderServer server;

    @BeforeAll
    static void gold() {
        RunEndToEndTest.loadGold();
    }

    BatchFixture fx;

    @BeforeEach
    void start() {
        server = ProviderServer.start().answer(RunEndToEndTest.correct());
        fx = new BatchFixture(server, tmp, "gpt-4o-2024-08-06", server.url("/v1"), "/chat/completions");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aBatchAnswersEverySampleAtHalfPriceAndTheCacheKeepsIt() throws IOException {
        Path out = tmp.resolve("run");
        Cli cli = fx.run(out, 10);
        assertEquals(0, cli.exit(), cli.err() + cli.out());
        assertEquals(1, fx.count("POST", "/files"), "one upload");
        assertEquals(1, fx.count("POST", "/batches"), "one batch");
        assertTrue(fx.count("GET", "/batches/batch_2") >= 3, "polled through validating, in_progress, finalizing to completed");
        assertEquals(1, fx.count("GET", "/content"), "the output file read once (no error file)");
        assertEquals(0, fx.chatRequests(), "no ordinary request");
        JsonNode upload = server.requests().stream().filter(r -> r.path().endsWith("/files")).findFirst().orElseThrow().body();
        assertEquals("batch", upload.path("purpose").asText());
        assertEquals(10, upload.path("lines").asInt());
        assertEquals(10, server.batchSubmitted().size());
        fx.assertNoDuplicateSubmission();

        JsonNode s = summary(out);
        assertEquals(10, s.at("/counts/scored").asInt());
        assertEquals(1.0, s.at("/metrics/accuracy/value").asDouble());
        assertEquals(10, s.at("/usage/batch_samples").asInt());
        assertEquals(10 * BATCH_COST_PER_SAMPLE, s.at("/usage/cost_usd").asDouble(), 1e-12, "half the catalog price");
        assertTrue(cli.out().contains("by batch 10 samples"), cli.out());
        for (JsonNode r : lines(out.resolve("samples.jsonl"))) {
            assertEquals("batch_2", r.path("batch").asText(), r.toString());
            assertFalse(r.path("cached").asBoolean());
            assertEquals(BATCH_COST_PER_SAMPLE, r.path("cost_usd").asDouble(), 1e-12);
            assertEquals("gpt-4o-2024-08-06-2025-01-01", r.path("model").asText());
        }
        List<JsonNode> batches = lines(out.resolve("batches.jsonl"));
        assertEquals("uploaded", batches.get(0).path("state").asText(), "journaled before the batch was created");
        assertEquals(10, batches.get(0).path("custom_ids").size());
        assertNull(batches.get(0).get("batch"));
        assertEquals("completed", batches.get(batches.size() - 1).path("state").asText());
        Set<String> ids = new HashSet<>();
        batches.get(0).path("custom_ids").forEach(n -> ids.add(n.asText()));
        assertEquals(ids, new HashSet<>(server.batchSubmitted()), "custom_id = the response-cache key");

        assertTrue(cli.err().contains("batch batch_2: validating (0/10 done, 10 requests)"), cli.err());
        List<String> plainArgs = fx.args(tmp.resolve("plain"), 3);
        plainArgs.set(plainArgs.indexOf(tmp.resolve("cache.sqlite").toString()), tmp.resolve("other.sqlite").toString());
        plainArgs.set(plainArgs.indexOf("none"), "plain");
        Cli plain = TestSupport.gapbench(plainArgs.toArray(String[]::new));
        assertEquals(0, plain.exit(), plain.err() + plain.out());
        assertTrue(plain.err().contains(", by batch 3"), "the progress line counts the samples that came by batch: " + plain.err());
        assertTrue(cli.err().contains("batch batch_2: completed (10/10 done, 10 requests)"), cli.err());

        // Another run directory, the same cache: every request is a cache hit, and a cache hit is never sent.
        Path again = tmp.resolve("again");
        Cli second = fx.run(again, 10);
        assertEquals(0, second.exit(), second.err() + second.out());
        assertEquals(2, fx.count("POST", "/batches"), "nothing sent in a batch (the second batch was the plain-progress run's)");
        assertEquals(0, fx.chatRequests());
        assertEquals(10, summary(again).at("/usage/cached_samples").asInt());
        assertEquals(1.0, summary(again).at("/metrics/accuracy/value").asDouble());
    }

    @Test
    void anExpiredBatchKeepsItsFinishedAnswersAndResubmitsOnlyTheRest() throws IOException {
        server.expireNextBatchAfter(6);
        Path out = tmp.resolve("run");
        Cli cli = fx.run(out, 10);
        assertEquals(0, cli.exit(), cli.err() + cli.out());
        assertEquals(2, server.batchCount());
        List<String> sent = server.batchSubmitted();
        assertEquals(14, sent.size(), "10, then the 4 the expired batch did not finish");
        assertEquals(new HashSet<>(sent.subList(6, 10)), new HashSet<>(sent.subList(10, 14)), "only the unfinished were resubmitted");
        assertEquals(3, fx.count("GET", "/content"), "the expired batch's output and error files, the second batch's output");
        JsonNode s = summary(out);
        assertEquals(10, s.at("/counts/scored").asInt());
        assertEquals(1.0, s.at("/metrics/accuracy/value").asDouble());
        assertEquals(10, s.at("/usage/batch_samples").asInt());
        assertEquals(0, fx.chatRequests());
        assertTrue(lines(out.resolve("batches.jsonl")).stream().anyMatch(b -> b.path("state").asText().equals("expired")));
    }

    @Test
    void aFinishedBatchWhoseAnswersNeverReachedTheJournalIsReadAgainNotResubmitted() throws IOException {
        Path out = tmp.resolve("run");
        assertEquals(0, fx.run(out, 10).exit());
        // The state a crash leaves after the batch was read but before its samples were journaled.
        Files.writeString(out.resolve("samples.jsonl"), "");
        Cli again = fx.run(out, 10);
        assertEquals(0, again.exit(), again.err() + again.out());
        assertEquals(1, fx.count("POST", "/batches"));
        assertEquals(10, server.batchSubmitted().size(), "resubmissions: 0");
        assertEquals(2, fx.count("GET", "/content"), "the output file read again");
        JsonNode s = summary(out);
        assertEquals(10, s.at("/counts/scored").asInt());
        assertEquals(10, s.at("/usage/batch_samples").asInt());
    }

    @Test
    void aBatchThatFailsValidationIsSubmittedAgain() throws IOException {
        server.failNextBatchValidation();
        Path out = tmp.resolve("run");
        Cli cli = fx.run(out, 4);
        assertEquals(0, cli.exit(), cli.err() + cli.out());
        assertEquals(2, server.batchCount());
        assertEquals(8, server.batchSubmitted().size(), "the failed batch ran nothing: all 4 again, once");
        assertTrue(cli.err().contains(": failed (0/4 done, 4 requests)"), cli.err());
        assertEquals(4, summary(out).at("/counts/scored").asInt());
    }

    @Test
    void anExpiredBatchWithNoAttemptLeftRecordsTheRestAsTimeoutsAndAReRunAsksThemAgain() throws IOException {
        server.expireNextBatchAfter(2);
        Path out = tmp.resolve("run");
        Cli cli = fx.run(out, 5, "--max-attempts", "1");
        assertEquals(3, cli.exit(), cli.err() + cli.out());
        JsonNode s = summary(out);
        assertEquals(2, s.at("/counts/scored").asInt());
        assertEquals(3, s.at("/errors_by_class/timeout").asInt(), s.toString());
        assertEquals(5, server.batchSubmitted().size());
        Cli again = fx.run(out, 5, "--max-attempts", "1");
        assertEquals(0, again.exit(), again.err() + again.out());
        List<String> sent = server.batchSubmitted();
        assertEquals(8, sent.size(), "only the 3 errors, once more");
        assertEquals(new HashSet<>(sent.subList(2, 5)), new HashSet<>(sent.subList(5, 8)), "a finished answer is never asked again");
        assertEquals(5, summary(out).at("/counts/scored").asInt());
    }

    @Test
    void aRequestTheBatchRejectsIsAnErrorOfItsClassNotResubmitted() throws IOException {
        server.failInBatch(body -> true);
        Path out = tmp.resolve("run");
        Cli cli = fx.run(out, 3);
        assertEquals(3, cli.exit(), cli.err() + cli.out());
        JsonNode s = summary(out);
        assertEquals(3, s.at("/errors_by_class/bad_request").asInt(), s.toString());
        assertEquals(3, server.batchSubmitted().size(), "a 400 is not resubmitted");
        for (JsonNode r : lines(out.resolve("samples.jsonl"))) {
            assertTrue(r.path("error_message").asText().contains("HTTP 400"), r.toString());
        }
    }

    @Test
    void aRateLimitedRequestInABatchIsResubmittedWithinTheAttemptBudget() throws IOException {
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        server.failInBatch(body -> failures.incrementAndGet() <= 2, 429); // the first two lines of the first batch
        Path out = tmp.resolve("run");
        Cli cli = fx.run(out, 5);
        assertEquals(0, cli.exit(), cli.err() + cli.out());
        List<String> sent = server.batchSubmitted();
        assertEquals(7, sent.size(), "5, then the 2 rate-limited ones");
        assertEquals(new HashSet<>(sent.subList(0, 2)), new HashSet<>(sent.subList(5, 7)));
        assertEquals(5, summary(out).at("/counts/scored").asInt());
    }

    @Test
    void maxCostIsCheckedBeforeABatchIsSubmitted() throws IOException {
        // gsm8k asks max_tokens 2048: a request's worst case at the batch price is about $0.0103, so $0.035 admits 3.
        Path out = tmp.resolve("run");
        Cli cli = fx.run(out, 10, "--max-cost", "0.035");
        assertEquals(3, cli.exit(), cli.err() + cli.out());
        assertEquals(3, server.batchSubmitted().size());
        assertTrue(cli.out().contains("--max-cost"), cli.out());
        JsonNode s = summary(out);
        assertEquals(3, s.at("/counts/scored").asInt());
        assertEquals(7, s.at("/counts/missing").asInt());
    }

    @Test
    void dryRunShowsTheBatchSavingAndOtherProvidersTakeOrdinaryRequests() throws IOException {
        Cli dry = fx.run(tmp.resolve("dry"), 10, "--dry-run");
        assertEquals(0, dry.exit(), dry.err() + dry.out());
        assertTrue(dry.out().matches("(?s).*batch +~\\$\\d+\\.\\d\\d typical at the batch price \\(50% of the catalog's\\), saving ~\\$.*"), dry.out());
        assertEquals(0, server.requestCount());

        Path out = tmp.resolve("compat");
        List<String> args = fx.args(out, 2);
        args.set(args.indexOf("gpt-4o-2024-08-06"), "openai-compatible:local");
        Cli cli = TestSupport.gapbench(args.toArray(String[]::new));
        assertEquals(0, cli.exit(), cli.err() + cli.out());
        assertTrue(cli.err().contains("--batch: openai-compatible has no batch API in gapbench (only anthropic, gemini, openai, qwen, zhipu); ordinary requests are sent"), cli.err());
        assertEquals(2, fx.chatRequests());
        assertEquals(0, server.batchCount());
    }

    /**
     * DashScope (Qwen) and Zhipu (GLM) speak OpenAI's Files + Batches format under their own base URLs; Zhipu's batch
     * and its lines name {@code /v4/chat/completions} (the server refuses any other endpoint at that path).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "qwen:qwen-plus, /compatible-mode/v1, /v1/chat/completions",
            "zhipu:glm-4-plus, /api/paas/v4, /v4/chat/completions"})
    void theChineseProvidersBatchThroughTheOpenAiCompatiblePathAtTheirPaths(String model, String base, String endpoint) throws IOException {
        BatchFixture other = new BatchFixture(server, tmp, model, server.url(base), "/chat/completions");
        Path out = tmp.resolve("run");
        Cli cli = other.run(out, 6);
        assertEquals(0, cli.exit(), cli.err() + cli.out());
        assertEquals(1, other.count("POST", base + "/files"), "one upload at " + base);
        assertEquals(1, other.count("POST", base + "/batches"), "one batch at " + base);
        JsonNode create = server.requests().stream().filter(r -> r.method().equals("POST") && r.path().endsWith(base + "/batches"))
                .findFirst().orElseThrow().body();
        assertEquals(endpoint, create.path("endpoint").asText());
        assertEquals(0, other.chatRequests(), "no ordinary request");
        assertEquals(6, server.batchSubmitted().size());
        for (ProviderServer.Request r : server.requests()) {
            assertTrue(r.path().startsWith(base + "/"), r.path());
            assertEquals("Bearer " + System.getenv("GAPBENCH_TEST_KEY"), r.header("Authorization"), r.path());
        }
        JsonNode s = summary(out);
        assertEquals(6, s.at("/counts/scored").asInt());
        assertEquals(6, s.at("/usage/batch_samples").asInt());
        assertEquals(1.0, s.at("/metrics/accuracy/value").asDouble());
    }

    /** The child is killed with SIGKILL while it polls; the same command resumes polling the same batch. */
    @Test
    void killMinus9MidPollResumesTheSameBatch() throws Exception {
        server.batchPollsPerState(1_000_000); // stays validating until the test lets it go on
        Path out = tmp.resolve("run");
        Process child = fx.child(out, 10, tmp.resolve("child.log"));
        fx.awaitPolls(child, "/batches/batch_2", 3, tmp.resolve("child.log"));
        BatchFixture.kill9(child);
        assertEquals(1, server.batchCount());
        assertTrue(lines(out.resolve("batches.jsonl")).stream().anyMatch(b -> "batch_2".equals(b.path("batch").asText())),
                "the batch id was journaled");
        assertTrue(lines(out.resolve("samples.jsonl")).isEmpty());

        server.batchPollsPerState(1);
        Cli resumed = fx.run(out, 10);
        assertEquals(0, resumed.exit(), resumed.err() + resumed.out());
        assertEquals(1, server.batchCount(), "no second batch");
        assertEquals(1, fx.count("POST", "/batches"));
        assertEquals(10, server.batchSubmitted().size(), "resubmissions: 0");
        fx.assertNoDuplicateSubmission();
        assertEquals(0, fx.chatRequests());
        System.out.printf("kill -9 mid-poll: %d requests in the ledger, %d batch created, %d request lines submitted for 10 samples (resubmissions %d)%n",
                server.requestCount(), server.batchCount(), server.batchSubmitted().size(), server.batchSubmitted().size() - 10);
        JsonNode s = summary(out);
        assertEquals(10, s.at("/counts/scored").asInt());
        assertEquals(10, s.at("/usage/batch_samples").asInt());
        assertEquals(1.0, s.at("/metrics/accuracy/value").asDouble());
    }

    @Test
    void aBatchNotDoneWithinTheMaximumWaitStopsTheRunAndTheSameCommandResumesPollingIt() throws IOException {
        server.batchPollsPerState(1_000_000);
        Path out = tmp.resolve("run");
        Cli cli = fx.run(out, 4, "--batch-max-wait-seconds", "0.3");
        assertEquals(3, cli.exit(), cli.err() + cli.out());
        assertTrue(cli.out().contains("not finished within --batch-max-wait-seconds; re-run the same command to resume polling"), cli.out());
        assertEquals(4, summary(out).at("/counts/missing").asInt());
        server.batchPollsPerState(1);
        Cli again = fx.run(out, 4, "--batch-max-wait-seconds", "0.3");
        assertEquals(0, again.exit(), again.err() + again.out());
        assertEquals(1, server.batchCount());
        assertEquals(4, server.batchSubmitted().size());
        assertEquals(4, summary(out).at("/counts/scored").asInt());
    }

    /** SIGINT while polling: the run ends in seconds (exit 130), nothing journaled as an error; the re-run polls the same batch. */
    @Test
    void ctrlCMidPollLeavesTheBatchToTheNextRun() throws Exception {
        server.batchPollsPerState(1_000_000);
        Path out = tmp.resolve("run");
        Path log = tmp.resolve("child.log");
        Process child = fx.child(out, 5, log);
        fx.awaitPolls(child, "/batches/batch_2", 3, log);
        long t0 = System.nanoTime();
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor());
        assertTrue(child.waitFor(20, TimeUnit.SECONDS));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String printed = Files.readString(log);
        assertEquals(130, child.exitValue(), printed);
        assertTrue(ms < 10_000, "SIGINT ended the run in " + ms + " ms");
        assertTrue(lines(out.resolve("samples.jsonl")).isEmpty(), "an unanswered sample is left to do, not an error");
        assertEquals(5, summary(out).at("/counts/missing").asInt());

        server.batchPollsPerState(1);
        Cli resumed = fx.run(out, 5);
        assertEquals(0, resumed.exit(), resumed.err() + resumed.out());
        assertEquals(1, server.batchCount());
        assertEquals(5, server.batchSubmitted().size(), "resubmissions: 0");
        assertEquals(5, summary(out).at("/usage/batch_samples").asInt());
    }

    /**
     * The child dies after the provider created the batch but before its answer arrived (the id was never
     * journaled): the re-run finds the batch by its input file in the provider's list instead of creating another.
     */
    @Test
    void killMinus9BeforeTheBatchIdIsKnownFindsTheBatchAgain() throws Exception {
        server.script(new ProviderServer.Ok(), new ProviderServer.Hang(60_000)); // upload, create
        Path out = tmp.resolve("run");
        Process child = TestSupport.child(TestSupport.home(), Map.of(), fx.args(out, 6)).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (server.batchCount() < 1 && System.nanoTime() < deadline && child.isAlive()) {
            Thread.sleep(10);
        }
        assertTrue(child.isAlive(), Files.readString(tmp.resolve("child.log")));
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        List<JsonNode> journaled = lines(out.resolve("batches.jsonl"));
        assertEquals(1, journaled.size(), "only the upload was journaled");
        assertEquals("uploaded", journaled.get(0).path("state").asText());

        Cli resumed = fx.run(out, 6);
        assertEquals(0, resumed.exit(), resumed.err() + resumed.out());
        assertEquals(1, fx.count("POST", "/batches"), "the batch was found, not created again");
        assertEquals(1, fx.count("POST", "/files"));
        assertEquals(6, server.batchSubmitted().size(), "resubmissions: 0");
        fx.assertNoDuplicateSubmission();
        System.out.printf("kill -9 before the batch id was known: %d requests in the ledger, %d POST /batches, %d request lines for 6 samples (resubmissions %d)%n",
                server.requestCount(), fx.count("POST", "/batches"), server.batchSubmitted().size(), server.batchSubmitted().size() - 6);
        assertEquals(6, summary(out).at("/counts/scored").asInt());
    }
}
