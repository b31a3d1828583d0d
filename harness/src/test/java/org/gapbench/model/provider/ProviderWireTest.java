package org.gapbench.model.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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

/** One real HTTP round trip per wire format, with the request shape checked, and every failure classified. */
class ProviderWireTest {
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

    private ChatClient open(String spec, String basePath) {
        return Providers.open(ModelTarget.resolve(spec, Catalog.empty(), server.url(basePath), "GAPBENCH_TEST_KEY", null), PARAMS, item -> "unused", ResponseBounds.of(Duration.ofSeconds(5)));
    }

    @Test
    void openAiRoundTripSendsKeyModelAndParameters() throws Exception {
        ModelResponse r = open("openai:gpt-test", "/v1").complete(REQUEST);
        assertEquals("The answer is \\boxed{42}.", r.text());
        assertEquals(11, r.inputTokens());
        assertEquals(7, r.outputTokens());
        ProviderServer.Request req = server.requests().get(0);
        assertEquals("/v1/chat/completions", req.path());
        assertEquals("Bearer " + KEY, req.header("Authorization"));
        assertEquals("gpt-test", req.body().get("model").asText());
        assertEquals(0.3, req.body().get("temperature").asDouble());
        assertEquals(321, req.body().has("max_tokens") ? req.body().get("max_tokens").asInt() : req.body().get("max_completion_tokens").asInt());
        assertEquals(7, req.body().get("seed").asInt());
        assertEquals("system", req.body().get("messages").get(0).get("role").asText());
        assertEquals("What is 6*7?", req.userText());
    }

    @Test
    void openAiReasoningModelsGetMaxCompletionTokensAndNoTemperature() throws Exception {
        open("openai:o3-mini", "/v1").complete(REQUEST);
        var body = server.requests().get(0).body();
        assertEquals(321, body.get("max_completion_tokens").asInt());
        assertFalse(body.has("max_tokens"));
        assertFalse(body.has("temperature"));
    }

    @Test
    void openAiCompatibleProfilesKeepReasoningApart() throws Exception {
        server.reasoning("6 times 7 is 42");
        ModelResponse r = open("deepseek:deepseek-reasoner", "/v1").complete(REQUEST);
        assertEquals("The answer is \\boxed{42}.", r.text());
        assertEquals("6 times 7 is 42", r.reasoning());
        assertEquals(3, r.reasoningTokens());
    }

    @Test
    void inlineThinkBlocksAreSeparatedFromTheAnswer() throws Exception {
        server.answer(q -> "<think>multiply</think>\n\\boxed{42}");
        ModelResponse r = open("vllm:qwen3", "/v1").complete(REQUEST);
        assertEquals("\\boxed{42}", r.text());
        assertEquals("multiply", r.reasoning());
    }

    /** Each wire format's way of saying "cut by the token limit" arrives as one finish reason, which the checker reads. */
    @Test
    void everyWireFormatReportsTheTokenLimitAsLength() throws Exception {
        server.cutOff(r -> true);
        assertEquals("length", open("openai:gpt-test", "/v1").complete(REQUEST).finishReason());
        assertEquals("length", open("anthropic:claude-test", "/v1/").complete(REQUEST).finishReason());
        assertEquals("length", open("gemini:gemini-test", "/v1beta").complete(REQUEST).finishReason());
        assertEquals("length", open("ollama:llama3", "").complete(REQUEST).finishReason());
        server.cutOff(r -> false);
        assertEquals("stop", open("openai:gpt-test", "/v1").complete(REQUEST).finishReason());
    }

    @Test
    void anthropicRoundTrip() throws Exception {
        server.reasoning("thinking hard");
        ModelResponse r = open("anthropic:claude-test", "/v1/").complete(REQUEST);
        assertEquals("The answer is \\boxed{42}.", r.text());
        assertEquals("thinking hard", r.reasoning());
        ProviderServer.Request req = server.requests().get(0);
        assertEquals("/v1/messages", req.path());
        assertEquals(KEY, req.header("x-api-key"));
        assertNotNull(req.header("anthropic-version"));
        assertEquals("claude-test", req.body().get("model").asText());
        assertEquals(321, req.body().get("max_tokens").asInt());
        assertEquals("Be brief.", req.body().get("system").isArray() ? req.body().get("system").get(0).get("text").asText()
                : req.body().get("system").asText());
    }

    @Test
    void geminiRoundTrip() throws Exception {
        ModelResponse r = open("gemini:gemini-test", "/v1beta").complete(REQUEST);
        assertEquals("The answer is \\boxed{42}.", r.text());
        ProviderServer.Request req = server.requests().get(0);
        assertTrue(req.path().startsWith("/v1beta/models/gemini-test:generateContent"), req.path());
        assertTrue(KEY.equals(req.header("x-goog-api-key")) || req.path().contains("key="), "the key travels in header or query");
        assertEquals(321, req.body().path("generationConfig").path("maxOutputTokens").asInt());
        assertEquals(0.3, req.body().path("generationConfig").path("temperature").asDouble());
    }

    @Test
    void ollamaRoundTripNeedsNoKey() throws Exception {
        ModelResponse r = open("ollama:llama3", "").complete(REQUEST);
        assertEquals("The answer is \\boxed{42}.", r.text());
        ProviderServer.Request req = server.requests().get(0);
        assertEquals("/api/chat", req.path());
        assertEquals("llama3", req.body().get("model").asText());
        assertEquals(321, req.body().path("options").path("num_predict").asInt());
    }

    @Test
    void rateLimitKeepsRetryAfter() {
        server.script(new ProviderServer.Status(429, "{\"error\":{\"message\":\"slow down\"}}", Map.of("Retry-After", "3")));
        ModelCallException e = assertThrows(ModelCallException.class, () -> open("openai:gpt-test", "/v1").complete(REQUEST));
        assertEquals(ErrorClass.RATE_LIMITED, e.errorClass());
        assertEquals(Duration.ofSeconds(3), e.retryAfter());
        assertEquals(1, server.requests().size(), "LangChain4j's own retries are off");
    }

    @Test
    void failuresAreClassified() {
        server.script(new ProviderServer.Status(500, "{\"error\":\"boom\"}", Map.of()),
                new ProviderServer.Status(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}", Map.of()),
                new ProviderServer.Status(400, "{\"error\":{\"message\":\"bad\"}}", Map.of()),
                new ProviderServer.Malformed("{\"choices\": [ this is not json"));
        ChatClient c = open("openai:gpt-test", "/v1");
        assertEquals(ErrorClass.SERVER_ERROR, assertThrows(ModelCallException.class, () -> c.complete(REQUEST)).errorClass());
        ModelCallException auth = assertThrows(ModelCallException.class, () -> c.complete(REQUEST));
        assertEquals(ErrorClass.AUTHENTICATION, auth.errorClass());
        assertFalse(auth.getMessage().contains(KEY), "the key is redacted from error messages: " + auth.getMessage());
        assertEquals(ErrorClass.BAD_REQUEST, assertThrows(ModelCallException.class, () -> c.complete(REQUEST)).errorClass());
        assertEquals(ErrorClass.MALFORMED_RESPONSE, assertThrows(ModelCallException.class, () -> c.complete(REQUEST)).errorClass());
    }

    @Test
    void aHangingServerTimesOut() {
        server.script(new ProviderServer.Hang(3000));
        ChatClient c = Providers.open(ModelTarget.resolve("openai:gpt-test", Catalog.empty(), server.url("/v1"), "GAPBENCH_TEST_KEY", null), PARAMS, item -> "unused", ResponseBounds.of(Duration.ofMillis(300)));
        assertEquals(ErrorClass.TIMEOUT, assertThrows(ModelCallException.class, () -> c.complete(REQUEST)).errorClass());
    }

    private ChatClient open(ResponseBounds bounds) {
        return Providers.open(ModelTarget.resolve("openai:gpt-test", Catalog.empty(), server.url("/v1"), "GAPBENCH_TEST_KEY", null),
                PARAMS, item -> "unused", bounds);
    }

    /** --timeout bounds the whole exchange: a body that trickles one byte every 100 ms after its headers ends at 0.5 s. */
    @Test
    void aBodyThatStallsAfterItsHeadersTimesOutAtTheDeadline() {
        server.script(new ProviderServer.Stall(100));
        ChatClient c = open(ResponseBounds.of(Duration.ofMillis(500)));
        long t0 = System.nanoTime();
        ModelCallException e = assertThrows(ModelCallException.class, () -> c.complete(REQUEST));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(ErrorClass.TIMEOUT, e.errorClass(), e.getMessage());
        assertTrue(ms >= 450 && ms < 3000, "ended at the deadline, not later: " + ms + " ms");
        assertEquals("no complete response within 0.5 s (--timeout)", e.getMessage());
    }

    /** A body that never ends is cut at the size cap, with an error class of its own, holding no more than the cap. */
    @Test
    void anEndlessBodyIsCutAtTheSizeCap() {
        server.script(new ProviderServer.Endless(64 * 1024));
        ChatClient c = open(new ResponseBounds(Duration.ofSeconds(20), 1 << 20));
        long t0 = System.nanoTime();
        ModelCallException e = assertThrows(ModelCallException.class, () -> c.complete(REQUEST));
        assertEquals(ErrorClass.RESPONSE_TOO_LARGE, e.errorClass(), e.getMessage());
        assertEquals("the response exceeded 1 MiB (--max-response-mb)", e.getMessage());
        assertFalse(e.errorClass().retryable());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 10_000, "cut at once, not at the timeout");
    }

    @Test
    void aSlowButFinishedBodyIsAnAnswer() throws Exception {
        server.script(new ProviderServer.SlowBody(64, 5));
        assertEquals("The answer is \\boxed{42}.", open(ResponseBounds.of(Duration.ofSeconds(10))).complete(REQUEST).text());
    }

    /** A closed connection, and a port nobody listens on, are connection errors that say what happened. */
    @Test
    void connectionFailuresSayTheirCauseNotTheExceptionClass() {
        server.script(new ProviderServer.Reset());
        ModelCallException reset = assertThrows(ModelCallException.class, () -> open(ResponseBounds.of(Duration.ofSeconds(5))).complete(REQUEST));
        assertEquals(ErrorClass.CONNECTION, reset.errorClass());
        assertFalse(reset.unreachable(), "something was there to connect to");
        assertFalse(reset.getMessage().contains("Exception"), reset.getMessage());
        int port = closedPort();
        ModelCallException refused = assertThrows(ModelCallException.class, () -> Providers.open(ModelTarget.resolve("openai:gpt-test",
                Catalog.empty(), "http://127.0.0.1:" + port + "/v1", "GAPBENCH_TEST_KEY", null), PARAMS, item -> "unused",
                ResponseBounds.of(Duration.ofSeconds(2))).complete(REQUEST));
        assertTrue(refused.unreachable());
        assertEquals("connection refused", refused.getMessage());
    }

    /** Stopping a run abandons the calls in flight at once: they end as STOPPED (their samples stay to do). */
    @Test
    void abortEndsACallInFlightAtOnce() throws Exception {
        server.script(new ProviderServer.Stall(100));
        ChatClient c = open(ResponseBounds.of(Duration.ofSeconds(60)));
        assertAbortEndsTheCallInFlight(c, REQUEST, server);
    }

    /** {@code request} sent through {@code c} and, once {@code server} has it, abandoned: it ends as STOPPED within 2 s. */
    static void assertAbortEndsTheCallInFlight(ChatClient c, ModelRequest request, ProviderServer server) throws Exception {
        java.util.concurrent.CompletableFuture<ModelCallException> call = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                c.complete(request);
                return null;
            } catch (ModelCallException e) {
                return e;
            }
        });
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.requests().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(100);
        long t0 = System.nanoTime();
        c.abort();
        ModelCallException e = call.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(ErrorClass.STOPPED, e.errorClass());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 2000);
    }

    @Test
    void retryAfterIsNeverNegativeAndAnHttpDateIsRead() {
        assertEquals(Duration.ZERO, ProviderHttpClient.retryAfter("-1"));
        assertEquals(Duration.ofMillis(1500), ProviderHttpClient.retryAfter("1.5"));
        assertEquals(null, ProviderHttpClient.retryAfter("soon"));
        assertEquals(null, ProviderHttpClient.retryAfter("NaN"));
        assertEquals(Duration.ZERO, ProviderHttpClient.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT"), "a date in the past is now");
        String inAMinute = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(60));
        Duration d = ProviderHttpClient.retryAfter(inAMinute);
        assertTrue(d.getSeconds() > 50 && d.getSeconds() <= 60, d.toString());
        assertTrue(ProviderHttpClient.retryAfter("1e300").getSeconds() > 0, "absurd but not negative; the policy caps it");
    }

    /** A 200 without choices is malformed (retried like a 5xx), not an internal error. */
    @Test
    void aTwoHundredWithoutChoicesIsMalformed() {
        server.script(new ProviderServer.Malformed("{\"id\":\"x\",\"choices\":[]}"));
        ModelCallException e = assertThrows(ModelCallException.class, () -> open("openai:gpt-test", "/v1").complete(REQUEST));
        assertEquals(ErrorClass.MALFORMED_RESPONSE, e.errorClass(), e.getMessage());
        assertTrue(e.errorClass().retryable());
    }

    /** Content filters and refusals, as OpenAI, Anthropic, DashScope (HTTP 400) and Gemini say them. */
    @Test
    void filtersAndRefusalsAreRecognisedOnEveryWire() throws Exception {
        server.script(new ProviderServer.Malformed("{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"finish_reason\":\"content_filter\",\"message\":{\"role\":\"assistant\",\"content\":null}}]}"));
        ModelResponse filtered = open("openai:gpt-test", "/v1").complete(REQUEST);
        assertTrue(filtered.refused());
        assertEquals(ModelResponse.CONTENT_FILTER, filtered.finishReason());

        server.script(new ProviderServer.Malformed("{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":null,\"refusal\":\"I can't help with that.\"}}]}"));
        ModelCallException refusal = assertThrows(ModelCallException.class, () -> open("openai:gpt-test", "/v1").complete(REQUEST));
        assertEquals(ErrorClass.CONTENT_FILTERED, refusal.errorClass());
        assertEquals(ModelResponse.REFUSAL, refusal.finishReason());

        server.script(new ProviderServer.Status(400, "{\"error\":{\"code\":\"data_inspection_failed\",\"message\":\"Input data may contain"
                + " inappropriate content.\",\"type\":\"data_inspection_failed\"}}", Map.of()));
        ModelCallException dashscope = assertThrows(ModelCallException.class, () -> open("qwen:qwen-max", "/v1").complete(REQUEST));
        assertEquals(ErrorClass.CONTENT_FILTERED, dashscope.errorClass());

        server.script(new ProviderServer.Malformed("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"c\","
                + "\"content\":[],\"stop_reason\":\"refusal\",\"usage\":{\"input_tokens\":5,\"output_tokens\":0}}"));
        assertEquals(ModelResponse.REFUSAL, open("anthropic:claude-test", "/v1/").complete(REQUEST).finishReason());

        server.script(new ProviderServer.Malformed("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[]},\"finishReason\":\"SAFETY\"}],"
                + "\"usageMetadata\":{\"promptTokenCount\":5,\"candidatesTokenCount\":0,\"totalTokenCount\":5}}"));
        assertTrue(open("gemini:gemini-test", "/v1beta").complete(REQUEST).refused());
    }

    private static int closedPort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
