package org.gapbench.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Anthropic's Message Batches API as {@link ProviderServer} speaks it: {@code POST /v1/messages/batches} (the
 * requests inline, each {@code {custom_id, params}}; the {@code anthropic-version} header required),
 * {@code GET /v1/messages/batches/{id}} (each poll may move a batch on: in_progress → ended, or canceling → ended
 * after a cancel; {@code request_counts} and, once ended, {@code results_url}), {@code GET /v1/messages/batches}
 * (the list, newest first), {@code POST /v1/messages/batches/{id}/cancel} and
 * {@code GET /v1/messages/batches/{id}/results} (a JSONL stream, in no particular order: results are matched by
 * {@code custom_id}; succeeded, errored, canceled or expired). Every custom id of an accepted batch is kept in
 * {@link #submitted}.
 */
final class AnthropicBatchService extends ScriptedBatches {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CUSTOM_ID = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");

    private final Map<String, Batch> batches = new LinkedHashMap<>();

    private static final class Batch {
        final ObjectNode json;
        final List<JsonNode> requests;
        final int expireAfter;
        int polls;
        String results;

        Batch(ObjectNode json, List<JsonNode> requests, int expireAfter) {
            this.json = json;
            this.requests = requests;
            this.expireAfter = expireAfter;
        }
    }

    /** @param answerer the Messages API response for a request's params and its custom id */
    AnthropicBatchService(BiFunction<JsonNode, String, String> answerer) {
        super(answerer);
    }

    static boolean handles(String path) {
        return path.matches(".*/messages/batches(/.*)?");
    }

    @Override
    synchronized int batchCount() {
        return batches.size();
    }

    /** @param origin scheme, host and port of this server as the client called it (the results URL is absolute) */
    synchronized BatchService.Reply handle(String method, String path, String origin, String version, byte[] raw) throws IOException {
        String p = path.replaceFirst("\\?.*$", "");
        if (version == null || version.isBlank()) {
            return error(400, "invalid_request_error", "anthropic-version: header is required");
        }
        if (method.equals("POST") && p.endsWith("/messages/batches")) {
            JsonNode body = JSON.readTree(raw);
            JsonNode requests = body.path("requests");
            if (!requests.isArray() || requests.isEmpty()) {
                return error(400, "invalid_request_error", "requests: a non-empty list is required");
            }
            Set<String> ids = new HashSet<>();
            for (JsonNode r : requests) {
                String id = r.path("custom_id").asText("");
                JsonNode params = r.path("params");
                if (!CUSTOM_ID.matcher(id).matches() || !ids.add(id)) {
                    return error(400, "invalid_request_error", "custom_id must match ^[a-zA-Z0-9_-]{1,64}$ and be unique in the batch: " + id);
                }
                if (!params.hasNonNull("model") || params.path("max_tokens").asInt(0) < 1 || !params.path("messages").isArray()) {
                    return error(400, "invalid_request_error", "params need model, max_tokens >= 1 and messages: " + id);
                }
            }
            String id = "msgbatch_" + (++seq);
            ObjectNode b = JSON.createObjectNode().put("id", id).put("type", "message_batch").put("processing_status", "in_progress");
            b.putObject("request_counts").put("processing", requests.size()).put("succeeded", 0).put("errored", 0).put("canceled", 0)
                    .put("expired", 0);
            b.putNull("ended_at");
            java.time.Instant now = java.time.Instant.now();
            b.put("created_at", now.toString()).put("expires_at", now.plus(java.time.Duration.ofDays(1)).toString());
            b.putNull("archived_at").putNull("cancel_initiated_at").putNull("results_url");
            List<JsonNode> list = new ArrayList<>();
            requests.forEach(list::add);
            Batch batch = new Batch(b, list, expireAfter);
            expireAfter = -1;
            batches.put(id, batch);
            list.forEach(r -> submitted.add(r.get("custom_id").asText()));
            return new BatchService.Reply(200, b.toString());
        }
        if (method.equals("GET") && p.endsWith("/messages/batches")) {
            ObjectNode list = JSON.createObjectNode();
            ArrayNode data = list.putArray("data");
            List<Batch> all = new ArrayList<>(batches.values());
            for (int i = all.size() - 1; i >= 0; i--) {
                data.add(all.get(i).json);
            }
            list.put("has_more", false).put("first_id", all.isEmpty() ? null : all.get(all.size() - 1).json.path("id").asText())
                    .put("last_id", all.isEmpty() ? null : all.get(0).json.path("id").asText());
            return new BatchService.Reply(200, list.toString());
        }
        Matcher m = Pattern.compile(".*/messages/batches/([^/]+)(/cancel|/results)?$").matcher(p);
        if (!m.matches()) {
            return error(404, "not_found_error", "no such endpoint");
        }
        Batch b = batches.get(m.group(1));
        if (b == null) {
            return error(404, "not_found_error", "No message batch with id " + m.group(1));
        }
        String tail = m.group(2);
        if ("/cancel".equals(tail) && method.equals("POST")) {
            if (b.json.path("processing_status").asText().equals("in_progress")) {
                b.json.put("processing_status", "canceling").put("cancel_initiated_at", "2025-01-01T00:10:00Z");
            }
            return new BatchService.Reply(200, b.json.toString());
        }
        if ("/results".equals(tail) && method.equals("GET")) {
            if (b.results == null) {
                return error(400, "invalid_request_error", "Message Batch " + b.json.path("id").asText() + " has not yet ended");
            }
            return new BatchService.Reply(200, b.results);
        }
        if (tail == null && method.equals("GET")) {
            advance(b, origin + p.replaceFirst("/messages/batches/.*$", "") + "/messages/batches/" + b.json.path("id").asText() + "/results");
            return new BatchService.Reply(200, b.json.toString());
        }
        return error(405, "invalid_request_error", "method not allowed");
    }

    /** One poll: after {@code pollsPerState} polls an in-progress (or canceling) batch ends. */
    private void advance(Batch b, String resultsUrl) {
        String state = b.json.path("processing_status").asText();
        if (state.equals("ended") || ++b.polls < pollsPerState) {
            return;
        }
        if (state.equals("canceling")) {
            end(b, b.requests.size() / 2, "canceled", resultsUrl);
        } else {
            end(b, b.expireAfter >= 0 ? Math.min(b.expireAfter, b.requests.size()) : b.requests.size(), "expired", resultsUrl);
        }
    }

    /** Ends a batch: the first {@code done} requests ran (succeeded or errored as scripted), the rest are {@code unrun}. */
    private void end(Batch b, int done, String unrun, String resultsUrl) {
        List<String> lines = new ArrayList<>();
        int succeeded = 0;
        int errored = 0;
        for (int i = 0; i < b.requests.size(); i++) {
            JsonNode r = b.requests.get(i);
            String id = r.get("custom_id").asText();
            ObjectNode line = JSON.createObjectNode().put("custom_id", id);
            ObjectNode result = line.putObject("result");
            if (i >= done) {
                result.put("type", unrun);
            } else if (failing.test(r.get("params"))) {
                result.put("type", "errored");
                String type = failStatus == 429 ? "rate_limit_error" : failStatus == 529 ? "overloaded_error" : failStatus >= 500 ? "api_error"
                        : "invalid_request_error";
                ObjectNode e = result.putObject("error").put("type", "error");
                e.putObject("error").put("type", type).put("message", failStatus == 429 ? "Number of request tokens has exceeded your rate limit: scripted"
                        : "messages: scripted failure");
                errored++;
            } else {
                result.put("type", "succeeded");
                try {
                    result.set("message", JSON.readTree(answerer.apply(r.get("params"), id)));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                succeeded++;
            }
            lines.add(line.toString());
        }
        java.util.Collections.reverse(lines); // results are not in request order
        b.results = String.join("\n", lines) + "\n";
        int unrunCount = b.requests.size() - succeeded - errored;
        b.json.put("processing_status", "ended").put("ended_at", "2025-01-01T01:00:00Z").put("results_url", resultsUrl);
        ((ObjectNode) b.json.get("request_counts")).put("processing", 0).put("succeeded", succeeded).put("errored", errored)
                .put("canceled", unrun.equals("canceled") ? unrunCount : 0).put("expired", unrun.equals("expired") ? unrunCount : 0);
    }

    private static BatchService.Reply error(int status, String type, String message) {
        ObjectNode e = JSON.createObjectNode().put("type", "error");
        e.putObject("error").put("type", type).put("message", message);
        return new BatchService.Reply(status, e.toString());
    }
}
