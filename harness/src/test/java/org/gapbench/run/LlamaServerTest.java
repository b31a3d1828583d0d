package org.gapbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gapbench.io.Json;
import org.gapbench.model.resilient.RetryPolicy;
import org.gapbench.testing.TestSupport;
import org.gapbench.testing.TestSupport.Cli;
import org.gapbench.testkit.LlamaServer;
import org.gapbench.testkit.TinyLlama;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gapbench run} through the real command line against llama.cpp's real {@code llama-server}, not a server this
 * project wrote: the binary is built from the node-llama-cpp npm packages on the first run on a machine and reused
 * after ({@link LlamaServer#binary()}), and the model is a tiny GGUF of seeded random weights written by the test
 * ({@link TinyLlama}). Its answers are nonsense, so most tests check the road, not the score: usage and finish reasons
 * as the server counted them, streaming, a prompt longer than the context, the server's own deterministic HTTP 500,
 * a timeout that cancels a generation on the server, and a cached re-run that asks nothing. One more model answers
 * every prompt with a fixed text and stops: an answer that ends, scored right and wrong.
 *
 * <p>The Ollama provider is not tested here (there is no Ollama binary to be had): it stays tested against a
 * wire-format test server (testkit's ProviderServer).
 */
class LlamaServerTest {
    static final String KEY = System.getenv("GAPBENCH_TEST_KEY");
    static final long SEED = 18;
    /** llama-server's smallest context (it raises a smaller --ctx-size to this). */
    static final int SMALL_CONTEXT = 256;

    @TempDir
    static Path models;
    @TempDir
    Path tmp;

    /** The text model with a context the suite's prompts fit. */
    static LlamaServer text;
    /**
     * The same model with 256 tokens of context: every MGSM Japanese prompt is longer (the vocabulary has no Japanese
     * pieces, so each character is its three UTF-8 byte tokens).
     */
    static LlamaServer small;
    /** The model that emits invalid UTF-8, on which llama-server's chat parser answers HTTP 500. */
    static LlamaServer bytes;
    /** The text model with a context long enough for a generation that outlasts --timeout. */
    static LlamaServer long_;
    /** A model that answers every prompt with {@link #ANSWER} and stops. */
    static LlamaServer answering;
    /** Right for the first of the three GSM8K items the tests run (gold 18), wrong for the other two (70, 300). */
    static final String ANSWER = "The answer is \\boxed{18}.";

    @BeforeAll
    static void servers() {
        RunEndToEndTest.loadGold();
        long t0 = System.nanoTime();
        LlamaServer.binary();
        System.out.printf("llama-server: %s, in %d ms%n", LlamaServer.buildReport(), (System.nanoTime() - t0) / 1_000_000);
        t0 = System.nanoTime();
        Path textModel = TinyLlama.write(models.resolve("tiny-text.gguf"), SEED, TinyLlama.Output.TEXT);
        Path bytesModel = TinyLlama.write(models.resolve("tiny-bytes.gguf"), SEED, TinyLlama.Output.INVALID_UTF8);
        Path answeringModel = TinyLlama.writeAnswering(models.resolve("tiny-answering.gguf"), ANSWER);
        System.out.printf("tiny GGUF models written in %d ms, %d bytes each%n", (System.nanoTime() - t0) / 1_000_000, size(textModel));
        t0 = System.nanoTime();
        text = LlamaServer.start(textModel, 4096);
        small = LlamaServer.start(textModel, SMALL_CONTEXT);
        bytes = LlamaServer.start(bytesModel, 4096);
        long_ = LlamaServer.start(textModel, 32768);
        answering = LlamaServer.start(answeringModel, 4096);
        System.out.printf("five llama-servers started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    @AfterAll
    static void stop() {
        for (LlamaServer s : new LlamaServer[] {text, small, bytes, long_, answering}) {
            if (s != null) {
                s.close();
                assertFalse(s.alive(), "llama-server on port " + s.port() + " still runs");
            }
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Cli run(LlamaServer server, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--model", "openai-compatible:tiny-llama",
                "--base-url", server.baseUrl(), "--api-key-env", "GAPBENCH_TEST_KEY",
                "--data-dir", TestSupport.dataDir().toString(), "--progress", "none", "--retry-base-ms", "10", "--rpm", "0",
                "--out", out.toString()));
        List<String> given = List.of(extra);
        if (!given.contains("--suite")) {
            args.addAll(List.of("--suite", "gsm8k"));
        }
        if (!given.contains("--limit")) {
            args.addAll(List.of("--limit", "3"));
        }
        if (!given.contains("--max-tokens")) {
            args.addAll(List.of("--max-tokens", "16"));
        }
        args.addAll(given);
        return TestSupport.gapbench(args.toArray(String[]::new));
    }

    private static List<JsonNode> records(Path out) throws IOException {
        List<JsonNode> r = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("samples.jsonl"))) {
            r.add(Json.MAPPER.readTree(line));
        }
        return r;
    }

    /** The journal by item, without what may differ between two runs of one answer (latency). */
    private static Map<String, JsonNode> byItem(Path out) throws IOException {
        Map<String, JsonNode> m = new java.util.TreeMap<>();
        for (JsonNode r : records(out)) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) r).remove("latency_ms");
            m.put(r.get("item").asText(), r);
        }
        return m;
    }

    private static JsonNode summary(Path out) throws IOException {
        return Json.MAPPER.readTree(out.resolve("summary.json").toFile());
    }

    private static double promptTokens(Map<String, Double> m) {
        return m.get("prompt_tokens_total") + m.get("prompt_tokens_cached_total");
    }

    private static void assertNoKey(LlamaServer server, Cli cli, Path out) throws IOException {
        assertFalse((cli.out() + cli.err()).contains(KEY), "the key in the output");
        assertFalse(Files.readString(out.resolve("samples.jsonl")).contains(KEY), "the key in the journal");
        assertFalse(server.log().contains(KEY), "the key in the server's log");
    }

    /** A whole-answer round trip: the journal holds what the server counted (tokens in and out) and why it stopped. */
    @Test
    void aRoundTripJournalsTheServersUsageAndFinishReason() throws IOException {
        int before = text.completions();
        Map<String, Double> m0 = text.metrics();
        Path out = tmp.resolve("whole");
        Cli cli = run(text, out, "--no-cache", "--no-stream");
        assertEquals(0, cli.exit(), cli.err() + cli.out());
        assertEquals(3, text.completions() - before, "one request per sample reached the model");
        Map<String, Double> m1 = text.metrics();
        List<JsonNode> rs = records(out);
        assertEquals(3, rs.size());
        long in = 0;
        long outTokens = 0;
        for (JsonNode r : rs) {
            assertFalse(r.has("error"), r.toString());
            assertFalse(r.get("response").asText().isBlank(), r.toString());
            assertEquals("length", r.get("finish_reason").asText(), "the tiny model never emits </s>: cut at --max-tokens: " + r);
            assertEquals(16, r.get("tokens_out").asInt(), r.toString());
            assertTrue(r.get("tokens_in").asInt() > 100, "a GSM8K prompt, a token for most characters: " + r);
            assertEquals(0.0, r.at("/score/value").asDouble(), "nonsense is a wrong answer, not an error: " + r);
            in += r.get("tokens_in").asLong();
            outTokens += r.get("tokens_out").asLong();
        }
        assertEquals(promptTokens(m1) - promptTokens(m0), in, "tokens_in is the server's count of prompt tokens: " + m1);
        assertEquals(m1.get("tokens_predicted_total") - m0.get("tokens_predicted_total"), outTokens, "tokens_out is the server's count");
        JsonNode s = summary(out);
        assertEquals(3, s.at("/counts/scored").asInt(), s.toString());
        assertNoKey(text, cli, out);

        // at temperature 0 the server answers the same prompt alike
        Path again = tmp.resolve("again");
        assertEquals(0, run(text, again, "--no-cache", "--no-stream").exit());
        Map<String, JsonNode> first = byItem(out);
        Map<String, JsonNode> second = byItem(again);
        assertEquals(first.keySet(), second.keySet());
        first.forEach((item, r) -> assertEquals(r.get("response"), second.get(item).get("response"), item));
    }

    /** {@code --stream} against the real server journals what the whole answers do, usage from the stream included. */
    @Test
    void aStreamedRunJournalsWhatAWholeOneDoes() throws IOException {
        Path whole = tmp.resolve("whole");
        Path streamed = tmp.resolve("streamed");
        assertEquals(0, run(text, whole, "--no-cache", "--no-stream").exit());
        int before = text.completions();
        Cli cli = run(text, streamed, "--no-cache", "--stream");
        assertEquals(0, cli.exit(), cli.err() + cli.out());
        assertEquals(3, text.completions() - before);
        Map<String, JsonNode> a = byItem(whole);
        Map<String, JsonNode> b = byItem(streamed);
        assertEquals(3, b.size());
        assertEquals(a, b, "record for record, tokens and finish reason included");
        for (JsonNode r : b.values()) {
            assertTrue(r.get("tokens_in").asInt() > 0 && r.get("tokens_out").asInt() == 16 && r.get("finish_reason").asText().equals("length"), r.toString());
        }
        assertEquals(summary(whole).get("usage"), summary(streamed).get("usage"));
        assertNoKey(text, cli, streamed);
    }

    /**
     * A prompt longer than the context: llama-server answers HTTP 400 exceed_context_size_error. Each sample is a
     * recorded error of class bad_request with the server's words, asked once (another attempt cannot fit it), and
     * never a wrong answer.
     */
    @Test
    void aPromptLongerThanTheContextIsARecordedErrorNotAWrongAnswer() throws IOException {
        int before = small.completions();
        Path out = tmp.resolve("overflow");
        Cli cli = run(small, out, "--no-cache", "--suite", "mgsm-ja");
        assertEquals(3, cli.exit(), cli.err() + cli.out());
        assertEquals(3, small.completions() - before, "not retried");
        for (JsonNode r : records(out)) {
            assertEquals("bad_request", r.path("error").asText(), r.toString());
            assertTrue(r.path("error_message").asText().contains("HTTP 400"), r.toString());
            assertTrue(r.path("error_message").asText().contains("exceeds the available context size (" + SMALL_CONTEXT + " tokens)"), r.toString());
            assertTrue(r.path("error_message").asText().contains("exceed_context_size_error"), r.toString());
            assertEquals(1, r.path("attempts").asInt(), r.toString());
            assertFalse(r.has("score"), r.toString());
        }
        JsonNode s = summary(out);
        assertEquals(3, s.at("/errors_by_class/bad_request").asInt(), s.toString());
        assertEquals(0, s.at("/counts/scored").asInt(), "an error is never a wrong answer");
    }

    /**
     * A model that ends its answer: the server's text is journaled as it came, {@code finish_reason: stop} and the
     * server's token counts, whole and streamed alike, and it is scored right where it is right (item 517, gold 18)
     * and wrong elsewhere.
     */
    @Test
    void anAnswerThatEndsIsJournaledAsStoppedAndScored() throws IOException {
        for (String mode : List.of("--no-stream", "--stream")) {
            Path out = tmp.resolve("answering" + mode);
            int before = answering.completions();
            Map<String, Double> m0 = answering.metrics();
            Cli cli = run(answering, out, "--no-cache", mode);
            assertEquals(0, cli.exit(), cli.err() + cli.out());
            assertEquals(3, answering.completions() - before, mode);
            Map<String, Double> m1 = answering.metrics();
            Map<String, JsonNode> rs = byItem(out);
            assertEquals(3, rs.size(), mode);
            long outTokens = 0;
            for (JsonNode r : rs.values()) {
                assertEquals(ANSWER, r.path("response").asText(), mode + ": " + r);
                assertEquals("stop", r.path("finish_reason").asText(), mode + ": " + r);
                assertEquals("18", r.at("/score/answer").asText(), mode + ": " + r);
                assertEquals(5, r.get("tokens_out").asInt(), mode + ": four words and </s>: " + r);
                outTokens += r.get("tokens_out").asLong();
            }
            assertEquals(m1.get("tokens_predicted_total") - m0.get("tokens_predicted_total"), outTokens, mode + ": tokens_out is the server's count");
            System.out.printf("llama-server, a model that stops (%s): tokens_out %s%n", mode,
                    rs.values().stream().map(r -> r.get("tokens_out").asText()).toList());
            assertEquals(1.0, rs.get("517").at("/score/value").asDouble(), mode + ": " + rs.get("517"));
            assertEquals(0.0, rs.get("850").at("/score/value").asDouble(), mode + ": " + rs.get("850"));
            assertEquals(0.0, rs.get("1143").at("/score/value").asDouble(), mode + ": " + rs.get("1143"));
            JsonNode s = summary(out);
            assertEquals(3, s.at("/counts/scored").asInt(), s.toString());
        }
    }

    /**
     * The model emits invalid UTF-8; llama-server's chat parser fails on it with HTTP 500 "The model produced output
     * that does not match the expected peg-native format", the same every time at temperature 0 (issue 18). Whole or
     * streamed (where the 500 comes as an error event after the 200), it is asked {@link RetryPolicy#SAME_ERROR_LIMIT}
     * times, recorded as deterministic_error, and the run completes; a re-run asks nothing.
     */
    @Test
    void itsDeterministic500EndsTheRetriesWholeAndStreamed() throws IOException {
        for (String mode : List.of("--no-stream", "--stream")) {
            Path out = tmp.resolve("bytes" + mode);
            int before = bytes.completions();
            long t0 = System.nanoTime();
            Cli cli = run(bytes, out, "--no-cache", mode, "--max-attempts", "6");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            int asked = bytes.completions() - before;
            System.out.printf("llama-server's deterministic 500 (%s): 3 samples, %d requests, %d ms%n", mode, asked, ms);
            assertEquals(3, cli.exit(), cli.err() + cli.out());
            assertEquals(3 * RetryPolicy.SAME_ERROR_LIMIT, asked, mode + ": attempts before the error was taken as deterministic");
            for (JsonNode r : records(out)) {
                assertEquals("deterministic_error", r.path("error").asText(), mode + ": " + r);
                assertTrue(r.path("error_message").asText().contains("does not match the expected peg-native format"), r.toString());
                assertEquals(RetryPolicy.SAME_ERROR_LIMIT, r.path("attempts").asInt(), r.toString());
            }
            assertTrue(bytes.log().contains("unparsed peg-native output"), "the server's own account of the failure");
            JsonNode s = summary(out);
            assertEquals(3, s.at("/errors_by_class/deterministic_error").asInt(), s.toString());
            assertEquals(0, s.at("/counts/scored").asInt());
            assertTrue(cli.out().contains("--retry-errors asks again"), cli.out());

            Cli again = run(bytes, out, "--no-cache", mode, "--max-attempts", "6");
            assertEquals(3, again.exit(), again.err());
            assertEquals(3 * RetryPolicy.SAME_ERROR_LIMIT, bytes.completions() - before, mode + ": a plain re-run asked again");
        }
    }

    /**
     * A generation that would run for tens of seconds (30,000 tokens asked, the model never stops) is cut by
     * {@code --timeout 1}: a timeout error, and llama-server, seeing the connection close, cancels the generation, so
     * no slot stays busy and the next request is answered at once.
     */
    @Test
    void aTimeoutCancelsTheGenerationOnTheServer() throws IOException {
        Path out = tmp.resolve("timeout");
        int before = long_.completions();
        int released = long_.releases();
        int cancels = long_.logLines("cancel task");
        long t0 = System.nanoTime();
        Cli cli = run(long_, out, "--no-cache", "--limit", "1", "--max-tokens", "30000", "--timeout", "1", "--max-attempts", "1");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(3, cli.exit(), cli.err() + cli.out());
        assertEquals(1, long_.completions() - before);
        JsonNode r = records(out).get(0);
        assertEquals("timeout", r.path("error").asText(), r.toString());
        assertEquals("no complete response within 1 s (--timeout)", r.path("error_message").asText());
        assertTrue(ms < 15_000, "bounded by --timeout: " + ms + " ms");
        long t1 = System.nanoTime();
        // Left alone, the 30,000 tokens would take this machine's server 25 s or more (about 1,200 tokens/s at first,
        // slower as the context grows); the log's "cancel task" and the tokens the slot stopped at tell a cancelled
        // generation from a finished one. Nothing asks the server anything meanwhile (see LlamaServer.awaitReleases).
        boolean freed = long_.awaitReleases(released + 1, Duration.ofSeconds(10));
        long releasedMs = (System.nanoTime() - t1) / 1_000_000;
        String log = long_.log();
        assertTrue(freed, () -> "a slot is still generating for the abandoned request; the server's log ends:\n" + long_.logTail(25));
        assertEquals(cancels + 1, long_.logLines("cancel task"), () -> "llama-server did not cancel the task; its log ends:\n" + long_.logTail(25));
        assertFalse(long_.busy(), "a slot is processing after the release");
        Matcher stopped = Pattern.compile("stop processing: n_tokens = (\\d+)").matcher(log);
        int tokens = -1;
        while (stopped.find()) {
            tokens = Integer.parseInt(stopped.group(1)); // the last release: this request's
        }
        System.out.printf("--timeout 1 on a 30,000-token generation: the run took %d ms, the server's slot was released %d ms after,"
                + " at %d tokens%n", ms, releasedMs, tokens);
        assertTrue(tokens < 30_000, "the generation ran to its end: " + tokens + " tokens");

        // the slot is free: a short request (with -np 1 it would wait for the 30,000 tokens otherwise) is answered
        long t2 = System.nanoTime();
        Cli next = run(long_, tmp.resolve("next"), "--no-cache", "--limit", "1", "--max-tokens", "4", "--timeout", "10");
        assertEquals(0, next.exit(), next.err() + next.out());
        assertTrue((System.nanoTime() - t2) / 1_000_000 < 10_000);
        assertEquals(4, records(tmp.resolve("next")).get(0).get("tokens_out").asInt());
    }

    /**
     * Streamed, an abandoned generation is cancelled even while other requests keep the server busy: llama-server
     * stops at the first token it cannot write. (Whole, it would not be: its handler looks for the closed connection
     * only after a quiet second, and here /slots is asked every 50 ms; see {@link LlamaServer#awaitReleases}.)
     */
    @Test
    void aStreamedTimeoutFreesTheSlotWhileOtherRequestsFlow() throws Exception {
        Path out = tmp.resolve("streamed-timeout");
        int released = long_.releases();
        AtomicBoolean polling = new AtomicBoolean(true);
        Thread traffic = new Thread(() -> {
            while (polling.get()) {
                long_.busy();
                sleepQuietly(50);
            }
        }, "slots-poller");
        traffic.start();
        try {
            long t0 = System.nanoTime();
            Cli cli = run(long_, out, "--no-cache", "--stream", "--limit", "1", "--max-tokens", "30000", "--timeout", "1.5",
                    "--max-attempts", "1");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(3, cli.exit(), cli.err() + cli.out());
            assertEquals("timeout", records(out).get(0).path("error").asText());
            long t1 = System.nanoTime();
            boolean cancelled = long_.awaitReleases(released + 1, Duration.ofSeconds(5));
            assertTrue(cancelled, () -> "the streamed generation went on under other traffic; the server's log ends:\n" + long_.logTail(25));
            System.out.printf("--stream --timeout 1.5 under /slots traffic every 50 ms: the run took %d ms, the slot was released %d ms after%n",
                    ms, (System.nanoTime() - t1) / 1_000_000);
        } finally {
            polling.set(false);
            traffic.join();
        }
    }

    /** A re-run from the cache makes no request: the server's log and its token counters do not move. */
    @Test
    void aCachedReRunAsksTheServerNothing() throws IOException {
        String cache = tmp.resolve("cache.sqlite").toString();
        int before = text.completions();
        Cli first = run(text, tmp.resolve("first"), "--cache", cache);
        assertEquals(0, first.exit(), first.err() + first.out());
        assertEquals(3, text.completions() - before);
        int afterFirst = text.completions();
        Map<String, Double> m0 = text.metrics();
        Cli again = run(text, tmp.resolve("again"), "--cache", cache);
        assertEquals(0, again.exit(), again.err() + again.out());
        int asked = text.completions() - afterFirst;
        System.out.printf("cached re-run against llama-server: %d requests%n", asked);
        assertEquals(0, asked, "the cached re-run reached the model");
        Map<String, Double> m1 = text.metrics();
        assertEquals(promptTokens(m0), promptTokens(m1));
        assertEquals(m0.get("tokens_predicted_total"), m1.get("tokens_predicted_total"));
        List<JsonNode> rs = records(tmp.resolve("again"));
        assertEquals(3, rs.size());
        assertTrue(rs.stream().allMatch(r -> r.get("cached").asBoolean()), rs.toString());
        Map<String, JsonNode> a = byItem(tmp.resolve("first"));
        byItem(tmp.resolve("again")).forEach((item, r) -> assertEquals(a.get(item).get("response"), r.get("response"), item));
        assertNotEquals(0, summary(tmp.resolve("again")).at("/counts/scored").asInt());
    }
}
