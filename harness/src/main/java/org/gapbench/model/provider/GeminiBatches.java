package org.gapbench.model.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.gapbench.io.Json;
import org.gapbench.model.ErrorClass;
import org.gapbench.model.GenerationParams;
import org.gapbench.model.Message;
import org.gapbench.model.ModelCallException;
import org.gapbench.model.ModelResponse;
import org.gapbench.model.Reasoning;

/**
 * Gemini's batch mode, bare: {@code POST /v1beta/models/{model}:batchGenerateContent} with the requests inline
 * ({@code {"batch":{"display_name","input_config":{"requests":{"requests":[{"request","metadata":{"key"}}]}}}}}),
 * answered with a long-running operation named {@code batches/{id}}; {@code GET /v1beta/batches/{id}} (its
 * {@code metadata.state}: BATCH_STATE_PENDING → RUNNING → SUCCEEDED, or FAILED, CANCELLED, EXPIRED) and
 * {@code GET /v1beta/batches} (the list, where a batch created just before a crash is found by its display name).
 * The results are the operation's {@code response.inlinedResponses.inlinedResponses}, each a
 * {@code GenerateContentResponse} or an {@code error} with its request's {@code metadata.key}. The key travels in
 * {@code x-goog-api-key}, as the synchronous client sends it. Inline requests are limited to 20 MB a batch by the
 * API: the profile's {@code BatchSupport.maxBytes} says so, and the batches are cut to it.
 */
public final class GeminiBatches implements BatchApi {
    /** The states a batch ends in (the SDKs' {@code JOB_STATE_*} names are read as these). */
    static final List<String> TERMINAL = List.of("BATCH_STATE_SUCCEEDED", "BATCH_STATE_FAILED", "BATCH_STATE_CANCELLED", "BATCH_STATE_EXPIRED");

    private final BatchHttp http;
    private final String baseUrl;
    private final String apiKey;
    private final String model;

    GeminiBatches(java.net.http.HttpClient http, ResponseBounds bounds, String baseUrl, String apiKey, String model) {
        this.http = new BatchHttp(http, bounds, apiKey);
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.apiKey = apiKey;
        this.model = model.startsWith("models/") ? model.substring("models/".length()) : model;
    }

    /** {@code {"request": GenerateContentRequest, "metadata": {"key": customId}}}, the request the synchronous client would send. */
    @Override
    public String request(String customId, String model, GenerationParams params, List<Message> messages) {
        ObjectNode line = Json.MAPPER.createObjectNode();
        ObjectNode req = line.putObject("request");
        ArrayNode contents = req.putArray("contents");
        ArrayNode system = Json.MAPPER.createArrayNode();
        for (Message m : messages) {
            switch (m.role()) {
                case SYSTEM -> system.addObject().put("text", m.content());
                case USER -> contents.addObject().put("role", "user").putArray("parts").addObject().put("text", m.content());
                case ASSISTANT -> contents.addObject().put("role", "model").putArray("parts").addObject().put("text", m.content());
            }
        }
        if (!system.isEmpty()) {
            req.putObject("systemInstruction").set("parts", system);
        }
        ObjectNode g = Json.MAPPER.createObjectNode();
        if (params.temperature() != null) {
            g.put("temperature", params.temperature());
        }
        if (params.topP() != null) {
            g.put("topP", params.topP());
        }
        if (params.maxTokens() != null) {
            g.put("maxOutputTokens", params.maxTokens());
        }
        if (params.seed() != null) {
            g.put("seed", params.seed());
        }
        if (!g.isEmpty()) {
            req.set("generationConfig", g);
        }
        line.putObject("metadata").put("key", customId);
        return line.toString();
    }

    /** Nothing to upload: the requests travel inline; {@code name} becomes the batch's display name. */
    @Override
    public String stage(List<String> requests, String name) {
        return name;
    }

    /** The batch whose display name is {@code staged}, among the most recent. */
    @Override
    public Status find(String staged, java.util.Set<String> claimed) throws ModelCallException {
        for (JsonNode op : http.json(request("/batches?pageSize=100").GET().build()).path("operations")) {
            if (staged.equals(op.path("metadata").path("displayName").asText(op.path("metadata").path("display_name").asText()))) {
                return status(op);
            }
        }
        return null;
    }

    @Override
    public Status create(String staged, List<String> requests) throws ModelCallException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode batch = body.putObject("batch").put("display_name", staged);
        ArrayNode list = batch.putObject("input_config").putObject("requests").putArray("requests");
        for (String r : requests) {
            try {
                list.add(Json.MAPPER.readTree(r));
            } catch (IOException e) {
                throw new IllegalStateException("a batch request is not JSON", e);
            }
        }
        HttpRequest r = request("/models/" + URLEncoder.encode(model, StandardCharsets.UTF_8) + ":batchGenerateContent")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
        return status(http.json(r));
    }

    @Override
    public Status get(String batchId) throws ModelCallException {
        return status(operation(batchId));
    }

    @Override
    public boolean ended(String state) {
        return TERMINAL.contains(state);
    }

    /**
     * The inline responses of the ended batch (read from the operation again). A request an expired or cancelled batch
     * never ran has no response at all: it is a {@link ErrorClass#TIMEOUT}, as OpenAI's {@code batch_expired} line is.
     */
    @Override
    public List<Line> results(Status ended, List<String> customIds) throws ModelCallException {
        JsonNode op = operation(ended.id());
        JsonNode responses = op.path("response").path("inlinedResponses").path("inlinedResponses");
        if (responses.isMissingNode()) {
            responses = op.path("metadata").path("output").path("inlinedResponses").path("inlinedResponses");
        }
        if (responses.isMissingNode() && !op.path("response").path("responsesFile").isMissingNode()) {
            throw new ModelCallException(ErrorClass.MALFORMED_RESPONSE, "batch " + ended.id()
                    + ": its results are in a file, which gapbench does not read (it sends its requests inline)");
        }
        List<Line> out = new ArrayList<>();
        for (JsonNode r : responses) {
            String id = r.path("metadata").path("key").asText(null);
            if (id == null) {
                throw new ModelCallException(ErrorClass.MALFORMED_RESPONSE, "batch " + ended.id() + ": an inline response has no metadata key");
            }
            if (r.hasNonNull("error")) {
                JsonNode e = r.get("error");
                out.add(new Line(id, null, classOf(e.path("code").asInt()), "code " + e.path("code").asInt() + ": " + e.path("message").asText()));
            } else {
                out.add(response(id, r.path("response")));
            }
        }
        String state = op.path("metadata").path("state").asText("").replaceFirst("^JOB_STATE_", "BATCH_STATE_");
        if (state.equals("BATCH_STATE_EXPIRED") || state.equals("BATCH_STATE_CANCELLED")) {
            java.util.Set<String> answered = new java.util.HashSet<>();
            out.forEach(l -> answered.add(l.customId()));
            for (String id : customIds) {
                if (!answered.contains(id)) {
                    out.add(new Line(id, null, ErrorClass.TIMEOUT, "the batch " + (state.endsWith("EXPIRED") ? "expired" : "was cancelled")
                            + " before this request ran"));
                }
            }
        }
        return out;
    }

    /** A {@code google.rpc.Status} code's class (an HTTP status, which some answers give, as a synchronous call's). */
    static ErrorClass classOf(int code) {
        if (code >= 100) {
            return ErrorClass.ofHttpStatus(code);
        }
        return switch (code) {
            case 8 -> ErrorClass.RATE_LIMITED; // RESOURCE_EXHAUSTED
            case 7, 16 -> ErrorClass.AUTHENTICATION; // PERMISSION_DENIED, UNAUTHENTICATED
            case 5 -> ErrorClass.MODEL_NOT_FOUND;
            case 1, 4 -> ErrorClass.TIMEOUT; // CANCELLED, DEADLINE_EXCEEDED
            case 3, 9, 11 -> ErrorClass.BAD_REQUEST; // INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE
            default -> ErrorClass.SERVER_ERROR; // INTERNAL, UNAVAILABLE, UNKNOWN...
        };
    }

    /** A GenerateContentResponse: its thought parts the reasoning, the others the answer. */
    static Line response(String id, JsonNode r) {
        JsonNode cand = r.path("candidates").path(0);
        JsonNode u = r.path("usageMetadata");
        int in = u.path("promptTokenCount").asInt(-1);
        int thoughts = u.path("thoughtsTokenCount").asInt(-1);
        int candidates = u.path("candidatesTokenCount").asInt(-1);
        int out = candidates < 0 ? -1 : candidates + Math.max(0, thoughts);
        if (cand.isMissingNode()) {
            if (!r.path("promptFeedback").path("blockReason").isMissingNode()) {
                return new Line(id, new ModelResponse("", null, in, out, thoughts, ModelResponse.CONTENT_FILTER, r.path("modelVersion").asText(null)),
                        null, null);
            }
            return new Line(id, null, ErrorClass.MALFORMED_RESPONSE, "the batch answer has no candidates");
        }
        StringBuilder text = new StringBuilder();
        StringBuilder thought = new StringBuilder();
        for (JsonNode part : cand.path("content").path("parts")) {
            (part.path("thought").asBoolean(false) ? thought : text).append(part.path("text").asText(""));
        }
        String[] split = Reasoning.split(text.toString(), thought.isEmpty() ? null : thought.toString());
        String f = cand.path("finishReason").asText(null);
        String finish = f == null ? null : switch (f) {
            case "STOP" -> "stop";
            case "MAX_TOKENS" -> "length";
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY" -> ModelResponse.CONTENT_FILTER;
            default -> "other";
        };
        return new Line(id, new ModelResponse(split[0], split[1], in, out, thoughts, finish, r.path("modelVersion").asText(null)), null, null);
    }

    private JsonNode operation(String batchId) throws ModelCallException {
        return http.json(request("/" + batchId).GET().build());
    }

    private static Status status(JsonNode op) {
        JsonNode m = op.path("metadata");
        String state = m.path("state").asText("").replaceFirst("^JOB_STATE_", "BATCH_STATE_");
        JsonNode s = m.path("batchStats");
        int total = s.path("requestCount").asInt();
        int done = s.path("successfulRequestCount").asInt() + s.path("failedRequestCount").asInt();
        return new Status(op.path("name").asText(), state, done, total, null, null);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path));
        if (apiKey != null && !apiKey.isBlank()) {
            b.header("x-goog-api-key", apiKey);
        }
        return b;
    }

    @Override
    public void abort() {
        http.abort();
    }
}
