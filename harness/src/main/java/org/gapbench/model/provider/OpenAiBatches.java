package org.gapbench.model.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.gapbench.io.Json;
import org.gapbench.model.ErrorClass;
import org.gapbench.model.GenerationParams;
import org.gapbench.model.Message;
import org.gapbench.model.ModelCallException;
import org.gapbench.model.ModelResponse;
import org.gapbench.model.Reasoning;

/**
 * OpenAI's Batch API, bare: the Files API (a multipart upload of a JSONL of chat completion requests, each with its
 * {@code custom_id}), {@code POST /batches}, {@code GET /batches/{id}}, the list of batches and
 * {@code GET /files/{id}/content}. DashScope ({@code compatible-mode/v1}) and Zhipu ({@code /api/paas/v4}) speak the
 * same format under their base URLs; their request lines name their own path ({@code endpoint}: Zhipu's is
 * {@code /v4/chat/completions}). Every exchange goes through {@link BoundedExchange}. One attempt per call, as every
 * bare client: the caller polls and decides.
 */
public final class OpenAiBatches implements BatchApi {
    /** The states a batch ends in. */
    public static final List<String> TERMINAL = List.of("completed", "expired", "cancelled", "failed");

    private final BatchHttp http;
    private final String baseUrl;
    private final String apiKey;
    private final String endpoint;

    OpenAiBatches(java.net.http.HttpClient http, ResponseBounds bounds, String baseUrl, String apiKey, String endpoint) {
        this.http = new BatchHttp(http, bounds, apiKey);
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.apiKey = apiKey;
        this.endpoint = endpoint;
    }

    /** One line of the input file: a chat completion request as the synchronous client would send it. */
    @Override
    public String request(String customId, String model, GenerationParams params, List<Message> messages) {
        ObjectNode line = Json.MAPPER.createObjectNode().put("custom_id", customId).put("method", "POST").put("url", endpoint);
        ObjectNode body = line.putObject("body").put("model", model);
        ArrayNode msgs = body.putArray("messages");
        for (Message m : messages) {
            msgs.addObject().put("role", m.role().name().toLowerCase(java.util.Locale.ROOT)).put("content", m.content());
        }
        if (params.temperature() != null) {
            body.put("temperature", params.temperature());
        }
        if (params.maxTokens() != null) {
            body.put("max_completion_tokens", params.maxTokens());
        }
        if (params.topP() != null) {
            body.put("top_p", params.topP());
        }
        if (params.seed() != null) {
            body.put("seed", params.seed());
        }
        return line.toString();
    }

    /** Uploads the requests as a JSONL file ({@code name}.jsonl) with purpose {@code batch}; returns the file's id. */
    @Override
    public String stage(List<String> requests, String name) throws ModelCallException {
        StringBuilder jsonl = new StringBuilder();
        requests.forEach(r -> jsonl.append(r).append('\n'));
        String boundary = "gapbench-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + ".jsonl\"\r\n"
                + "Content-Type: application/jsonl\r\n\r\n";
        body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(jsonl.toString().getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest r = request("/files").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        return http.json(r).path("id").asText();
    }

    /** The batch of the uploaded file among the most recent batches (a batch created just before a crash). */
    @Override
    public Status find(String staged, java.util.Set<String> claimed) throws ModelCallException {
        for (JsonNode b : http.json(request("/batches?limit=100").GET().build()).path("data")) {
            if (staged.equals(b.path("input_file_id").asText())) {
                return status(b);
            }
        }
        return null;
    }

    /** Creates a batch of the uploaded file: the chat completions endpoint, completion window 24h. */
    @Override
    public Status create(String staged, List<String> requests) throws ModelCallException {
        ObjectNode b = Json.MAPPER.createObjectNode().put("input_file_id", staged).put("endpoint", endpoint)
                .put("completion_window", "24h");
        b.putObject("metadata").put("client", "gapbench");
        HttpRequest r = request("/batches").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(b.toString(), StandardCharsets.UTF_8)).build();
        return status(http.json(r));
    }

    @Override
    public Status get(String batchId) throws ModelCallException {
        return status(http.json(request("/batches/" + batchId).GET().build()));
    }

    @Override
    public boolean ended(String state) {
        return TERMINAL.contains(state);
    }

    /** The lines of the output and error files. */
    @Override
    public List<Line> results(Status ended, List<String> customIds) throws ModelCallException {
        List<Line> out = new ArrayList<>();
        for (String fileId : new String[] {ended.output(), ended.errors()}) {
            if (fileId != null) {
                for (JsonNode line : BatchHttp.jsonl(http.send(request("/files/" + fileId + "/content").GET().build()), "batch " + ended.id())) {
                    out.add(parse(line));
                }
            }
        }
        return out;
    }

    private static Status status(JsonNode b) {
        JsonNode c = b.path("request_counts");
        return new Status(b.path("id").asText(), b.path("status").asText(), c.path("completed").asInt(), c.path("total").asInt(),
                b.path("output_file_id").asText(null), b.path("error_file_id").asText(null));
    }

    /**
     * One line of an output or error file: the answer, or the request's own failure classed as a synchronous call's
     * HTTP status would be ({@code batch_expired} and {@code batch_cancelled} lines are {@link ErrorClass#TIMEOUT}:
     * another attempt can succeed).
     */
    public static Line parse(JsonNode line) {
        String id = line.path("custom_id").asText();
        JsonNode resp = line.path("response");
        if (!line.path("error").isMissingNode() && !line.path("error").isNull()) {
            JsonNode e = line.get("error");
            String code = e.path("code").asText("");
            ErrorClass c = code.equals("batch_expired") || code.equals("batch_cancelled") ? ErrorClass.TIMEOUT : ErrorClass.SERVER_ERROR;
            return new Line(id, null, c, code + ": " + e.path("message").asText());
        }
        int status = resp.path("status_code").asInt(0);
        JsonNode body = resp.path("body");
        if (status != 200) {
            ErrorClass c = ErrorClass.ofHttpStatus(status);
            return new Line(id, null, c, "HTTP " + status + ": " + body.path("error").path("message").asText(body.toString()));
        }
        JsonNode choice = body.path("choices").path(0);
        if (choice.isMissingNode()) {
            return new Line(id, null, ErrorClass.MALFORMED_RESPONSE, "the batch answer has no choices");
        }
        JsonNode msg = choice.path("message");
        String finish = choice.path("finish_reason").asText(null);
        String[] split = Reasoning.split(msg.path("content").asText(""), msg.path("reasoning_content").asText(null));
        JsonNode u = body.path("usage");
        int reasoningTokens = u.path("completion_tokens_details").path("reasoning_tokens").asInt(-1);
        if ("content_filter".equals(finish)) {
            finish = ModelResponse.CONTENT_FILTER;
        } else if (msg.hasNonNull("refusal")) {
            finish = ModelResponse.REFUSAL;
        }
        ModelResponse r = new ModelResponse(split[0], split[1], u.path("prompt_tokens").asInt(-1), u.path("completion_tokens").asInt(-1),
                reasoningTokens, finish, body.path("model").asText(null));
        return new Line(id, r, null, null);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path));
        if (apiKey != null && !apiKey.isBlank()) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        return b;
    }

    @Override
    public void abort() {
        http.abort();
    }
}
