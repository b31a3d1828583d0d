package org.gapbench.run;

import static org.gapbench.run.BatchFixture.assertAllScoredByBatch;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gapbench.testing.TestSupport;
import org.gapbench.testing.TestSupport.Cli;
import org.gapbench.testkit.ProviderServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 18, batch mode: {@code run --batch} through the real command line against {@link ProviderServer}, on each of
 * the three batch wire formats: OpenAI's Files + Batches (multipart upload, validating → in_progress → finalizing →
 * completed / expired, output and error files), Anthropic's Message Batches ({@code POST /v1/messages/batches},
 * in_progress → ended, the results stream) and Gemini's batch mode ({@code models/{model}:batchGenerateContent}, a
 * long-running operation, inline responses). The server's ledger of every custom id of every batch created
 * ({@code batchSubmitted}) proves what was sent, and how often.
 */
class BatchRunTest {
    static final String KEY = System.getenv("GAPBENCH_TEST_KEY");

    /** A batch wire format, the catalog model it is tried with, that model's catalog prices, and what its server calls things. */
    enum Format {
        OPENAI("gpt-4o-2024-08-06", "/v1", "/chat/completions", "/batches", 2.5, 10, "0.035",
                // the server numbers files and batches from one sequence: the upload is file-1, its batch batch_2
                "batch_2", "/batches/batch_2", 3, "completed", "expired", "failed", "HTTP 400", 1),
        ANTHROPIC("claude-sonnet-4-20250514", "/v1", "/messages", "/messages/batches", 3, 15, "0.05",
                "msgbatch_1", "/messages/batches/msgbatch_1", 1, "ended", "ended", null, "invalid_request_error", 0),
        GEMINI("gemini-2.5-pro", "/v1beta", ":generateContent", ":batchGenerateContent", 1.25, 10, "0.035",
                "batches/gb1", "/batches/gb1", 2, "BATCH_STATE_SUCCEEDED", "BATCH_STATE_EXPIRED", "BATCH_STATE_FAILED", "code 3", 0);

        final String model;
        final String base;
        final String chatPath;
        final String createPath;
        final double in;
        final double out;
        /** A --max-cost that admits 3 requests' worst case (gsm8k's max_tokens 2048 out) at the batch price, not 4. */
        final String budgetFor3;
        /** The id of the first batch the server creates, as the journal and the samples name it. */
        final String firstBatch;
        /** How the path the client polls that batch at ends. */
        final String firstPoll;
        /** The states a batch passes through before it is done (OpenAI: validating, in_progress, finalizing), a poll each. */
        final int statesBeforeDone;
        final String doneState;
        /** The state an expired batch ends in (Anthropic has no state of its own for it: its results say expired). */
        final String expiredState;
        /** The state of a batch that failed validation; null: Anthropic validates a batch when it is created. */
        final String failedState;
        /** What the provider's answer to an HTTP 400 request says, as the sample's error message keeps it. */
        final String badRequestMessage;
        /** Requests answered before the batch is created (OpenAI uploads its request lines as a file first). */
        final int requestsBeforeCreate;

        Format(String model, String base, String chatPath, String createPath, double in, double out, String budgetFor3,
                String firstBatch, String firstPoll, int statesBeforeDone, String doneState, String expiredState,
                String failedState, String badRequestMessage, int requestsBeforeCreate) {
            this.model = model;
            this.base = base;
            this.chatPath = chatPath;
            this.createPath = createPath;
            this.in = in;
            this.out = out;
            this.budgetFor3 = budgetFor3;
            this.firstBatch = firstBatch;
            this.firstPoll = firstPoll;
            this.statesBeforeDone = statesBeforeDone;
            this.doneState = doneState;
            this.expiredState = expiredState;
            this.failedState = failedState;
            this.badRequestMessage = badRequestMessage;
            this.requestsBeforeCreate = requestsBeforeCreate;
        }

        /** The server says 11 tokens in, 7 out; the batch price is half the catalog's. */
        double batchCostPerSample() {
            return 0.5 * (11 * in + 7 * out) / 1e6;
        }
    }

    @TempDir
    Path tmp;
    ProviderServer server;
    BatchFixture fx;

    @BeforeAll
    static void gold() {
        RunEndToEndTest.loadGold();
    }

    BatchFixture start(Format f) {
        return start(f.model, f.base, f.chatPath);
    }

    BatchFixture start(String model, String base, String chatPath) {
        server = ProviderServer.start().answer(RunEndToEndTest.correct());
        fx = new BatchFixture(server, tmp, model, server.url(base), chatPath);
        return fx;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void aBatchAnswersEverySampleAtHalfPriceWithNoOrdinaryRequestAndTheCacheKeepsIt(Format f) throws IOException {
        start(f);
        Path out = tmp.resolve("run");
        Cli cli = fx.run(out, 10);
        assertEquals(0, cli.exit(), cli.err() + cli.out());
        assertEquals(1, fx.count("POST", f.createPath), "one batch created");
        assertEquals(1, server.batchCount());
        assertTrue(fx.count("GET", f.firstPoll) >= f.statesBeforeDone, "polled through every state to " + f.doneState);
        assertEquals(0, fx.chatRequests(), "no ordinary request");
        assertEquals(10, server.batchSubmitted().size());
        fx.assertNoDuplicateSubmission();

        assertAllScoredByBatch(out, 10);
        assertEquals(10 * f.batchCostPerSample(), summary(out).at("/usage/cost_usd").asDouble(), 1e-12, "half the catalog price");
        assertTrue(cli.out().contains("by batch 10 samples"), cli.out());
        for (JsonNode r : lines(out.resolve("samples.jsonl"))) {
            assertEquals(f.firstBatch, r.path("batch").asText(), r.toString());
            assertFalse(r.path("cached").asBoolean());
            assertEquals(f.batchCostPerSample(), r.path("cost_usd").asDouble(), 1e-12);
            assertEquals("stop", r.path("finish_reason").asText(), r.toString());
        }

        // The journal: the custom ids before the batch existed, then its id and states; custom id = response-cache key.
        List<JsonNode> batches = lines(out.resolve("batches.jsonl"));
        assertEquals("uploaded", batches.get(0).path("state").asText(), "journaled before the batch was created");
        assertEquals(10, batches.get(0).path("custom_ids").size());
        assertNull(batches.get(0).get("batch"));
        assertEquals(f.doneState, batches.get(batches.size() - 1).path("state").asText());
        Set<String> ids = new HashSet<>();
        batches.get(0).path("custom_ids").forEach(n -> ids.add(n.asText()));
        assertEquals(ids, new HashSet<>(server.batchSubmitted()), "custom_id = the response-cache key");

        // The headers the synchronous client sends; the key nowhere in the run directory.
        for (ProviderServer.Request r : server.requests()) {
            switch (f) {
                case OPENAI -> assertEquals("Bearer " + KEY, r.header("Authorization"), r.path());
                case ANTHROPIC -> {
                    assertNull(r.header("Authorization"), r.path());
                    assertEquals(KEY, r.header("x-api-key"), r.path());
                    assertEquals("2023-06-01", r.header("anthropic-version"), r.path());
                }
                case GEMINI -> {
                    assertNull(r.header("Authorization"), r.path());
                    assertEquals(KEY, r.header("x-goog-api-key"), r.path());
                }
            }
        }
        try (var files = Files.walk(out)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(p).contains(KEY), "the key is in " + p);
            }
        }

        // The same cache, another run directory: every request a cache hit, and a cache hit is never sent.
        long before = server.requestCount();
        Path again = tmp.resolve("again");
        Cli second = fx.run(again, 10);
        assertEquals(0, second.exit(), second.err() + second.out());
        assertEquals(before, server.requestCount(), "a cache hit is never sent (no batch, no ordinary request)");
        assertEquals(10, summary(again).at("/usage/cached_samples").asInt());
        assertEquals(1.0, summary(again).at("/metrics/accuracy/value").asDouble());
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void killMinus9MidPollResumesTheSameBatchWithNoResubmission(Format f) throws Exception {
        start(f);
        server.batchPollsPerState(1_000_000); // stays in its first state until the test lets it go on
        Path out = tmp.resolve("run");
        Path log = tmp.resolve("child.log");
        Process child = fx.child(out, 10, log);
        fx.awaitPolls(child, f.firstPoll, 3, log);
        BatchFixture.kill9(child);
        assertEquals(1, server.batchCount());
        assertTrue(lines(out.resolve("samples.jsonl")).isEmpty());
        assertTrue(lines(out.resolve("batches.jsonl")).stream().anyMatch(b -> b.path("batch").asText().equals(f.firstBatch)),
                "the batch id was journaled");

        server.batchPollsPerState(1);
        Cli resumed = fx.run(out, 10);
        assertEquals(0, resumed.exit(), resumed.err() + resumed.out());
        assertEquals(1, server.batchCount(), "no second batch");
        assertEquals(1, fx.count("POST", f.createPath));
        assertEquals(10, server.batchSubmitted().size(), "resubmissions: 0");
        fx.assertNoDuplicateSubmission();
        assertEquals(0, fx.chatRequests());
        System.out.printf("%s kill -9 mid-poll: %d requests in the ledger, %d batch created, %d custom ids submitted for 10 samples"
                + " (resubmissions %d)%n", f, server.requestCount(), server.batchCount(), server.batchSubmitted().size(),
                server.batchSubmitted().size() - 10);
        assertAllScoredByBatch(out, 10);
        assertEquals(10 * f.batchCostPerSample(), summary(out).at("/usage/cost_usd").asDouble(), 1e-12);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void aBatchThatExpiresHalfDoneKeepsItsAnswersAndTheSecondBatchHoldsExactlyTheUnfinished(Format f) throws IOException {
        start(f);
        server.expireNextBatchAfter(5);
        Path out = tmp.resolve("run");
        Cli cli = fx.run(out, 10);
        assertEquals(0, cli.exit(), cli.err() + cli.out());
        assertEquals(2, server.batchCount());
        List<String> sent = server.batchSubmitted();
        assertEquals(15, sent.size(), "10, then the 5 the expired batch did not finish");
        assertEquals(new HashSet<>(sent.subList(5, 10)), new HashSet<>(sent.subList(10, 15)), "only the unfinished were resubmitted");
        if (f == Format.OPENAI) {
            // OpenAI's results are files: an expired batch has an error file beside its output file.
            assertEquals(3, fx.count("GET", "/content"), "the expired batch's output and error files, the second batch's output");
        }
        assertAllScoredByBatch(out, 10);
        assertEquals(0, fx.chatRequests());
        assertEquals(10 * f.batchCostPerSample(), summary(out).at("/usage/cost_usd").asDouble(), 1e-12, "an unfinished request costs nothing");
        assertTrue(lines(out.resolve("batches.jsonl")).stream().anyMatch(b -> b.path("state").asText().equals(f.expiredState)));
    }

    /** With no attempt left, what an expired batch never ran is a timeout per sample; a re-run asks only those again. */
    @ParameterizedTest
    @EnumSource(Format.class)
    void anExpiredBatchWithNoAttemptLeftRecordsTheRestAsTimeoutsAndAReRunAsksOnlyThem(Format f) throws IOException {
        start(f);
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
        assertEquals(8, sent.size(), "only the 3 timeouts, once more");
        assertEquals(new HashSet<>(sent.subList(2, 5)), new HashSet<>(sent.subList(5, 8)), "a finished answer is never asked again");
        assertEquals(5, summary(out).at("/counts/scored").asInt());
    }

    /** Anthropic is left out: it validates a batch when it is created, so there is no failed state to reach. */
    @ParameterizedTest
    @EnumSource(value = Format.class, names = {"OPENAI", "GEMINI"})
    void aBatchThatFailsValidationIsSubmittedAgain(Format f) throws IOException {
        start(f);
        server.failNextBatchValidation();
        Path out = tmp.resolve("run");
        Cli cli = fx.run(out, 4);
        assertEquals(0, cli.exit(), cli.err() + cli.out());
        assertEquals(2, server.batchCount());
        assertEquals(8, server.batchSubmitted().size(), "the failed batch ran nothing: all 4 again, once");
        assertTrue(cli.err().contains(": " + f.failedState + " (0/4 done, 4 requests)"), cli.err());
        assertEquals(4, summary(out).at("/counts/scored").asInt());
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void aRequestTheBatchRejectsIsAnErrorOfItsClassPerSampleAndNotResubmitted(Format f) throws IOException {
        start(f);
        server.failInBatch(body -> true, 400);
        Path out = tmp.resolve("run");
        Cli cli = fx.run(out, 3);
        assertEquals(3, cli.exit(), cli.err() + cli.out());
        JsonNode s = summary(out);
        assertEquals(3, s.at("/errors_by_class/bad_request").asInt(), s.toString());
        assertEquals(3, server.batchSubmitted().size(), "a bad request is not resubmitted");
        for (JsonNode r : lines(out.resolve("samples.jsonl"))) {
            assertEquals("bad_request", r.path("error").asText(), r.toString());
            assertTrue(r.path("error_message").asText().contains(f.badRequestMessage), r.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void aRateLimitedRequestInABatchIsResubmittedWithinTheAttemptBudget(Format f) throws IOException {
        start(f);
        AtomicInteger failures = new AtomicInteger();
        server.failInBatch(body -> failures.incrementAndGet() <= 2, 429); // the first two requests of the first batch
        Path out = tmp.resolve("run");
        Cli cli = fx.run(out, 5);
        assertEquals(0, cli.exit(), cli.err() + cli.out());
        List<String> sent = server.batchSubmitted();
        assertEquals(7, sent.size(), "5, then the 2 rate-limited ones");
        assertEquals(new HashSet<>(sent.subList(0, 2)), new HashSet<>(sent.subList(5, 7)));
        assertEquals(5, summary(out).at("/counts/scored").asInt());
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void maxCostIsCheckedBeforeABatchIsSubmittedAtThisProvidersBatchPrice(Format f) throws IOException {
        start(f);
        Path out = tmp.resolve("run");
        Cli cli = fx.run(out, 10, "--max-cost", f.budgetFor3);
        assertEquals(3, cli.exit(), cli.err() + cli.out());
        assertEquals(3, server.batchSubmitted().size());
        assertTrue(cli.out().contains("--max-cost"), cli.out());
        JsonNode s = summary(out);
        assertEquals(3, s.at("/counts/scored").asInt());
        assertEquals(7, s.at("/counts/missing").asInt());
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void dryRunShowsTheBatchSavingAtHalfPrice(Format f) throws IOException {
        start(f);
        Cli dry = fx.run(tmp.resolve("dry"), 10, "--dry-run", "--stream");
        assertEquals(0, dry.exit(), dry.err() + dry.out());
        assertTrue(dry.out().matches("(?s).*batch +~\\$\\d+\\.\\d\\d typical at the batch price \\(50% of the catalog's\\), saving ~\\$.*"), dry.out());
        assertTrue(dry.out().contains(" requests, by batch\n"), "the answers come by batch, never streamed: " + dry.out());
        assertEquals(0, server.requestCount());
    }

    /** {@code --stream} with {@code --batch}: the answers come by batch, and the run says once that they are not streamed. */
    @ParameterizedTest
    @EnumSource(value = Format.class, names = {"OPENAI", "ANTHROPIC"})
    void streamUnderBatchIsSaidToBeMoot(Format f) throws IOException {
        start(f);
        Cli cli = fx.run(tmp.resolve("run"), 3, "--stream");
        assertEquals(0, cli.exit(), cli.err() + cli.out());
        String notice = "--stream: the answers come by batch, not streamed";
        assertEquals(1, cli.err().split(java.util.regex.Pattern.quote(notice), -1).length - 1, "said once: " + cli.err());
        assertEquals(1, server.batchCount());
        assertEquals(0, fx.chatRequests(), "no answer asked the ordinary way, streamed or not");
        assertAllScoredByBatch(tmp.resolve("run"), 3);
    }

    /**
     * The child dies after the provider created the batch but before its answer arrived (the id was never journaled):
     * the re-run finds it (OpenAI by its input file, Gemini by its display name; Anthropic, whose batches carry no name,
     * by its size and creation time, unclaimed by the journal) instead of creating another.
     */
    @ParameterizedTest
    @EnumSource(Format.class)
    void killMinus9BeforeTheBatchIdIsKnownFindsTheBatchAgain(Format f) throws Exception {
        start(f);
        // What comes before the create is answered (OpenAI's upload); the create makes the batch, its answer never arrives.
        List<ProviderServer.Step> steps = new ArrayList<>(Collections.nCopies(f.requestsBeforeCreate, new ProviderServer.Ok()));
        steps.add(new ProviderServer.Hang(60_000));
        server.script(steps.toArray(ProviderServer.Step[]::new));
        Path out = tmp.resolve("run");
        Path log = tmp.resolve("child.log");
        Process child = fx.child(out, 6, log);
        fx.awaitBatchesCreated(child, 1, log);
        BatchFixture.kill9(child);
        List<JsonNode> journaled = lines(out.resolve("batches.jsonl"));
        assertEquals(1, journaled.size(), "only the staged requests (OpenAI's: the upload) were journaled");
        assertEquals("uploaded", journaled.get(0).path("state").asText());

        Cli resumed = fx.run(out, 6);
        assertEquals(0, resumed.exit(), resumed.err() + resumed.out());
        assertEquals(1, fx.count("POST", f.createPath), "the batch was found, not created again");
        if (f == Format.OPENAI) {
            assertEquals(1, fx.count("POST", "/files"), "the journaled upload was used, not uploaded again");
        }
        assertEquals(6, server.batchSubmitted().size(), "resubmissions: 0");
        fx.assertNoDuplicateSubmission();
        System.out.printf("%s kill -9 before the batch id was known: %d requests in the ledger, %d created, %d custom ids for 6 samples"
                + " (resubmissions %d)%n", f, server.requestCount(), fx.count("POST", f.createPath), server.batchSubmitted().size(),
                server.batchSubmitted().size() - 6);
        assertAllScoredByBatch(out, 6);
    }

    // What only one format has.

    /** OpenAI's requests go up as one file of request lines; the answers come down as one output file. */
    @Test
    void openAiUploadsTheRequestsAsOneFileReadsOneOutputFileAndTheProgressNamesEachState() throws IOException {
        start(Format.OPENAI);
        Path out = tmp.resolve("run");
        Cli cli = fx.run(out, 10);
        assertEquals(0, cli.exit(), cli.err() + cli.out());
        assertEquals(1, fx.count("POST", "/files"), "one upload");
        assertEquals(1, fx.count("GET", "/content"), "the output file read once (no error file)");
        JsonNode upload = server.requests().stream().filter(r -> r.path().endsWith("/files")).findFirst().orElseThrow().body();
        assertEquals("batch", upload.path("purpose").asText());
        assertEquals(10, upload.path("lines").asInt());
        for (JsonNode r : lines(out.resolve("samples.jsonl"))) {
            assertEquals("gpt-4o-2024-08-06-2025-01-01", r.path("model").asText(), "the model the output file names");
        }
        assertTrue(cli.err().contains("batch batch_2: validating (0/10 done, 10 requests)"), cli.err());
        assertTrue(cli.err().contains("batch batch_2: completed (10/10 done, 10 requests)"), cli.err());

        // --progress plain (another cache, so the requests are sent): the progress line counts what came by batch.
        List<String> plainArgs = fx.args(tmp.resolve("plain"), 3);
        plainArgs.set(plainArgs.indexOf(tmp.resolve("cache.sqlite").toString()), tmp.resolve("other.sqlite").toString());
        plainArgs.set(plainArgs.indexOf("none"), "plain");
        Cli plain = TestSupport.gapbench(plainArgs.toArray(String[]::new));
        assertEquals(0, plain.exit(), plain.err() + plain.out());
        assertTrue(plain.err().contains(", by batch 3"), "the progress line counts the samples that came by batch: " + plain.err());
    }

    @Test
    void anthropicRequestsAreTheMessagesApiRequestsAndItsResultsComeFromTheResultsStream() throws IOException {
        start(Format.ANTHROPIC);
        Path out = tmp.resolve("run");
        assertEquals(0, fx.run(out, 3).exit());
        JsonNode create = server.requests().stream().filter(r -> r.method().equals("POST") && r.path().endsWith("/messages/batches"))
                .findFirst().orElseThrow().body();
        for (JsonNode r : create.path("requests")) {
            JsonNode p = r.path("params");
            assertEquals("claude-sonnet-4-20250514", p.path("model").asText());
            assertTrue(p.path("max_tokens").asInt() > 0, p.toString());
            assertEquals("user", p.path("messages").path(p.path("messages").size() - 1).path("role").asText(), p.toString());
        }
        assertEquals(1, fx.count("GET", "/messages/batches/msgbatch_1/results"), "the results stream read once");
    }

    /**
     * Anthropic's guess never takes a batch the journal already names: the first batch expires having run nothing, the
     * child dies while its resubmission (a batch of the same size, just as recent) is being created; the re-run must
     * take the second batch for the unnamed entry, not the first.
     */
    @Test
    void anthropicABatchTheJournalNamesIsNotTakenForAnUnnamedOneOfTheSameSize() throws Exception {
        start(Format.ANTHROPIC);
        server.expireNextBatchAfter(0);
        // create, poll (ended: all expired), results, then the resubmission's create, whose answer never arrives
        server.script(new ProviderServer.Ok(), new ProviderServer.Ok(), new ProviderServer.Ok(), new ProviderServer.Hang(60_000));
        Path out = tmp.resolve("run");
        Path log = tmp.resolve("child.log");
        Process child = fx.child(out, 4, log);
        fx.awaitBatchesCreated(child, 2, log);
        BatchFixture.kill9(child);

        Cli resumed = fx.run(out, 4);
        assertEquals(0, resumed.exit(), resumed.err() + resumed.out());
        assertEquals(2, fx.count("POST", "/messages/batches"), "the second batch was found, no third made");
        assertEquals(8, server.batchSubmitted().size(), "4, then the 4 the first batch never ran, once");
        assertAllScoredByBatch(out, 4);
        for (JsonNode r : lines(out.resolve("samples.jsonl"))) {
            assertEquals("msgbatch_2", r.path("batch").asText(), r.toString());
        }
    }

    /**
     * DashScope (Qwen) and Zhipu (GLM) speak OpenAI's Files + Batches format under their own base URLs; Zhipu's batch
     * and its lines name {@code /v4/chat/completions} (the server refuses any other endpoint at that path).
     */
    @ParameterizedTest
    @CsvSource({
            "qwen:qwen-plus, /compatible-mode/v1, /v1/chat/completions",
            "zhipu:glm-4-plus, /api/paas/v4, /v4/chat/completions"})
    void theChineseProvidersBatchThroughTheOpenAiCompatiblePathAtTheirPaths(String model, String base, String endpoint) throws IOException {
        start(model, base, "/chat/completions");
        Path out = tmp.resolve("run");
        Cli cli = fx.run(out, 6);
        assertEquals(0, cli.exit(), cli.err() + cli.out());
        assertEquals(1, fx.count("POST", base + "/files"), "one upload at " + base);
        assertEquals(1, fx.count("POST", base + "/batches"), "one batch at " + base);
        JsonNode create = server.requests().stream().filter(r -> r.method().equals("POST") && r.path().endsWith(base + "/batches"))
                .findFirst().orElseThrow().body();
        assertEquals(endpoint, create.path("endpoint").asText());
        assertEquals(0, fx.chatRequests(), "no ordinary request");
        assertEquals(6, server.batchSubmitted().size());
        for (ProviderServer.Request r : server.requests()) {
            assertTrue(r.path().startsWith(base + "/"), r.path());
            assertEquals("Bearer " + KEY, r.header("Authorization"), r.path());
        }
        assertAllScoredByBatch(out, 6);
    }

    @Test
    void aProviderWithNoBatchApiTakesOrdinaryRequestsAndSaysSo() {
        start(Format.OPENAI);
        List<String> args = fx.args(tmp.resolve("compat"), 2);
        args.set(args.indexOf(Format.OPENAI.model), "openai-compatible:local");
        Cli cli = TestSupport.gapbench(args.toArray(String[]::new));
        assertEquals(0, cli.exit(), cli.err() + cli.out());
        assertTrue(cli.err().contains("--batch: openai-compatible has no batch API in gapbench (only anthropic, gemini, openai, qwen, zhipu); ordinary requests are sent"), cli.err());
        assertEquals(2, fx.chatRequests());
        assertEquals(0, server.batchCount());
    }

    // On OpenAI's wire alone: what these check (the journal, the wait limit, SIGINT) is BatchAnswers', which has no
    // provider if; the formats above differ only in their BatchApi.

    @Test
    void aFinishedBatchWhoseAnswersNeverReachedTheJournalIsReadAgainNotResubmitted() throws IOException {
        start(Format.OPENAI);
        Path out = tmp.resolve("run");
        assertEquals(0, fx.run(out, 10).exit());
        // The state a crash leaves after the batch was read but before its samples were journaled.
        Files.writeString(out.resolve("samples.jsonl"), "");
        Cli again = fx.run(out, 10);
        assertEquals(0, again.exit(), again.err() + again.out());
        assertEquals(1, fx.count("POST", "/batches"));
        assertEquals(10, server.batchSubmitted().size(), "resubmissions: 0");
        assertEquals(2, fx.count("GET", "/content"), "the output file read again");
        assertAllScoredByBatch(out, 10);
    }

    @Test
    void aBatchNotDoneWithinTheMaximumWaitStopsTheRunAndTheSameCommandResumesPollingIt() throws IOException {
        start(Format.OPENAI);
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
        start(Format.OPENAI);
        server.batchPollsPerState(1_000_000);
        Path out = tmp.resolve("run");
        Path log = tmp.resolve("child.log");
        Process child = fx.child(out, 5, log);
        fx.awaitPolls(child, Format.OPENAI.firstPoll, 3, log);
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
}
