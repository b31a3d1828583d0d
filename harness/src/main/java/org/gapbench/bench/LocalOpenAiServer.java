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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gapbench.io.Json;

/**
 * An OpenAI-compatible chat server on 127.0.0.1 with configurable latency, jitter, response size and 429 rate.
 * {@code gapbench bench} measures the harness against it, and tests use it as a real provider speaking the wire
 * format. It answers {@code POST /v1/chat/completions} with whatever {@code answer} makes of the request.
 *
 * <p>Latency is simulated with a timer, not a sleeping thread: the handler parses the request and schedules the
 * reply, so 256 requests in flight cost 256 open exchanges and no thread each. A path prefix
 * {@code /latency/<ms>} overrides the configured fixed latency for that request, so one server process can serve
 * every latency of a benchmark. {@code GET /stats} reports the requests seen and the first and last arrival
 * (nanoseconds on this server's clock), which lets a comparison measure any client's steady rate the same way;
 * {@code GET /stats?reset} also starts the counts afresh.
 */
public final class LocalOpenAiServer implements AutoCloseable {
    private static final Pattern LATENCY_PREFIX = Pattern.compile("^/latency/(\\d+)(/.*)$");

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
    private final ExecutorService handlers;
    private final ScheduledExecutorService timer;
    private final Config config;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong firstArrival = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastArrival = new AtomicLong(Long.MIN_VALUE);

    private LocalOpenAiServer(Config config, int port) throws IOException {
        // Without nodelay every loopback exchange waits ~40 ms on Nagle/delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.config = config;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
        // Handlers never block (delays go to the timer), so a couple of threads keep up with the dispatcher.
        this.handlers = Executors.newFixedThreadPool(2, daemon("local-openai-server"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("local-openai-timer"));
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    public static LocalOpenAiServer start(Config config) {
        return start(config, 0);
    }

    /** @param port 0 for any free port */
    public static LocalOpenAiServer start(Config config, int port) {
        try {
            return new LocalOpenAiServer(config, port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the local server: " + e.getMessage(), e);
        }
    }

    /** The base URL to give a client, ending in {@code /v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Chat requests received (429s included). */
    public long requests() {
        return requests.get();
    }

    public long throttled() {
        return throttled.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        String path = ex.getRequestURI().getPath();
        long delay = config.latency().toNanos();
        Matcher prefix = LATENCY_PREFIX.matcher(path);
        if (prefix.matches()) {
            delay = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(prefix.group(1)));
            path = prefix.group(2);
        }
        if (ex.getRequestMethod().equals("GET") && path.equals("/stats")) {
            send(ex, 200, stats("reset".equals(ex.getRequestURI().getQuery())));
            return;
        }
        if (!ex.getRequestMethod().equals("POST") || !path.endsWith("/chat/completions")) {
            send(ex, 404, "{\"error\":{\"message\":\"not found\"}}");
            return;
        }
        long now = System.nanoTime();
        requests.incrementAndGet();
        firstArrival.accumulateAndGet(now, Math::min);
        lastArrival.accumulateAndGet(now, Math::max);
        if (!config.jitter().isZero()) {
            delay += ThreadLocalRandom.current().nextLong(config.jitter().toNanos() + 1);
        }
        if (delay <= 0) {
            reply(ex, body);
        } else {
            timer.schedule(() -> handlers.execute(() -> reply(ex, body)), delay, TimeUnit.NANOSECONDS);
        }
    }

    private void reply(HttpExchange ex, byte[] body) {
        try {
            if (config.rate429() > 0 && ThreadLocalRandom.current().nextDouble() < config.rate429()) {
                throttled.incrementAndGet();
                ex.getResponseHeaders().add("Retry-After", "0");
                send(ex, 429, "{\"error\":{\"message\":\"rate limited\",\"type\":\"rate_limit\"}}");
                return;
            }
            JsonNode req = Json.MAPPER.readTree(body);
            send(ex, 200, completion(req.path("model").asText("local"), config.answer().apply(req)));
        } catch (IOException | RuntimeException e) {
            try {
                send(ex, 500, "{\"error\":{\"message\":" + Json.write(String.valueOf(e.getMessage())) + "}}");
            } catch (IOException ignored) {
                ex.close(); // the client went away
            }
        }
    }

    /** @param reset start counting afresh after this report (one comparison phase after another) */
    private synchronized String stats(boolean reset) {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("requests", requests.get());
        s.put("throttled", throttled.get());
        s.put("first_arrival_ns", requests.get() == 0 ? 0 : firstArrival.get());
        s.put("last_arrival_ns", requests.get() == 0 ? 0 : lastArrival.get());
        if (reset) {
            requests.set(0);
            throttled.set(0);
            firstArrival.set(Long.MAX_VALUE);
            lastArrival.set(Long.MIN_VALUE);
        }
        return s.toString();
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
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
        timer.shutdownNow();
        handlers.shutdownNow();
    }
}
