package org.gapbench.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.gapbench.io.Json;

/**
 * A provider double for tests: a real HTTP server on 127.0.0.1 that speaks the OpenAI, Anthropic, Gemini and
 * Ollama chat wire formats (chosen by path), records every request, and plays a script of faults
 * (status codes with headers, hangs, malformed bodies) before answering normally.
 */
public final class WireServer implements AutoCloseable {

    /** One recorded request. */
    public record Request(String method, String path, Map<String, List<String>> headers, JsonNode body) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        /** The text of the last user message, whatever the wire format. */
        public String userText() {
            JsonNode msgs = body.has("messages") ? body.get("messages") : body.path("contents");
            JsonNode last = msgs.get(msgs.size() - 1);
            if (last.has("content")) {
                JsonNode c = last.get("content");
                return c.isTextual() ? c.asText() : c.get(0).path("text").asText();
            }
            return last.path("parts").get(0).path("text").asText();
        }
    }

    /** What to do with one request. */
    public sealed interface Step permits Ok, Status, Hang, Malformed {
    }

    public record Ok() implements Step {
    }

    public record Status(int code, String body, Map<String, String> headers) implements Step {
    }

    public record Hang(long millis) implements Step {
    }

    public record Malformed(String body) implements Step {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "wire-server");
        t.setDaemon(true);
        return t;
    });
    private final ConcurrentLinkedQueue<Step> script = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private volatile Function<Request, String> answer = r -> "The answer is \\boxed{42}.";
    private volatile String reasoning;
    private volatile long delayMillis;

    public WireServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Faults to play, one per request, before normal answers resume. */
    public WireServer script(Step... steps) {
        script.addAll(List.of(steps));
        return this;
    }

    public WireServer answer(Function<Request, String> f) {
        this.answer = f;
        return this;
    }

    /** Reasoning to return in each format's own field (reasoning_content, thinking block, thought part, thinking). */
    public WireServer reasoning(String text) {
        this.reasoning = text;
        return this;
    }

    /** Answer every request after this delay (a slow provider). */
    public WireServer delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] raw = ex.getRequestBody().readAllBytes();
            JsonNode body = raw.length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(raw);
            Request req = new Request(ex.getRequestMethod(), ex.getRequestURI().toString(), Map.copyOf(ex.getRequestHeaders()), body);
            requests.add(req);
            Step step = script.poll();
            if (step instanceof Status s) {
                s.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
                send(ex, s.code(), s.body());
                return;
            }
            if (step instanceof Hang h) {
                try {
                    Thread.sleep(h.millis());
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (step instanceof Malformed m) {
                send(ex, 200, m.body());
                return;
            }
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
            String text = answer.apply(req);
            String path = ex.getRequestURI().getPath();
            if (path.endsWith("/chat/completions")) {
                send(ex, 200, openAi(req, text));
            } else if (path.endsWith("/messages")) {
                send(ex, 200, anthropic(req, text));
            } else if (path.contains(":generateContent")) {
                send(ex, 200, gemini(text));
            } else if (path.endsWith("/api/chat")) {
                send(ex, 200, ollama(req, text));
            } else {
                send(ex, 404, "{\"error\":\"no such endpoint\"}");
            }
        }
    }

    private String openAi(Request req, String text) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        // Providers answer with the dated model an alias resolved to.
        root.put("id", "chatcmpl-1").put("object", "chat.completion").put("created", 1).put("model", req.body().path("model").asText() + "-2025-01-01");
        ObjectNode msg = root.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop").putObject("message");
        msg.put("role", "assistant").put("content", text);
        if (reasoning != null) {
            msg.put("reasoning_content", reasoning);
        }
        root.putObject("usage").put("prompt_tokens", 11).put("completion_tokens", 7).put("total_tokens", 18)
                .putObject("completion_tokens_details").put("reasoning_tokens", reasoning == null ? 0 : 3);
        return root.toString();
    }

    private String anthropic(Request req, String text) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("id", "msg_1").put("type", "message").put("role", "assistant").put("model", req.body().path("model").asText());
        var content = root.putArray("content");
        if (reasoning != null) {
            content.addObject().put("type", "thinking").put("thinking", reasoning).put("signature", "sig");
        }
        content.addObject().put("type", "text").put("text", text);
        root.put("stop_reason", "end_turn");
        root.putObject("usage").put("input_tokens", 11).put("output_tokens", 7);
        return root.toString();
    }

    private String gemini(String text) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode cand = root.putArray("candidates").addObject();
        var parts = cand.putObject("content").put("role", "model").putArray("parts");
        if (reasoning != null) {
            parts.addObject().put("text", reasoning).put("thought", true);
        }
        parts.addObject().put("text", text);
        cand.put("finishReason", "STOP");
        root.putObject("usageMetadata").put("promptTokenCount", 11).put("candidatesTokenCount", 7).put("totalTokenCount", 18);
        return root.toString();
    }

    private String ollama(Request req, String text) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("model", req.body().path("model").asText()).put("created_at", "2025-01-01T00:00:00Z");
        ObjectNode msg = root.putObject("message").put("role", "assistant").put("content", text);
        if (reasoning != null) {
            msg.put("thinking", reasoning);
        }
        root.put("done", true).put("done_reason", "stop").put("prompt_eval_count", 11).put("eval_count", 7);
        return root.toString();
    }

    private static void send(HttpExchange ex, int code, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(code, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
