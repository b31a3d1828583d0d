package org.gapbench.model.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gapbench.dataset.Item;
import org.gapbench.model.Catalog;
import org.gapbench.model.ChatClient;
import org.gapbench.model.ErrorClass;
import org.gapbench.model.GenerationParams;
import org.gapbench.model.Message;
import org.gapbench.model.ModelCallException;
import org.gapbench.model.ModelRequest;
import org.gapbench.model.ModelResponse;
import org.gapbench.model.ModelTarget;
import org.gapbench.testkit.ProviderServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Streamed answers (server-sent events) on the OpenAI and Anthropic wire formats, against the real 127.0.0.1 test
 * server: the same {@link ModelResponse} as the answer sent whole, and every bound of the exchange (timeout, idle
 * timeout, size cap, Retry-After, abort) and error class kept.
 */
class StreamingWireTest {
    static final String KEY = System.getenv("GAPBENCH_TEST_KEY");
    static final GenerationParams PARAMS = new GenerationParams(0.3, 321, null, 7);
    static final ModelRequest REQUEST = new ModelRequest(new Item("q1", Map.of()),
            List.of(Message.system("Be brief."), Message.user("What is 6*7?")), PARAMS, 0);

    ProviderServer server;

    @BeforeEach
    void start() {
        server = ProviderServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ChatClient open(String spec, String basePath, StreamMode mode, ResponseBounds bounds) {
        return open(spec, basePath, mode, bounds, PARAMS);
    }

    private ChatClient open(String spec, String basePath, StreamMode mode, ResponseBounds bounds, GenerationParams params) {
        return Providers.open(ModelTarget.resolve(spec, Catalog.empty(), server.url(basePath), "GAPBENCH_TEST_KEY", null), params,
                item -> "unused", bounds, mode);
    }

    private ChatClient streamed(String spec, String basePath) {
        return open(spec, basePath, StreamMode.ON, ResponseBounds.of(Duration.ofSeconds(10)));
    }

    private static void assertSameAnswer(ModelResponse whole, ModelResponse streamed) {
        assertEquals(whole.text(), streamed.text());
        assertEquals(whole.reasoning(), streamed.reasoning());
        assertEquals(whole.inputTokens(), streamed.inputTokens());
        assertEquals(whole.outputTokens(), streamed.outputTokens());
        assertEquals(whole.reasoningTokens(), streamed.reasoningTokens());
        assertEquals(whole.finishReason(), streamed.finishReason());
        assertEquals(whole.model(), streamed.model());
    }

    @Test
    void openAiStreamGivesTheSameAnswerUsageAndReasoningAsTheWholeBody() throws Exception {
        server.reasoning("6 times 7 is 42, as everyone knows");
        server.answer(r -> "Multiplying: 6 × 7 = 42, so the answer is \\boxed{42}. 答え：42");
        ModelResponse whole = open("deepseek:deepseek-reasoner", "/v1", StreamMode.OFF, ResponseBounds.of(Duration.ofSeconds(10))).complete(REQUEST);
        ModelResponse streamed = streamed("deepseek:deepseek-reasoner", "/v1").complete(REQUEST);
        assertSameAnswer(whole, streamed);
        assertEquals("Multiplying: 6 × 7 = 42, so the answer is \\boxed{42}. 答え：42", streamed.text());
        assertEquals("6 times 7 is 42, as everyone knows", streamed.reasoning(), "reasoning_content deltas are kept apart from the answer");
        assertEquals(11, streamed.inputTokens());
        assertEquals(7, streamed.outputTokens());
        assertEquals(3, streamed.reasoningTokens());
        assertEquals("stop", streamed.finishReason());
        assertEquals("deepseek-reasoner-2025-01-01", streamed.model());
        var first = server.requests().get(0).body();
        var second = server.requests().get(1).body();
        assertFalse(first.path("stream").asBoolean(false));
        assertTrue(second.get("stream").asBoolean());
        assertTrue(second.path("stream_options").path("include_usage").asBoolean(), "usage is asked of the stream");
        for (String field : List.of("model", "messages", "temperature", "max_tokens", "seed")) {
            assertEquals(first.get(field), second.get(field), "the same request, streamed: " + field);
        }
        assertEquals("Bearer " + KEY, server.requests().get(1).header("Authorization"));
        assertEquals(1, server.streamedCount());
    }

    @Test
    void anthropicStreamKeepsThinkingApartAndReadsUsageFromMessageDelta() throws Exception {
        server.reasoning("thinking hard about six sevens");
        ModelResponse whole = open("anthropic:claude-test", "/v1/", StreamMode.OFF, ResponseBounds.of(Duration.ofSeconds(10))).complete(REQUEST);
        ModelResponse streamed = streamed("anthropic:claude-test", "/v1/").complete(REQUEST);
        assertSameAnswer(whole, streamed);
        assertEquals("The answer is \\boxed{42}.", streamed.text());
        assertEquals("thinking hard about six sevens", streamed.reasoning(), "thinking_delta is kept apart from the answer");
        assertEquals(11, streamed.inputTokens(), "from message_start");
        assertEquals(7, streamed.outputTokens(), "from message_delta");
        assertEquals("stop", streamed.finishReason());
        ProviderServer.Request req = server.requests().get(1);
        assertEquals("/v1/messages", req.path());
        assertTrue(req.body().get("stream").asBoolean());
        assertEquals(KEY, req.header("x-api-key"));
        assertEquals(321, req.body().get("max_tokens").asInt());
    }

    @Test
    void theTokenLimitIsLengthOnBothStreams() throws Exception {
        server.cutOff(r -> true);
        assertEquals("length", streamed("openai:gpt-test", "/v1").complete(REQUEST).finishReason());
        assertEquals("length", streamed("anthropic:claude-test", "/v1/").complete(REQUEST).finishReason());
    }

    /** A stream that stops sending midway is cut by the idle timeout, long before the overall timeout. */
    @Test
    void aStreamThatStallsIsCutByTheIdleTimeout() {
        for (String[] wire : new String[][] {{"openai:gpt-test", "/v1"}, {"anthropic:claude-test", "/v1/"}}) {
            server.script(new ProviderServer.StallStream(3));
            ChatClient c = open(wire[0], wire[1], StreamMode.ON, new ResponseBounds(Duration.ofSeconds(30), 1 << 20, Duration.ofMillis(500)));
            long t0 = System.nanoTime();
            ModelCallException e = assertThrows(ModelCallException.class, () -> c.complete(REQUEST));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("%s: a stalled stream was cut after %d ms (idle timeout 500 ms, timeout 30 s)%n", wire[0], ms);
            assertEquals(ErrorClass.TIMEOUT, e.errorClass(), e.getMessage());
            assertTrue(e.errorClass().retryable());
            assertEquals("the stream sent nothing for 0.5 s (--stream-idle-timeout)", e.getMessage());
            assertTrue(ms >= 450 && ms < 3000, "cut at the idle timeout: " + ms + " ms");
        }
    }

    /** The idle timeout is between chunks: a slow stream whose chunks keep coming outlasts it. */
    @Test
    void aSlowStreamThatKeepsSendingIsNotCut() throws Exception {
        server.streamEvery(150);
        ChatClient c = open("openai:gpt-test", "/v1", StreamMode.ON, new ResponseBounds(Duration.ofSeconds(30), 1 << 20, Duration.ofMillis(600)));
        long t0 = System.nanoTime();
        assertEquals("The answer is \\boxed{42}.", c.complete(REQUEST).text());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms > 1200, "the stream lasted longer than the idle timeout: " + ms + " ms");
    }

    /** --timeout still bounds the whole streamed answer, however lively the stream. */
    @Test
    void theOverallTimeoutBoundsALivelyStream() {
        server.streamEvery(100);
        ChatClient c = open("anthropic:claude-test", "/v1/", StreamMode.ON, new ResponseBounds(Duration.ofMillis(700), 1 << 20, Duration.ofSeconds(30)));
        long t0 = System.nanoTime();
        ModelCallException e = assertThrows(ModelCallException.class, () -> c.complete(REQUEST));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(ErrorClass.TIMEOUT, e.errorClass(), e.getMessage());
        assertEquals("no complete response within 0.7 s (--timeout)", e.getMessage());
        assertTrue(ms >= 650 && ms < 3000, ms + " ms");
    }

    @Test
    void anEndlessStreamIsCutAtTheSizeCap() {
        for (String[] wire : new String[][] {{"openai:gpt-test", "/v1"}, {"anthropic:claude-test", "/v1/"}}) {
            server.script(new ProviderServer.EndlessStream());
            ChatClient c = open(wire[0], wire[1], StreamMode.ON, new ResponseBounds(Duration.ofSeconds(20), 1 << 20, Duration.ofSeconds(20)));
            long t0 = System.nanoTime();
            ModelCallException e = assertThrows(ModelCallException.class, () -> c.complete(REQUEST));
            assertEquals(ErrorClass.RESPONSE_TOO_LARGE, e.errorClass(), e.getMessage());
            assertEquals("the response exceeded 1 MiB (--max-response-mb)", e.getMessage());
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 10_000, "cut at the cap, not at the timeout");
        }
    }

    @Test
    void aRateLimitOnAStreamedRequestKeepsRetryAfter() {
        server.script(new ProviderServer.Status(429, "{\"error\":{\"message\":\"slow down\"}}", Map.of("Retry-After", "3")),
                new ProviderServer.Status(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow\"}}", Map.of("Retry-After", "2")));
        ModelCallException e = assertThrows(ModelCallException.class, () -> streamed("openai:gpt-test", "/v1").complete(REQUEST));
        assertEquals(ErrorClass.RATE_LIMITED, e.errorClass());
        assertEquals(Duration.ofSeconds(3), e.retryAfter());
        ModelCallException a = assertThrows(ModelCallException.class, () -> streamed("anthropic:claude-test", "/v1/").complete(REQUEST));
        assertEquals(ErrorClass.RATE_LIMITED, a.errorClass());
        assertEquals(Duration.ofSeconds(2), a.retryAfter());
        assertEquals(2, server.requests().size(), "no retries inside the client");
    }

    /** HTTP errors of a streamed request are classified as the whole body's are, and the key is redacted. */
    @Test
    void httpErrorsOfAStreamedRequestAreClassified() {
        server.script(new ProviderServer.Status(500, "{\"error\":\"boom\"}", Map.of()),
                new ProviderServer.Status(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}", Map.of()),
                new ProviderServer.Status(400, "{\"error\":{\"message\":\"bad\"}}", Map.of()));
        ChatClient c = streamed("openai:gpt-test", "/v1");
        assertEquals(ErrorClass.SERVER_ERROR, assertThrows(ModelCallException.class, () -> c.complete(REQUEST)).errorClass());
        ModelCallException auth = assertThrows(ModelCallException.class, () -> c.complete(REQUEST));
        assertEquals(ErrorClass.AUTHENTICATION, auth.errorClass());
        assertFalse(auth.getMessage().contains(KEY), auth.getMessage());
        assertEquals(ErrorClass.BAD_REQUEST, assertThrows(ModelCallException.class, () -> c.complete(REQUEST)).errorClass());
    }

    /**
     * Errors that arrive inside a 200 stream: Anthropic's error event (overloaded), an OpenAI-compatible server's
     * error chunk, a chunk that is not JSON, and a stream that ends before its last event. None is an answer.
     */
    @Test
    void errorsInsideTheStreamAreNeverAnswers() {
        String start = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"c\",\"content\":[],\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"The ans\"}}\n\n";
        server.script(new ProviderServer.Malformed(start + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                        + "\"message\":\"Overloaded, key " + KEY + "\"}}\n\n"),
                new ProviderServer.Malformed(start));
        ChatClient anthropic = streamed("anthropic:claude-test", "/v1/");
        ModelCallException overloaded = assertThrows(ModelCallException.class, () -> anthropic.complete(REQUEST));
        assertEquals(ErrorClass.SERVER_ERROR, overloaded.errorClass(), overloaded.getMessage());
        assertTrue(overloaded.getMessage().startsWith("the stream reported an error: "), overloaded.getMessage());
        assertFalse(overloaded.getMessage().contains(KEY), overloaded.getMessage());
        ModelCallException cut = assertThrows(ModelCallException.class, () -> anthropic.complete(REQUEST));
        assertEquals(ErrorClass.MALFORMED_RESPONSE, cut.errorClass(), cut.getMessage());

        String chunk = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"The ans\"},\"finish_reason\":null}]}\n\n";
        server.script(new ProviderServer.Malformed(chunk + "data: {\"error\":{\"message\":\"rate limit reached\",\"type\":\"rate_limit_exceeded\"}}\n\n"),
                new ProviderServer.Malformed(chunk + "data: {\"choices\": [oops\n\n"),
                new ProviderServer.Malformed(chunk + "data: [DONE]\n\n"),
                // llama-server's error event states the status it would have answered unstreamed
                new ProviderServer.Malformed(chunk + "data: {\"error\":{\"code\":500,\"message\":\"The model produced output that does not"
                        + " match the expected peg-native format\",\"type\":\"server_error\"}}\n\n"));
        ChatClient openAi = streamed("openai:gpt-test", "/v1");
        assertEquals(ErrorClass.RATE_LIMITED, assertThrows(ModelCallException.class, () -> openAi.complete(REQUEST)).errorClass());
        assertEquals(ErrorClass.MALFORMED_RESPONSE, assertThrows(ModelCallException.class, () -> openAi.complete(REQUEST)).errorClass());
        ModelCallException noFinish = assertThrows(ModelCallException.class, () -> openAi.complete(REQUEST));
        assertEquals(ErrorClass.MALFORMED_RESPONSE, noFinish.errorClass());
        assertEquals("the stream ended without a finish reason", noFinish.getMessage());
        ModelCallException llama = assertThrows(ModelCallException.class, () -> openAi.complete(REQUEST));
        assertEquals(ErrorClass.SERVER_ERROR, llama.errorClass(), llama.getMessage());
        assertEquals(500, llama.httpStatus(), "the status the event states, so a repeat of it can be deterministic");
        assertEquals(0, overloaded.httpStatus(), "an error event that states no status has none");
    }

    /** A content filter and a refusal arrive in a stream as they do in a whole body: outcomes of their own. */
    @Test
    void filtersAndRefusalsInAStreamAreRecognised() throws Exception {
        String head = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,";
        server.script(new ProviderServer.Malformed(head + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n"
                        + head + "\"delta\":{},\"finish_reason\":\"content_filter\"}]}\n\ndata: [DONE]\n\n"),
                new ProviderServer.Malformed(head + "\"delta\":{\"role\":\"assistant\",\"content\":null,\"refusal\":\"\"},\"finish_reason\":null}]}\n\n"
                        + head + "\"delta\":{\"refusal\":\"I can't \"},\"finish_reason\":null}]}\n\n"
                        + head + "\"delta\":{\"refusal\":\"help with that.\"},\"finish_reason\":null}]}\n\n"
                        + head + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"));
        ChatClient c = streamed("openai:gpt-test", "/v1");
        ModelResponse filtered = c.complete(REQUEST);
        assertTrue(filtered.refused());
        assertEquals(ModelResponse.CONTENT_FILTER, filtered.finishReason());
        ModelCallException refusal = assertThrows(ModelCallException.class, () -> c.complete(REQUEST));
        assertEquals(ErrorClass.CONTENT_FILTERED, refusal.errorClass());
        assertEquals(ModelResponse.REFUSAL, refusal.finishReason());
        assertEquals("I can't help with that.", refusal.getMessage());
    }

    /** A reset connection, and a port nobody listens on, fail a streamed request as they fail a whole one. */
    @Test
    void connectionFailuresOfAStreamSayTheirCause() throws Exception {
        server.script(new ProviderServer.Reset());
        ModelCallException reset = assertThrows(ModelCallException.class, () -> streamed("openai:gpt-test", "/v1").complete(REQUEST));
        assertEquals(ErrorClass.CONNECTION, reset.errorClass(), reset.getMessage());
        assertFalse(reset.unreachable());
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ModelCallException refused = assertThrows(ModelCallException.class, () -> Providers.open(ModelTarget.resolve("anthropic:claude-test",
                Catalog.empty(), "http://127.0.0.1:" + port + "/v1/", "GAPBENCH_TEST_KEY", null), PARAMS, item -> "unused",
                ResponseBounds.of(Duration.ofSeconds(2)), StreamMode.ON).complete(REQUEST));
        assertTrue(refused.unreachable());
        assertEquals("connection refused", refused.getMessage());
    }

    /** Stopping a run abandons a stream in flight at once. */
    @Test
    void abortEndsAStreamInFlightAtOnce() throws Exception {
        server.script(new ProviderServer.StallStream(2));
        ChatClient c = open("openai:gpt-test", "/v1", StreamMode.ON, ResponseBounds.of(Duration.ofSeconds(60)));
        ProviderWireTest.assertAbortEndsTheCallInFlight(c, REQUEST, server);
    }

    /** The default streams only Anthropic requests above 21,333 max_tokens, which Anthropic requires to be streamed. */
    @Test
    void theDefaultStreamsOnlyLongAnthropicRequests() throws Exception {
        ResponseBounds b = ResponseBounds.of(Duration.ofSeconds(10));
        GenerationParams longAnswer = new GenerationParams(0.0, 32_000, null, null);
        open("anthropic:claude-test", "/v1/", StreamMode.AUTO, b, longAnswer).complete(REQUEST);
        open("anthropic:claude-test", "/v1/", StreamMode.AUTO, b, new GenerationParams(0.0, 21_333, null, null)).complete(REQUEST);
        open("anthropic:claude-test", "/v1/", StreamMode.AUTO, b, PARAMS).complete(REQUEST);
        open("openai:gpt-test", "/v1", StreamMode.AUTO, b, longAnswer).complete(REQUEST);
        open("anthropic:claude-test", "/v1/", StreamMode.OFF, b, longAnswer).complete(REQUEST);
        open("gemini:gemini-test", "/v1beta", StreamMode.ON, b, PARAMS).complete(REQUEST);
        List<Boolean> streamed = server.requests().stream().map(r -> r.body().path("stream").asBoolean(false)).toList();
        assertEquals(List.of(true, false, false, false, false, false), streamed);
    }
}
