package org.gapbench.model.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.gapbench.io.Json;
import org.gapbench.model.ErrorClass;
import org.gapbench.model.GenerationParams;
import org.gapbench.model.Message;
import org.gapbench.model.ModelCallException;
import org.gapbench.model.ModelResponse;
import org.gapbench.testkit.ProviderServer;
import org.junit.jupiter.api.Test;

/**
 * The inline batch formats' requests and results, line by line: Anthropic's Message Batches results
 * ({@code succeeded}, {@code errored} in both of its documented shapes, {@code expired}) and Gemini's inline
 * responses (thought parts, finish reasons, {@code google.rpc.Status} codes), read as the synchronous clients read
 * the same answers; and a key echoed in an error body never reaches a message.
 */
class BatchWireFormatsTest {
    private static final List<Message> PROMPT = List.of(Message.system("Be brief."), Message.user("2+2?"));

    private static JsonNode json(String s) throws IOException {
        return Json.MAPPER.readTree(s);
    }

    @Test
    void anthropicRequestsAreMessagesApiParamsWithTheSystemApartAndMaxTokensAlwaysSet() throws IOException {
        AnthropicBatches api = new AnthropicBatches(Providers.http(), ResponseBounds.DEFAULT, "http://127.0.0.1:1/v1", null, 4096);
        JsonNode r = json(api.request("k1", "claude-x", new GenerationParams(0.0, null, 0.9, 7), PROMPT));
        assertEquals("k1", r.path("custom_id").asText());
        JsonNode p = r.path("params");
        assertEquals("claude-x", p.path("model").asText());
        assertEquals(4096, p.path("max_tokens").asInt(), "Anthropic requires max_tokens: the synchronous client's default");
        assertEquals("Be brief.", p.path("system").path(0).path("text").asText());
        assertEquals(1, p.path("messages").size(), "the system prompt is not a message");
        assertEquals("2+2?", p.path("messages").path(0).path("content").path(0).path("text").asText());
        assertEquals(0.9, p.path("top_p").asDouble());
        assertFalse(p.has("seed"), "the Messages API has no seed");
    }

    @Test
    void anthropicResultsAreReadAsTheSynchronousClientReadsAMessage() throws IOException {
        BatchApi.Line ok = AnthropicBatches.parse(json("""
                {"custom_id":"a","result":{"type":"succeeded","message":{"id":"msg_1","type":"message","role":"assistant",
                 "model":"claude-x-1","content":[{"type":"thinking","thinking":"2 and 2","signature":"s"},{"type":"text","text":"4"}],
                 "stop_reason":"max_tokens","usage":{"input_tokens":12,"output_tokens":3}}}}"""));
        assertEquals("a", ok.customId());
        assertEquals("4", ok.response().text());
        assertEquals("2 and 2", ok.response().reasoning());
        assertEquals("length", ok.response().finishReason());
        assertEquals(12, ok.response().inputTokens());
        assertEquals(3, ok.response().outputTokens());
        assertEquals(ModelResponse.REFUSAL, AnthropicBatches.parse(json("""
                {"custom_id":"b","result":{"type":"succeeded","message":{"content":[],"stop_reason":"refusal","usage":{}}}}""")).response().finishReason());

        BatchApi.Line nested = AnthropicBatches.parse(json("""
                {"custom_id":"c","result":{"type":"errored","error":{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}}}"""));
        assertEquals(ErrorClass.RATE_LIMITED, nested.error());
        assertTrue(nested.message().contains("slow down"), nested.message());
        BatchApi.Line flat = AnthropicBatches.parse(json("""
                {"custom_id":"d","result":{"type":"errored","error":{"type":"invalid_request_error","message":"bad"}}}"""));
        assertEquals(ErrorClass.BAD_REQUEST, flat.error());
        assertEquals(ErrorClass.SERVER_ERROR, AnthropicBatches.parse(json("""
                {"custom_id":"e","result":{"type":"errored","error":{"type":"error","error":{"type":"overloaded_error","message":"x"}}}}""")).error());
        BatchApi.Line expired = AnthropicBatches.parse(json("{\"custom_id\":\"f\",\"result\":{\"type\":\"expired\"}}"));
        assertEquals(ErrorClass.TIMEOUT, expired.error());
        assertTrue(expired.error().retryable());
        assertEquals(ErrorClass.TIMEOUT, AnthropicBatches.parse(json("{\"custom_id\":\"g\",\"result\":{\"type\":\"canceled\"}}")).error());
        assertEquals(ErrorClass.MALFORMED_RESPONSE, AnthropicBatches.parse(json("{\"custom_id\":\"h\",\"result\":{\"type\":\"new\"}}")).error());
    }

    @Test
    void geminiRequestsAreGenerateContentRequestsKeyedByTheirMetadata() throws IOException {
        GeminiBatches api = new GeminiBatches(Providers.http(), ResponseBounds.DEFAULT, "http://127.0.0.1:1/v1beta", null, "models/gemini-x");
        JsonNode r = json(api.request("k2", "gemini-x", new GenerationParams(0.0, 256, null, 7), PROMPT));
        assertEquals("k2", r.path("metadata").path("key").asText());
        JsonNode req = r.path("request");
        assertEquals("Be brief.", req.path("systemInstruction").path("parts").path(0).path("text").asText());
        assertEquals("user", req.path("contents").path(0).path("role").asText());
        assertEquals("2+2?", req.path("contents").path(0).path("parts").path(0).path("text").asText());
        assertEquals(256, req.path("generationConfig").path("maxOutputTokens").asInt());
        assertEquals(7, req.path("generationConfig").path("seed").asInt());
        assertFalse(req.path("generationConfig").has("topP"));
        assertTrue(api.ended("BATCH_STATE_EXPIRED"));
        assertFalse(api.ended("BATCH_STATE_RUNNING"));
    }

    @Test
    void geminiResponsesAreReadAsTheSynchronousClientReadsThem() throws IOException {
        BatchApi.Line ok = GeminiBatches.response("a", json("""
                {"candidates":[{"content":{"role":"model","parts":[{"text":"thinking...","thought":true},{"text":"4"}]},"finishReason":"MAX_TOKENS"}],
                 "usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":2,"thoughtsTokenCount":5},"modelVersion":"gemini-x-001"}"""));
        assertEquals("4", ok.response().text());
        assertEquals("thinking...", ok.response().reasoning());
        assertEquals("length", ok.response().finishReason());
        assertEquals(9, ok.response().inputTokens());
        assertEquals(7, ok.response().outputTokens(), "thinking tokens are billed as output");
        assertEquals(5, ok.response().reasoningTokens());
        assertEquals("gemini-x-001", ok.response().model());
        assertEquals(ModelResponse.CONTENT_FILTER, GeminiBatches.response("b", json("""
                {"candidates":[{"content":{"parts":[]},"finishReason":"SAFETY"}]}""")).response().finishReason());
        assertEquals(ModelResponse.CONTENT_FILTER, GeminiBatches.response("c", json("""
                {"promptFeedback":{"blockReason":"SAFETY"}}""")).response().finishReason());
        assertEquals(ErrorClass.MALFORMED_RESPONSE, GeminiBatches.response("d", json("{}")).error());
        assertEquals(ErrorClass.RATE_LIMITED, GeminiBatches.classOf(8));
        assertEquals(ErrorClass.BAD_REQUEST, GeminiBatches.classOf(3));
        assertEquals(ErrorClass.SERVER_ERROR, GeminiBatches.classOf(13));
        assertEquals(ErrorClass.RATE_LIMITED, GeminiBatches.classOf(429), "an HTTP status, as some answers give");
    }

    /** A provider that echoes the key in an error body: the exception's message carries it redacted, on every format. */
    @Test
    void aKeyEchoedInAnErrorNeverReachesTheMessage() {
        String key = "sk-test-ECHOED-0123456789";
        try (ProviderServer server = ProviderServer.start()) {
            String body = "{\"error\":{\"message\":\"invalid key " + key + "\"}}";
            server.script(new ProviderServer.Status(401, body, Map.of()), new ProviderServer.Status(401, body, Map.of()),
                    new ProviderServer.Status(401, body, Map.of()));
            List<BatchApi> apis = List.of(
                    new OpenAiBatches(Providers.http(), ResponseBounds.DEFAULT, server.url("/v1"), key, "/v1/chat/completions"),
                    new AnthropicBatches(Providers.http(), ResponseBounds.DEFAULT, server.url("/v1"), key, 4096),
                    new GeminiBatches(Providers.http(), ResponseBounds.DEFAULT, server.url("/v1beta"), key, "gemini-x"));
            String[] ids = {"batch_1", "msgbatch_1", "batches/gb1"};
            for (int i = 0; i < apis.size(); i++) {
                int n = i;
                ModelCallException e = assertThrows(ModelCallException.class, () -> apis.get(n).get(ids[n]));
                assertEquals(ErrorClass.AUTHENTICATION, e.errorClass());
                assertFalse(e.getMessage().contains(key), e.getMessage());
            }
            assertNull(server.requests().get(1).header("Authorization"), "Anthropic's key travels in x-api-key");
            assertEquals(key, server.requests().get(1).header("x-api-key"));
            assertEquals(key, server.requests().get(2).header("x-goog-api-key"));
        }
    }
}
