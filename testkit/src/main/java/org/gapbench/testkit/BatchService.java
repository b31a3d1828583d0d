package org.gapbench.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * OpenAI's Files and Batch APIs as {@link ProviderServer} speaks them: {@code POST /v1/files} (multipart/form-data,
 * purpose {@code batch}, a JSONL of {@code {custom_id, method, url, body}}), {@code POST /v1/batches},
 * {@code GET /v1/batches/{id}} (each poll moves a batch one state on: validating → in_progress → finalizing →
 * completed, or expired / failed when scripted), {@code GET /v1/batches} (the list, newest first),
 * {@code POST /v1/batches/{id}/cancel} and {@code GET /v1/files/{id}/content} (the output and error files); also
 * under DashScope's ({@code /compatible-mode/v1}) and Zhipu's ({@code /api/paas/v4}, whose batches name the endpoint
 * {@code /v4/chat/completions}) paths. Every
 * request line of an accepted batch is kept in {@link #submitted} (the proof that nothing is submitted twice).
 */
final class BatchService extends ScriptedBatches {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> STATES = List.of("validating", "in_progress", "finalizing", "completed");

    record Reply(int status, String body) {
    }

    private final Map<String, String> files = new LinkedHashMap<>();
    private final Map<String, Batch> batches = new LinkedHashMap<>();

    private static final class Batch {
        final ObjectNode json;
        final List<JsonNode> lines;
        int stage;
        int polls;
        boolean expire;
        int expireAfter;
        boolean failValidation;

        Batch(ObjectNode json, List<JsonNode> lines) {
            this.json = json;
            this.lines = lines;
        }
    }

    /** @param answerer the chat completion body for a request body and its custom id */
    BatchService(BiFunction<JsonNode, String, String> answerer) {
        super(answerer);
    }

    @Override
    synchronized int batchCount() {
        return batches.size();
    }

    static boolean handles(String path) {
        return path.matches(".*/(files|batches)(/.*)?");
    }

    /** What the ledger keeps of a request: its JSON body, or for an upload its purpose, file name and line count. */
    static JsonNode describe(String contentType, byte[] raw) throws IOException {
        if (contentType != null && contentType.startsWith("multipart/form-data")) {
            Map<String, String[]> parts = multipart(contentType, raw);
            ObjectNode d = JSON.createObjectNode();
            d.put("purpose", parts.containsKey("purpose") ? parts.get("purpose")[1] : null);
            String[] file = parts.get("file");
            d.put("filename", file == null ? null : file[0]);
            d.put("lines", file == null ? 0 : file[1].lines().filter(l -> !l.isBlank()).count());
            return d;
        }
        return raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
    }

    synchronized Reply handle(String method, String path, String contentType, byte[] raw) throws IOException {
        String p = path.replaceFirst("\\?.*$", "");
        if (method.equals("POST") && p.endsWith("/files")) {
            Map<String, String[]> parts = multipart(contentType, raw);
            if (!parts.containsKey("file") || !parts.containsKey("purpose") || !"batch".equals(parts.get("purpose")[1])) {
                return error(400, "a batch file needs the parts 'file' and 'purpose' (batch)");
            }
            String id = "file-" + (++seq);
            String content = parts.get("file")[1];
            files.put(id, content);
            ObjectNode f = JSON.createObjectNode().put("id", id).put("object", "file").put("bytes", content.getBytes(StandardCharsets.UTF_8).length)
                    .put("created_at", 1).put("filename", parts.get("file")[0]).put("purpose", "batch");
            return new Reply(200, f.toString());
        }
        if (method.equals("POST") && p.endsWith("/batches")) {
            JsonNode body = JSON.readTree(raw);
            String fileId = body.path("input_file_id").asText();
            if (!files.containsKey(fileId)) {
                return error(404, "No such File object: " + fileId);
            }
            String endpoint = chatEndpoint(p);
            if (!endpoint.equals(body.path("endpoint").asText()) || !"24h".equals(body.path("completion_window").asText())) {
                return error(400, "endpoint must be " + endpoint + " and completion_window 24h");
            }
            List<JsonNode> lines = new ArrayList<>();
            for (String l : files.get(fileId).split("\n")) {
                if (!l.isBlank()) {
                    JsonNode line = JSON.readTree(l);
                    if (!line.hasNonNull("custom_id") || !"POST".equals(line.path("method").asText())
                            || !endpoint.equals(line.path("url").asText()) || !line.has("body")) {
                        return error(400, "each line needs custom_id, method POST, url " + endpoint + " and body");
                    }
                    lines.add(line);
                }
            }
            String id = "batch_" + (++seq);
            ObjectNode b = JSON.createObjectNode().put("id", id).put("object", "batch").put("endpoint", "/v1/chat/completions")
                    .put("input_file_id", fileId).put("completion_window", "24h").put("status", "validating").put("created_at", 1);
            b.put("endpoint", endpoint);
            b.putNull("output_file_id");
            b.putNull("error_file_id");
            b.putObject("request_counts").put("total", lines.size()).put("completed", 0).put("failed", 0);
            Batch batch = new Batch(b, lines);
            batch.expire = expireAfter >= 0;
            batch.expireAfter = expireAfter;
            batch.failValidation = failValidation;
            expireAfter = -1;
            failValidation = false;
            batches.put(id, batch);
            lines.forEach(l -> submitted.add(l.get("custom_id").asText()));
            return new Reply(200, b.toString());
        }
        if (method.equals("GET") && p.endsWith("/batches")) {
            ObjectNode list = JSON.createObjectNode().put("object", "list");
            ArrayNode data = list.putArray("data");
            List<Batch> all = new ArrayList<>(batches.values());
            for (int i = all.size() - 1; i >= 0; i--) {
                data.add(all.get(i).json);
            }
            list.put("has_more", false);
            return new Reply(200, list.toString());
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(".*/batches/([^/]+)(/cancel)?$").matcher(p);
        if (m.matches()) {
            Batch b = batches.get(m.group(1));
            if (b == null) {
                return error(404, "No such Batch object: " + m.group(1));
            }
            if (m.group(2) != null && method.equals("POST")) {
                if (!isTerminal(b)) {
                    finish(b, "cancelled", countFinished(b, b.lines.size() / 2));
                }
                return new Reply(200, b.json.toString());
            }
            if (method.equals("GET")) {
                advance(b);
                return new Reply(200, b.json.toString());
            }
        }
        m = java.util.regex.Pattern.compile(".*/files/([^/]+)/content$").matcher(p);
        if (m.matches() && method.equals("GET")) {
            String content = files.get(m.group(1));
            return content == null ? error(404, "No such File object: " + m.group(1)) : new Reply(200, content);
        }
        return error(404, "no such endpoint");
    }

    /**
     * The chat endpoint a batch and each of its lines must name: Zhipu's ({@code /api/paas/v4/...}) is
     * {@code /v4/chat/completions}; OpenAI's and DashScope's ({@code compatible-mode/v1}) {@code /v1/chat/completions}.
     */
    static String chatEndpoint(String path) {
        return path.contains("/paas/v4/") ? "/v4/chat/completions" : "/v1/chat/completions";
    }

    private static boolean isTerminal(Batch b) {
        return List.of("completed", "expired", "cancelled", "failed").contains(b.json.path("status").asText());
    }

    private int countFinished(Batch b, int n) {
        return Math.min(n, b.lines.size());
    }

    /** One poll: the batch moves on a state every {@code pollsPerState} polls. */
    private void advance(Batch b) {
        if (isTerminal(b) || ++b.polls < pollsPerState) {
            return;
        }
        b.polls = 0;
        if (b.stage == 0 && b.failValidation) {
            b.json.put("status", "failed");
            b.json.putObject("errors").put("object", "list").putArray("data").addObject().put("code", "invalid_request")
                    .put("message", "scripted validation failure");
            return;
        }
        b.stage++;
        String state = STATES.get(b.stage);
        if (state.equals("completed")) {
            if (b.expire) {
                finish(b, "expired", countFinished(b, b.expireAfter));
            } else {
                finish(b, "completed", b.lines.size());
            }
            return;
        }
        b.json.put("status", state);
    }

    /** Ends a batch: the first {@code done} lines are answered (or fail as scripted), the rest expire. */
    private void finish(Batch b, String status, int done) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        int completed = 0;
        int failed = 0;
        for (int i = 0; i < b.lines.size(); i++) {
            JsonNode line = b.lines.get(i);
            String customId = line.get("custom_id").asText();
            ObjectNode o = JSON.createObjectNode().put("id", "batch_req_" + (++seq)).put("custom_id", customId);
            if (i >= done) {
                o.putNull("response");
                String code = status.equals("expired") ? "batch_expired" : "batch_cancelled";
                o.putObject("error").put("code", code).put("message", status.equals("expired")
                        ? "This request could not be executed before the completion window expired." : "This request was cancelled.");
                err.append(o).append('\n');
                failed++;
            } else if (failing.test(line.get("body"))) {
                ObjectNode r = o.putObject("response").put("status_code", failStatus).put("request_id", "req_" + seq);
                r.putObject("body").putObject("error").put("message", failStatus == 429 ? "Rate limit reached: scripted failure"
                        : "Invalid 'messages': scripted failure").put("type", failStatus == 429 ? "rate_limit_error" : "invalid_request_error");
                o.putNull("error");
                err.append(o).append('\n');
                failed++;
            } else {
                ObjectNode r = o.putObject("response").put("status_code", 200).put("request_id", "req_" + seq);
                try {
                    r.set("body", JSON.readTree(answerer.apply(line.get("body"), customId)));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                o.putNull("error");
                out.append(o).append('\n');
                completed++;
            }
        }
        if (!out.isEmpty()) {
            String id = "file-" + (++seq);
            files.put(id, out.toString());
            b.json.put("output_file_id", id);
        }
        if (!err.isEmpty()) {
            String id = "file-" + (++seq);
            files.put(id, err.toString());
            b.json.put("error_file_id", id);
        }
        b.json.put("status", status);
        ((ObjectNode) b.json.get("request_counts")).put("completed", completed).put("failed", failed);
    }

    private static Reply error(int status, String message) {
        ObjectNode e = JSON.createObjectNode();
        e.putObject("error").put("message", message).put("type", "invalid_request_error");
        return new Reply(status, e.toString());
    }

    /** The parts of a multipart/form-data body: name → {file name or null, content}. */
    private static Map<String, String[]> multipart(String contentType, byte[] raw) {
        Map<String, String[]> parts = new LinkedHashMap<>();
        java.util.regex.Matcher bm = java.util.regex.Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(contentType == null ? "" : contentType);
        if (!bm.find()) {
            return parts;
        }
        String body = new String(raw, StandardCharsets.UTF_8);
        String delimiter = "--" + bm.group(1);
        for (String part : body.split(java.util.regex.Pattern.quote(delimiter))) {
            if (part.startsWith("--") || part.isBlank()) {
                continue;
            }
            int headersEnd = part.indexOf("\r\n\r\n");
            if (headersEnd < 0) {
                continue;
            }
            String headers = part.substring(0, headersEnd);
            String content = part.substring(headersEnd + 4);
            if (content.endsWith("\r\n")) {
                content = content.substring(0, content.length() - 2);
            }
            java.util.regex.Matcher name = java.util.regex.Pattern.compile("name=\"([^\"]*)\"").matcher(headers);
            java.util.regex.Matcher file = java.util.regex.Pattern.compile("filename=\"([^\"]*)\"").matcher(headers);
            if (name.find()) {
                parts.put(name.group(1), new String[] {file.find() ? file.group(1) : null, content});
            }
        }
        return parts;
    }
}
