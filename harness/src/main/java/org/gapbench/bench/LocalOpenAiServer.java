package org.gapbench.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.gapbench.io.Json;

/**
 * An OpenAI-compatible chat server on 127.0.0.1 with configurable latency, jitter, response size and 429 rate.
 * {@code gapbench bench} measures the harness against it, and tests use it as a real provider speaking the wire
 * format. It answers {@code POST /v1/chat/completions} with whatever {@code answer} makes of the request.
 */
public final class LocalOpenAiServer implements AutoCloseable {

    /**
     * @param latency   fixed delay before answering
     * @param jitter    extra uniform random delay in [0, jitter]
     * @param rate429   fraction of requests answered with 429 and Retry-After: 0 (seconds)
     * @param answer    the assistant text for a request (the parsed JSON body)
     */
    public record Config(Duration latency, Duration jitter, double rate429, Function<JsonNode, String> answer) {
        public static Config echo(String text) {
            return new Config(Duration.ZERO, Duration.ZERO, 0, req -> text);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Config config;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();

    private LocalOpenAiServer(Config config) throws IOException {
        // Without nodelay every loopback exchange waits ~40 ms on Nagle/delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.config = config;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "local-openai-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static LocalOpenAiServer start(Config config) {
        try {
            return new LocalOpenAiServer(config);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the local server: " + e.getMessage(), e);
        }
    }

    /** The base URL to give a client, ending in {@code /v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Chat requests received (429s included). */
    public long requests() {
        return requests.get();
    }

    public long throttled() {
        return throttled.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (!ex.getRequestMethod().equals("POST") || !ex.getRequestURI().getPath().endsWith("/chat/completions")) {
                send(ex, 404, "{\"error\":{\"message\":\"not found\"}}");
                return;
            }
            requests.incrementAndGet();
            long delay = config.latency().toNanos();
            if (!config.jitter().isZero()) {
                delay += ThreadLocalRandom.current().nextLong(config.jitter().toNanos() + 1);
            }
            if (delay > 0) {
                try {
                    Thread.sleep(delay / 1_000_000, (int) (delay % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (config.rate429() > 0 && ThreadLocalRandom.current().nextDouble() < config.rate429()) {
                throttled.incrementAndGet();
                ex.getResponseHeaders().add("Retry-After", "0");
                send(ex, 429, "{\"error\":{\"message\":\"rate limited\",\"type\":\"rate_limit\"}}");
                return;
            }
            JsonNode req = Json.MAPPER.readTree(body);
            String text = config.answer().apply(req);
            send(ex, 200, completion(req.path("model").asText("local"), text));
        }
    }

    /** An OpenAI chat completion object with usage. */
    static String completion(String model, String text) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("id", "chatcmpl-local");
        root.put("object", "chat.completion");
        root.put("created", 0);
        root.put("model", model);
        ArrayNode choices = root.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", text);
        choice.put("finish_reason", "stop");
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", 50);
        usage.put("completion_tokens", Math.max(1, text.length() / 4));
        usage.put("total_tokens", 50 + Math.max(1, text.length() / 4));
        return root.toString();
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
