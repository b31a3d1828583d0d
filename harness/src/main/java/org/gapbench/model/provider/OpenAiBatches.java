package org.gapbench.model.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.gapbench.model.Secrets;

/**
 * OpenAI's Batch API, bare: the Files API (a multipart upload of a JSONL of {@code /v1/chat/completions} requests,
 * each with its {@code custom_id}), {@code POST /v1/batches}, {@code GET /v1/batches/{id}}, the list of batches and
 * {@code GET /v1/files/{id}/content}. Every exchange goes through {@link BoundedExchange} (the run's timeout and
 * response-size cap, abandoned when the run stops). One attempt per call, as every bare client: the caller polls
 * and decides. Opened by {@link Providers#openBatches} only.
 */
public final class OpenAiBatches {
    /** The states a batch ends in. */
    public static final List<String> TERMINAL = List.of("completed", "expired", "cancelled", "failed");

    private final BoundedExchange exchange;
    private final String baseUrl;
    private final String apiKey;

    OpenAiBatches(java.net.http.HttpClient http, ResponseBounds bounds, String baseUrl, String apiKey) {
        this.exchange = new BoundedExchange(http, bounds);
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.apiKey = apiKey;
    }

    /** One line of the input file: a chat completion request as the synchronous client would send it. */
    public static String requestLine(String customId, String model, GenerationParams params, List<Message> messages) {
        ObjectNode line = Json.MAPPER.createObjectNode().put("custom_id", customId).put("method", "POST").put("url", "/v1/chat/completions");
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

    /** Uploads {@code jsonl} with purpose {@code batch}; returns the file's id. */
    public String upload(String jsonl, String filename) throws ModelCallException {
        String boundary = "gapbench-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: application/jsonl\r\n\r\n";
        body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(jsonl.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest r = request("/files").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        return json(send(r)).path("id").asText();
    }

    /** Creates a batch of the uploaded file: {@code /v1/chat/completions}, completion window 24h. */
    public JsonNode create(String inputFileId) throws ModelCallException {
        ObjectNode b = Json.MAPPER.createObjectNode().put("input_file_id", inputFileId).put("endpoint", "/v1/chat/completions")
                .put("completion_window", "24h");
        b.putObject("metadata").put("client", "gapbench");
        HttpRequest r = request("/batches").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(b.toString(), StandardCharsets.UTF_8)).build();
        return json(send(r));
    }

    public JsonNode get(String batchId) throws ModelCallException {
        return json(send(request("/batches/" + batchId).GET().build()));
    }

    /** The most recent batches (a batch created just before a crash is found here by its input file). */
    public List<JsonNode> list() throws ModelCallException {
        List<JsonNode> out = new ArrayList<>();
        json(send(request("/batches?limit=100").GET().build())).path("data").forEach(out::add);
        return out;
    }

    public String content(String fileId) throws ModelCallException {
        return send(request("/files/" + fileId + "/content").GET().build());
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
            ErrorClass c = status == 429 ? ErrorClass.RATE_LIMITED : status == 401 || status == 403 ? ErrorClass.AUTHENTICATION
                    : status == 404 ? ErrorClass.MODEL_NOT_FOUND : status == 408 ? ErrorClass.TIMEOUT
                    : status >= 500 ? ErrorClass.SERVER_ERROR : ErrorClass.BAD_REQUEST;
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

    /** A batch result: {@code response}, or {@code error} and its message. */
    public record Line(String customId, ModelResponse response, ErrorClass error, String message) {
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path));
        if (apiKey != null && !apiKey.isBlank()) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        return b;
    }

    private String send(HttpRequest r) throws ModelCallException {
        HttpResponse<String> resp;
        try {
            resp = exchange.send(r, info -> BoundedExchange.text());
        } catch (BoundedExchange.Aborted e) {
            throw ModelCallException.stopped(e.getMessage());
        } catch (IOException e) {
            String why = Secrets.redact(String.valueOf(e.getMessage()), apiKey);
            throw e instanceof java.net.ConnectException ? ModelCallException.unreachable(r.method() + " " + r.uri().getPath() + ": " + why)
                    : new ModelCallException(ErrorClass.CONNECTION, r.method() + " " + r.uri().getPath() + ": " + why);
        }
        int s = resp.statusCode();
        if (s < 200 || s >= 300) {
            ErrorClass c = s == 429 ? ErrorClass.RATE_LIMITED : s == 401 || s == 403 ? ErrorClass.AUTHENTICATION
                    : s == 404 ? ErrorClass.MODEL_NOT_FOUND : s >= 500 ? ErrorClass.SERVER_ERROR : ErrorClass.BAD_REQUEST;
            throw ModelCallException.http(c, s, r.method() + " " + r.uri().getPath() + ": HTTP " + s + ": "
                    + Secrets.redact(resp.body(), apiKey), ProviderHttpClient.retryAfter(resp.headers().firstValue("retry-after").orElse(null)));
        }
        return resp.body();
    }

    private static JsonNode json(String body) throws ModelCallException {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new ModelCallException(ErrorClass.MALFORMED_RESPONSE, "the Batch API answered with something other than JSON");
        }
    }

    /** Ends the exchanges in flight (the run is stopping). */
    public void abort() {
        exchange.abortAll();
    }
}
