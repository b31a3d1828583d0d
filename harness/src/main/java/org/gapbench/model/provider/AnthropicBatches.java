package org.gapbench.model.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
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
 * Anthropic's Message Batches API, bare: {@code POST /v1/messages/batches} with the requests inline
 * ({@code {"requests":[{"custom_id","params":{...Messages API request...}}]}}), {@code GET /v1/messages/batches/{id}}
 * ({@code processing_status} in_progress → canceling → ended, {@code request_counts}, {@code results_url}), and the
 * results, a JSONL stream of {@code {"custom_id","result":{"type":"succeeded"|"errored"|"canceled"|"expired",...}}}.
 * Headers as the synchronous client sends them: {@code x-api-key} and {@code anthropic-version: 2023-06-01}.
 *
 * <p>The API keeps nothing of the caller's on a batch (no name, no metadata), so a batch created just before a crash,
 * whose id never reached the journal, is recognised by what it does show: the staged name carries the time it was
 * staged and its request count, and {@link #find} takes the oldest batch in the list, not claimed by the journal,
 * created since then (less {@link #CLOCK_SKEW}) with that many requests. A wrong guess (another client's batch of
 * the same size at the same minute) costs time, never an answer: results are matched by custom id, a foreign one is
 * ignored, and a request the adopted batch did not hold is resubmitted.
 */
public final class AnthropicBatches implements BatchApi {
    static final String VERSION = "2023-06-01";
    /** How far this machine's clock may be ahead of Anthropic's. */
    static final java.time.Duration CLOCK_SKEW = java.time.Duration.ofMinutes(5);

    private final BatchHttp http;
    private final String baseUrl;
    private final String apiKey;
    private final Integer defaultMaxTokens;

    /** @param defaultMaxTokens Anthropic requires max_tokens: what the synchronous client sends when the run sets none */
    AnthropicBatches(java.net.http.HttpClient http, ResponseBounds bounds, String baseUrl, String apiKey, int defaultMaxTokens) {
        this.http = new BatchHttp(http, bounds, apiKey);
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.apiKey = apiKey;
        this.defaultMaxTokens = defaultMaxTokens;
    }

    /** {@code {"custom_id", "params"}}: the Messages API request the synchronous client would send. */
    @Override
    public String request(String customId, String model, GenerationParams params, List<Message> messages) {
        ObjectNode r = Json.MAPPER.createObjectNode().put("custom_id", customId);
        ObjectNode p = r.putObject("params").put("model", model)
                .put("max_tokens", params.maxTokens() == null ? defaultMaxTokens : params.maxTokens());
        ArrayNode system = Json.MAPPER.createArrayNode();
        ArrayNode msgs = p.putArray("messages");
        for (Message m : messages) {
            switch (m.role()) {
                case SYSTEM -> system.addObject().put("type", "text").put("text", m.content());
                case USER, ASSISTANT -> msgs.addObject().put("role", m.role().name().toLowerCase(java.util.Locale.ROOT))
                        .putArray("content").addObject().put("type", "text").put("text", m.content());
            }
        }
        if (!system.isEmpty()) {
            p.set("system", system);
        }
        if (params.temperature() != null) {
            p.put("temperature", params.temperature());
        }
        if (params.topP() != null) {
            p.put("top_p", params.topP());
        }
        return r.toString();
    }

    /**
     * Nothing to upload: the requests travel inline when the batch is created. The name kept is
     * {@code name@<staged at, epoch ms>@<requests>}, what {@link #find} recognises the batch by.
     */
    @Override
    public String stage(List<String> requests, String name) {
        return name + "@" + System.currentTimeMillis() + "@" + requests.size();
    }

    /** The oldest unclaimed batch of as many requests created since {@code staged} was (see the class comment), or null. */
    @Override
    public Status find(String staged, java.util.Set<String> claimed) throws ModelCallException {
        String[] parts = staged.split("@");
        if (parts.length != 3) {
            return null;
        }
        java.time.Instant since = java.time.Instant.ofEpochMilli(Long.parseLong(parts[1])).minus(CLOCK_SKEW);
        int n = Integer.parseInt(parts[2]);
        JsonNode best = null;
        java.time.Instant bestAt = null;
        for (JsonNode b : http.json(request("/messages/batches?limit=100").GET().build()).path("data")) {
            Status s = status(b);
            java.time.Instant at;
            try {
                at = java.time.Instant.parse(b.path("created_at").asText());
            } catch (java.time.format.DateTimeParseException e) {
                continue;
            }
            if (s.total() == n && !at.isBefore(since) && !claimed.contains(s.id()) && (bestAt == null || at.isBefore(bestAt))) {
                best = b;
                bestAt = at;
            }
        }
        return best == null ? null : status(best);
    }

    @Override
    public Status create(String staged, List<String> requests) throws ModelCallException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode list = body.putArray("requests");
        for (String r : requests) {
            try {
                list.add(Json.MAPPER.readTree(r));
            } catch (IOException e) {
                throw new IllegalStateException("a batch request is not JSON", e);
            }
        }
        HttpRequest r = request("/messages/batches").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
        return status(http.json(r));
    }

    @Override
    public Status get(String batchId) throws ModelCallException {
        return status(http.json(request("/messages/batches/" + batchId).GET().build()));
    }

    @Override
    public boolean ended(String state) {
        return "ended".equals(state);
    }

    /**
     * The results stream, from the batch's {@code results_url} when it is on the API's own host (the key is sent with
     * it, so never elsewhere), else from {@code /messages/batches/{id}/results}.
     */
    @Override
    public List<Line> results(Status ended, List<String> customIds) throws ModelCallException {
        URI own = URI.create(baseUrl + "/messages/batches/" + ended.id() + "/results");
        URI given = ended.output() == null ? null : URI.create(ended.output());
        URI uri = given != null && own.getScheme().equals(given.getScheme()) && own.getAuthority().equals(given.getAuthority()) ? given : own;
        List<Line> out = new ArrayList<>();
        for (JsonNode line : BatchHttp.jsonl(http.send(headers(HttpRequest.newBuilder(uri)).GET().build()), "batch " + ended.id())) {
            out.add(parse(line));
        }
        return out;
    }

    /** One line of the results: the message, or the request's failure classed as a synchronous call's would be. */
    static Line parse(JsonNode line) {
        String id = line.path("custom_id").asText();
        JsonNode result = line.path("result");
        String type = result.path("type").asText();
        switch (type) {
            case "succeeded" -> {
                return new Line(id, message(result.path("message")), null, null);
            }
            case "errored" -> {
                // {"type":"error","error":{"type","message"}} (an error response), or, as older answers had it, {"type","message"}
                JsonNode e = result.path("error");
                JsonNode inner = e.has("error") ? e.get("error") : e;
                String kind = inner.path("type").asText("");
                return new Line(id, null, classOf(kind), kind + ": " + inner.path("message").asText());
            }
            case "canceled", "expired" -> {
                return new Line(id, null, ErrorClass.TIMEOUT, "the batch " + (type.equals("expired") ? "expired before this request ran"
                        : "was canceled before this request ran"));
            }
            default -> {
                return new Line(id, null, ErrorClass.MALFORMED_RESPONSE, "a batch result of unknown type '" + type + "'");
            }
        }
    }

    /** An Anthropic error type's class: the class the synchronous client gives that error's HTTP status. */
    static ErrorClass classOf(String type) {
        return switch (type) {
            case "rate_limit_error" -> ErrorClass.RATE_LIMITED;
            case "api_error", "overloaded_error" -> ErrorClass.SERVER_ERROR;
            case "authentication_error", "permission_error", "billing_error" -> ErrorClass.AUTHENTICATION;
            case "not_found_error" -> ErrorClass.MODEL_NOT_FOUND;
            case "timeout_error" -> ErrorClass.TIMEOUT;
            default -> ErrorClass.BAD_REQUEST; // invalid_request_error, request_too_large
        };
    }

    /** A Messages API response: its text blocks the answer, its thinking blocks the reasoning. */
    static ModelResponse message(JsonNode m) {
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        for (JsonNode block : m.path("content")) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "thinking" -> thinking.append(block.path("thinking").asText());
                default -> {
                }
            }
        }
        String[] split = Reasoning.split(text.toString(), thinking.isEmpty() ? null : thinking.toString());
        String stop = m.path("stop_reason").asText(null);
        String finish = stop == null ? null : switch (stop) {
            case "end_turn", "stop_sequence" -> "stop";
            case "max_tokens" -> "length";
            case "tool_use" -> "tool_execution";
            case "refusal" -> ModelResponse.REFUSAL;
            default -> stop;
        };
        JsonNode u = m.path("usage");
        return new ModelResponse(split[0], split[1], u.path("input_tokens").asInt(-1), u.path("output_tokens").asInt(-1), -1, finish,
                m.path("model").asText(null));
    }

    private static Status status(JsonNode b) {
        JsonNode c = b.path("request_counts");
        int done = c.path("succeeded").asInt() + c.path("errored").asInt() + c.path("canceled").asInt() + c.path("expired").asInt();
        return new Status(b.path("id").asText(), b.path("processing_status").asText(), done, done + c.path("processing").asInt(),
                b.path("results_url").asText(null), null);
    }

    private HttpRequest.Builder request(String path) {
        return headers(HttpRequest.newBuilder(URI.create(baseUrl + path)));
    }

    private HttpRequest.Builder headers(HttpRequest.Builder b) {
        if (apiKey != null && !apiKey.isBlank()) {
            b.header("x-api-key", apiKey);
        }
        return b.header("anthropic-version", VERSION);
    }

    @Override
    public void abort() {
        http.abort();
    }
}
