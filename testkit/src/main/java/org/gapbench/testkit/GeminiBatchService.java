package org.gapbench.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gemini's batch mode as {@link ProviderServer} speaks it under {@code /v1beta}:
 * {@code POST /v1beta/models/{model}:batchGenerateContent} (inline requests, each {@code {request, metadata}}, and a
 * required display name) answered with a long-running operation {@code batches/{id}};
 * {@code GET /v1beta/batches/{id}} (each poll may move it on: BATCH_STATE_PENDING → BATCH_STATE_RUNNING →
 * BATCH_STATE_SUCCEEDED, or BATCH_STATE_EXPIRED / BATCH_STATE_FAILED when scripted; {@code batchStats} counts as
 * int64 strings, as the API writes them; {@code done} and {@code response.inlinedResponses} once ended),
 * {@code GET /v1beta/batches} (the operations, newest first) and {@code POST /v1beta/batches/{id}:cancel}. Every
 * metadata key of an accepted batch is kept in {@link #submitted}.
 */
final class GeminiBatchService extends ScriptedBatches {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> STATES = List.of("BATCH_STATE_PENDING", "BATCH_STATE_RUNNING", "BATCH_STATE_SUCCEEDED");

    private final Map<String, Batch> batches = new LinkedHashMap<>();

    private static final class Batch {
        final ObjectNode op;
        final List<JsonNode> requests;
        final int expireAfter;
        final boolean failValidation;
        int stage;
        int polls;
        boolean cancel;

        Batch(ObjectNode op, List<JsonNode> requests, int expireAfter, boolean failValidation) {
            this.op = op;
            this.requests = requests;
            this.expireAfter = expireAfter;
            this.failValidation = failValidation;
        }
    }

    /** @param answerer the GenerateContentResponse for a GenerateContentRequest and its metadata key */
    GeminiBatchService(BiFunction<JsonNode, String, String> answerer) {
        super(answerer);
    }

    static boolean handles(String path) {
        return path.matches("/v1beta/(models/[^/]+:batchGenerateContent|batches(/.*)?)");
    }

    @Override
    synchronized int batchCount() {
        return batches.size();
    }

    synchronized BatchService.Reply handle(String method, String path, byte[] raw) throws IOException {
        String p = path.replaceFirst("\\?.*$", "");
        Matcher create = Pattern.compile("/v1beta/models/([^/]+):batchGenerateContent").matcher(p);
        if (create.matches() && method.equals("POST")) {
            JsonNode batch = JSON.readTree(raw).path("batch");
            String name = batch.has("display_name") ? batch.path("display_name").asText() : batch.path("displayName").asText(null);
            JsonNode config = batch.has("input_config") ? batch.get("input_config") : batch.path("inputConfig");
            JsonNode requests = config.path("requests").path("requests");
            if (name == null || name.isBlank()) {
                return error(400, 3, "INVALID_ARGUMENT", "batch.display_name is required");
            }
            if (!requests.isArray() || requests.isEmpty()) {
                return error(400, 3, "INVALID_ARGUMENT", "batch.input_config.requests.requests must not be empty");
            }
            for (JsonNode r : requests) {
                if (!r.path("request").path("contents").isArray() || r.path("request").path("contents").isEmpty()) {
                    return error(400, 3, "INVALID_ARGUMENT", "each inline request needs contents");
                }
            }
            String id = "batches/gb" + (++seq);
            ObjectNode op = JSON.createObjectNode().put("name", id);
            ObjectNode md = op.putObject("metadata").put("@type", "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch")
                    .put("model", "models/" + create.group(1)).put("displayName", name).put("name", id)
                    .put("createTime", "2025-01-01T00:00:00Z").put("updateTime", "2025-01-01T00:00:00Z").put("state", STATES.get(0));
            md.putObject("batchStats").put("requestCount", String.valueOf(requests.size())).put("pendingRequestCount", String.valueOf(requests.size()));
            List<JsonNode> list = new ArrayList<>();
            requests.forEach(list::add);
            Batch b = new Batch(op, list, expireAfter, failValidation);
            expireAfter = -1;
            failValidation = false;
            batches.put(id, b);
            list.forEach(r -> submitted.add(r.path("metadata").path("key").asText()));
            return new BatchService.Reply(200, op.toString());
        }
        if (p.equals("/v1beta/batches") && method.equals("GET")) {
            ObjectNode out = JSON.createObjectNode();
            ArrayNode ops = out.putArray("operations");
            List<Batch> all = new ArrayList<>(batches.values());
            for (int i = all.size() - 1; i >= 0; i--) {
                ops.add(all.get(i).op);
            }
            return new BatchService.Reply(200, out.toString());
        }
        Matcher m = Pattern.compile("/v1beta/(batches/[^/:]+)(:cancel)?").matcher(p);
        if (!m.matches()) {
            return error(404, 5, "NOT_FOUND", "no such method");
        }
        Batch b = batches.get(m.group(1));
        if (b == null) {
            return error(404, 5, "NOT_FOUND", "Batch " + m.group(1) + " not found");
        }
        if (m.group(2) != null && method.equals("POST")) {
            b.cancel = true;
            return new BatchService.Reply(200, "{}");
        }
        if (m.group(2) == null && method.equals("GET")) {
            advance(b);
            return new BatchService.Reply(200, b.op.toString());
        }
        return error(405, 3, "INVALID_ARGUMENT", "method not allowed");
    }

    private static boolean ended(Batch b) {
        return b.op.path("done").asBoolean(false);
    }

    /** One poll: the batch moves on a state every {@code pollsPerState} polls. */
    private void advance(Batch b) {
        if (ended(b) || ++b.polls < pollsPerState) {
            return;
        }
        b.polls = 0;
        ObjectNode md = (ObjectNode) b.op.get("metadata");
        if (b.cancel) {
            end(b, b.requests.size() / 2, "BATCH_STATE_CANCELLED");
            return;
        }
        if (b.stage == 0 && b.failValidation) {
            md.put("state", "BATCH_STATE_FAILED");
            b.op.put("done", true);
            b.op.putObject("error").put("code", 3).put("message", "scripted validation failure");
            return;
        }
        b.stage++;
        if (b.stage == STATES.size() - 1) {
            end(b, b.expireAfter >= 0 ? Math.min(b.expireAfter, b.requests.size()) : b.requests.size(),
                    b.expireAfter >= 0 ? "BATCH_STATE_EXPIRED" : "BATCH_STATE_SUCCEEDED");
            return;
        }
        md.put("state", STATES.get(b.stage));
    }

    /** Ends a batch: the first {@code done} requests ran (answered or failed as scripted); the rest have no response. */
    private void end(Batch b, int done, String state) {
        ObjectNode md = (ObjectNode) b.op.get("metadata");
        ObjectNode response = JSON.createObjectNode().put("@type", "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput");
        ArrayNode inlined = response.putObject("inlinedResponses").putArray("inlinedResponses");
        int ok = 0;
        int failed = 0;
        for (int i = 0; i < done; i++) {
            JsonNode r = b.requests.get(i);
            ObjectNode out = inlined.addObject();
            if (failing.test(r.get("request"))) {
                int code = failStatus == 429 ? 8 : failStatus >= 500 ? 13 : 3;
                out.putObject("error").put("code", code).put("message", failStatus == 429 ? "Resource has been exhausted: scripted"
                        : "Request contains an invalid argument: scripted");
                failed++;
            } else {
                try {
                    out.set("response", JSON.readTree(answerer.apply(r.get("request"), r.path("metadata").path("key").asText())));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                ok++;
            }
            if (r.has("metadata")) {
                out.set("metadata", r.get("metadata"));
            }
        }
        md.put("state", state).put("endTime", "2025-01-01T01:00:00Z");
        ((ObjectNode) md.get("batchStats")).put("successfulRequestCount", String.valueOf(ok)).put("failedRequestCount", String.valueOf(failed))
                .put("pendingRequestCount", String.valueOf(b.requests.size() - ok - failed));
        b.op.put("done", true);
        b.op.set("response", response);
    }

    private static BatchService.Reply error(int http, int code, String status, String message) {
        ObjectNode e = JSON.createObjectNode();
        e.putObject("error").put("code", http).put("message", message).put("status", status);
        return new BatchService.Reply(http, e.toString());
    }
}
