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
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.gapbench.testing.TestSupport.Cli;
import org.gapbench.testkit.ProviderServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 18, batch mode on the two formats that send their requests inline: Anthropic's Message Batches
 * ({@code POST /v1/messages/batches}, in_progress → ended, the results stream) and Gemini's batch mode
 * ({@code models/{model}:batchGenerateContent}, a long-running operation, inline responses), through the real
 * command line against {@link ProviderServer}. Its ledger of every custom id submitted proves what was sent, and how
 * often.
 */
class InlineBatchRunTest {
    static final String KEY = System.getenv("GAPBENCH_TEST_KEY");

    /** A batch wire format, the catalog model it is tried with and that model's catalog prices (USD per million tokens). */
    enum Format {
        ANTHROPIC("claude-sonnet-4-20250514", "/v1", "/messages", "/messages/batches", 3, 15, "0.05"),
        GEMINI("gemini-2.5-pro", "/v1beta", ":generateContent", ":batchGenerateContent", 1.25, 10, "0.035");

        final String model;
        final String base;
        final String chatPath;
        final String createPath;
        final double in;
        final double out;
        /** A --max-cost that admits 3 requests' worst case (gsm8k's max_tokens 2048 out) at the batch price, not 4. */
        final String budgetFor3;

        Format(String model, String base, String chatPath, String createPath, double in, double out, String budgetFor3) {
            this.model = model;
            this.base = base;
            this.chatPath = chatPath;
            this.createPath = createPath;
            this.in = in;
            this.out = out;
            this.budgetFor3 = budgetFor3;
        }

        /** The server says 11 tokens in, 7 out; the batch price is half the catalog's. */
        double batchCostPerSample() {
            return 0.5 * (11 * in + 7 * out) / 1e6;
        }

        /** The path of the {@code n}-th batch this server creates, as the client polls it. */
        String pollPath(int n) {
            return this == ANTHROPIC ? "/messages/batches/msgbatch_" + n : "/batches/gb" + n;
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
        server = ProviderServer.start().answer(RunEndToEndTest.correct());
        fx = new BatchFixture(server, tmp, f.model, server.url(f.base), f.chatPath);
        return fx;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private List<ProviderServer.Request> batchRequests() {
        return server.requests().stream().filter(r -> r.path().contains("batch")).toList();
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void aBatchAnswersEverySampleAtHalfPriceWithNoOrdinaryRequest(Format f) throws IOException {
        start(f);
        Path out = tmp.resolve("run");
        Cli cli = fx.run(out, 10);
        assertEquals(0, cli.exit(), cli.err() + cli.out());
        assertEquals(1, fx.count("POST", f.createPath), "one batch created");
        assertEquals(1, server.batchCount());
        assertEquals(0, fx.chatRequests(), "no ordinary request");
        assertEquals(10, server.batchSubmitted().size());
        fx.assertNoDuplicateSubmission();
        assertTrue(fx.count("GET", f.pollPath(1)) >= 1, "polled");

        JsonNode s = summary(out);
        assertEquals(10, s.at("/counts/scored").asInt());
        assertEquals(1.0, s.at("/metrics/accuracy/value").asDouble());
        assertEquals(10, s.at("/usage/batch_samples").asInt());
        assertEquals(10 * f.batchCostPerSample(), s.at("/usage/cost_usd").asDouble(), 1e-12, "half the catalog price");
        String batchId = f == Format.ANTHROPIC ? "msgbatch_1" : "batches/gb1";
        for (JsonNode r : lines(out.resolve("samples.jsonl"))) {
            assertEquals(batchId, r.path("batch").asText(), r.toString());
            assertFalse(r.path("cached").asBoolean());
            assertEquals(f.batchCostPerSample(), r.path("cost_usd").asDouble(), 1e-12);
            assertEquals("stop", r.path("finish_reason").asText(), r.toString());
        }

        // The journal: the custom ids before the batch existed, then its id and states; custom id = response-cache key.
        List<JsonNode> batches = lines(out.resolve("batches.jsonl"));
        assertEquals("uploaded", batches.get(0).path("state").asText(), "journaled before the batch was created");
        assertNull(batches.get(0).get("batch"));
        assertEquals(f == Format.ANTHROPIC ? "ended" : "BATCH_STATE_SUCCEEDED", batches.get(batches.size() - 1).path("state").asText());
        Set<String> ids = new HashSet<>();
        batches.get(0).path("custom_ids").forEach(n -> ids.add(n.asText()));
        assertEquals(ids, new HashSet<>(server.batchSubmitted()));

        // The headers the synchronous client sends; the key nowhere in the run directory.
        for (ProviderServer.Request r : batchRequests()) {
            assertNull(r.header("Authorization"), r.path());
            if (f == Format.ANTHROPIC) {
                assertEquals(KEY, r.header("x-api-key"), r.path());
                assertEquals("2023-06-01", r.header("anthropic-version"), r.path());
            } else {
                assertEquals(KEY, r.header("x-goog-api-key"), r.path());
            }
        }
        try (var files = Files.walk(out)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(p).contains(KEY), "the key is in " + p);
            }
        }

        // The same cache, another run directory: every request a cache hit, nothing sent.
        long before = server.requestCount();
        Cli again = fx.run(tmp.resolve("again"), 10);
        assertEquals(0, again.exit(), again.err() + again.out());
        assertEquals(before, server.requestCount(), "a cache hit is never sent");
        assertEquals(10, summary(tmp.resolve("again")).at("/usage/cached_samples").asInt());
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

    @ParameterizedTest
    @EnumSource(Format.class)
    void killMinus9MidPollResumesTheSameBatchWithNoResubmission(Format f) throws Exception {
        start(f);
        server.batchPollsPerState(1_000_000);
        Path out = tmp.resolve("run");
        Path log = tmp.resolve("child.log");
        Process child = fx.child(out, 10, log);
        fx.awaitPolls(child, f.pollPath(1), 3, log);
        BatchFixture.kill9(child);
        assertEquals(1, server.batchCount());
        assertTrue(lines(out.resolve("samples.jsonl")).isEmpty());
        assertTrue(lines(out.resolve("batches.jsonl")).stream().anyMatch(b -> b.path("batch").asText().equals(f == Format.ANTHROPIC
                ? "msgbatch_1" : "batches/gb1")), "the batch id was journaled");

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
        JsonNode s = summary(out);
        assertEquals(10, s.at("/counts/scored").asInt());
        assertEquals(10, s.at("/usage/batch_samples").asInt());
        assertEquals(10 * f.batchCostPerSample(), s.at("/usage/cost_usd").asDouble(), 1e-12);
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
        JsonNode s = summary(out);
        assertEquals(10, s.at("/counts/scored").asInt());
        assertEquals(10, s.at("/usage/batch_samples").asInt());
        assertEquals(0, fx.chatRequests());
        assertEquals(10 * f.batchCostPerSample(), s.at("/usage/cost_usd").asDouble(), 1e-12, "an unfinished request costs nothing");
        String expired = f == Format.ANTHROPIC ? "ended" : "BATCH_STATE_EXPIRED";
        assertTrue(lines(out.resolve("batches.jsonl")).stream().anyMatch(b -> b.path("state").asText().equals(expired)));
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

    @ParameterizedTest
    @EnumSource(Format.class)
    void anErroredRequestIsAnErrorOfItsClassPerSampleAndNotResubmitted(Format f) throws IOException {
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
            assertTrue(r.path("error_message").asText().contains(f == Format.ANTHROPIC ? "invalid_request_error" : "code 3"), r.toString());
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
        Cli dry = fx.run(tmp.resolve("dry"), 10, "--dry-run");
        assertEquals(0, dry.exit(), dry.err() + dry.out());
        assertTrue(dry.out().matches("(?s).*batch +~\\$\\d+\\.\\d\\d typical at the batch price \\(50% of the catalog's\\), saving ~\\$.*"), dry.out());
        assertEquals(0, server.requestCount());
    }

    /**
     * The child dies after the provider created the batch but before its answer arrived (the id was never journaled):
     * the re-run finds it (Gemini by its display name; Anthropic, whose batches carry no name, by its size and creation
     * time, unclaimed by the journal) instead of creating another.
     */
    @ParameterizedTest
    @EnumSource(Format.class)
    void killMinus9BeforeTheBatchIdIsKnownFindsTheBatchAgain(Format f) throws Exception {
        start(f);
        server.script(new ProviderServer.Hang(60_000)); // the create: the batch is made, its answer never arrives
        Path out = tmp.resolve("run");
        Path log = tmp.resolve("child.log");
        Process child = fx.child(out, 6, log);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (server.batchCount() < 1 && System.nanoTime() < deadline && child.isAlive()) {
            Thread.sleep(10);
        }
        assertTrue(child.isAlive(), Files.readString(log));
        BatchFixture.kill9(child);
        List<JsonNode> journaled = lines(out.resolve("batches.jsonl"));
        assertEquals(1, journaled.size(), "only the staged requests were journaled");
        assertEquals("uploaded", journaled.get(0).path("state").asText());

        Cli resumed = fx.run(out, 6);
        assertEquals(0, resumed.exit(), resumed.err() + resumed.out());
        assertEquals(1, fx.count("POST", f.createPath), "the batch was found, not created again");
        assertEquals(6, server.batchSubmitted().size(), "resubmissions: 0");
        fx.assertNoDuplicateSubmission();
        System.out.printf("%s kill -9 before the batch id was known: %d requests in the ledger, %d created, %d custom ids for 6 samples"
                + " (resubmissions %d)%n", f, server.requestCount(), fx.count("POST", f.createPath), server.batchSubmitted().size(),
                server.batchSubmitted().size() - 6);
        assertEquals(6, summary(out).at("/counts/scored").asInt());
        assertEquals(6, summary(out).at("/usage/batch_samples").asInt());
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
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (server.batchCount() < 2 && System.nanoTime() < deadline && child.isAlive()) {
            Thread.sleep(10);
        }
        assertTrue(child.isAlive(), Files.readString(log));
        BatchFixture.kill9(child);

        Cli resumed = fx.run(out, 4);
        assertEquals(0, resumed.exit(), resumed.err() + resumed.out());
        assertEquals(2, fx.count("POST", "/messages/batches"), "the second batch was found, no third made");
        assertEquals(8, server.batchSubmitted().size(), "4, then the 4 the first batch never ran, once");
        JsonNode s = summary(out);
        assertEquals(4, s.at("/counts/scored").asInt());
        assertEquals(4, s.at("/usage/batch_samples").asInt());
        for (JsonNode r : lines(out.resolve("samples.jsonl"))) {
            assertEquals("msgbatch_2", r.path("batch").asText(), r.toString());
        }
    }

    @Test
    void geminiABatchThatFailsIsSubmittedAgain() throws IOException {
        start(Format.GEMINI);
        server.failNextBatchValidation();
        Path out = tmp.resolve("run");
        Cli cli = fx.run(out, 4);
        assertEquals(0, cli.exit(), cli.err() + cli.out());
        assertEquals(2, server.batchCount());
        assertEquals(8, server.batchSubmitted().size(), "the failed batch ran nothing: all 4 again, once");
        assertTrue(cli.err().contains(": BATCH_STATE_FAILED (0/4 done, 4 requests)"), cli.err());
        assertEquals(4, summary(out).at("/counts/scored").asInt());
    }
}
