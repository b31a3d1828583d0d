package org.gapbench.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model provider on 127.0.0.1 for the tests and the benchmark: a real HTTP server that speaks the OpenAI, Anthropic,
 * Gemini and Ollama chat wire formats (chosen by path), keeps a ledger of the requests it received (with their arrival
 * times), and plays a script of faults before answering normally: status codes with headers, delays, malformed
 * bodies, and bodies that trickle, stall, never end or never come (a reset connection). It is the only fake provider
 * of the project, and it is not in the product jar.
 *
 * <p>Waiting is done by a timer, never by a sleeping thread: a request is parsed, its reply scheduled, and 256
 * requests in flight cost 256 open exchanges and two handler threads, so the benchmark measures the harness and not
 * this server. A path prefix {@code /latency/<ms>} sets the latency of one request; {@code GET /stats[?reset]}
 * reports the requests seen and the first and last arrival on this server's clock.
 */
public final class ProviderServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LATENCY_PREFIX = Pattern.compile("^/latency/(\\d+)(/.*)$");

    /** One request as received. {@code arrivedNanos} is on this server's {@link System#nanoTime} clock. */
    public record Request(String method, String path, Map<String, List<String>> headers, JsonNode body, long arrivedNanos) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        public String model() {
            return body.path("model").asText();
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

    /** What to do with one request of the script. */
    public sealed interface Step permits Ok, Status, Hang, Malformed, SlowBody, Stall, Endless, Reset {
    }

    /** Answer normally. */
    public record Ok() implements Step {
    }

    /** Answer with this status, body and headers (a 429 with Retry-After, a 500, a 401). */
    public record Status(int code, String body, Map<String, String> headers) implements Step {
    }

    /** Answer normally, after {@code millis}. */
    public record Hang(long millis) implements Step {
    }

    /** Answer 200 with this body. */
    public record Malformed(String body) implements Step {
    }

    /** Answer normally, but send the body {@code chunkBytes} at a time, one chunk every {@code everyMillis}. */
    public record SlowBody(int chunkBytes, long everyMillis) implements Step {
    }

    /**
     * Send 200 and its headers, then one byte of the body (a space, which JSON allows) every {@code everyMillis},
     * never ending it: a body that stalls after the headers.
     */
    public record Stall(long everyMillis) implements Step {
    }

    /** Send 200 and a chunked body of {@code chunkBytes}-byte chunks, as fast as the client reads, forever. */
    public record Endless(int chunkBytes) implements Step {
    }

    /** Close the connection without answering: what a client sees when the server or a proxy resets it. */
    public record Reset() implements Step {
    }

    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService timer;
    private final ExecutorService streamers = Executors.newCachedThreadPool(daemon("provider-server-stream"));
    private final ConcurrentLinkedQueue<Step> script = new ConcurrentLinkedQueue<>();
    private final List<Request> ledger = new ArrayList<>();
    private final boolean keepLedger;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong firstArrival = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastArrival = new AtomicLong(Long.MIN_VALUE);
    private volatile Function<Request, String> answer = r -> "The answer is \\boxed{42}.";
    private volatile String reasoning;
    private volatile java.util.function.Predicate<Request> cutOff = r -> false;
    private volatile long latencyNanos;
    private final long jitterNanos;
    private final double rate429;

    private ProviderServer(Builder b) throws IOException {
        // Without nodelay every loopback exchange waits ~40 ms on Nagle/delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.keepLedger = b.keepLedger;
        this.latencyNanos = b.latency.toNanos();
        this.jitterNanos = b.jitter.toNanos();
        this.rate429 = b.rate429;
        if (b.answer != null) {
            this.answer = b.answer;
        }
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 4096);
        this.handlers = Executors.newFixedThreadPool(2, daemon("provider-server"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("provider-server-timer"));
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A server with the defaults: no latency, every request kept in the ledger, any free port. */
    public static ProviderServer start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An answer that needs only the request's JSON body. */
    public static Function<Request, String> onBody(Function<JsonNode, String> f) {
        return r -> f.apply(r.body());
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** The OpenAI-style base URL, ending in {@code /v1}. */
    public String baseUrl() {
        return url("/v1");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Steps to play, one per request, before normal answers resume. */
    public ProviderServer script(Step... steps) {
        script.addAll(List.of(steps));
        return this;
    }

    public ProviderServer answer(Function<Request, String> f) {
        this.answer = f;
        return this;
    }

    /** Reasoning to return in each format's own field (reasoning_content, thinking block, thought part, thinking). */
    public ProviderServer reasoning(String text) {
        this.reasoning = text;
        return this;
    }

    /**
     * Requests answered as if the model hit its token limit: the finish reason each wire format uses for it
     * ({@code length}, {@code max_tokens}, {@code MAX_TOKENS}), with the text the answer function gives.
     */
    public ProviderServer cutOff(java.util.function.Predicate<Request> which) {
        this.cutOff = which;
        return this;
    }

    /** Answer every request after this delay (a slow provider). */
    public ProviderServer delay(long millis) {
        this.latencyNanos = TimeUnit.MILLISECONDS.toNanos(millis);
        return this;
    }

    /** The requests received so far, in order of arrival (empty when the ledger is off). */
    public List<Request> requests() {
        synchronized (ledger) {
            return List.copyOf(ledger);
        }
    }

    /** Chat requests received, 429s included. */
    public long requestCount() {
        return requests.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] raw;
        try (InputStream in = ex.getRequestBody()) {
            raw = in.readAllBytes();
        }
        long now = System.nanoTime();
        String path = ex.getRequestURI().getPath();
        long delay = latencyNanos;
        Matcher prefix = LATENCY_PREFIX.matcher(path);
        if (prefix.matches()) {
            delay = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(prefix.group(1)));
            path = prefix.group(2);
        }
        if (ex.getRequestMethod().equals("GET") && path.equals("/stats")) {
            send(ex, 200, stats("reset".equals(ex.getRequestURI().getQuery())));
            return;
        }
        JsonNode body;
        try {
            body = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
        } catch (IOException e) {
            send(ex, 400, "{\"error\":{\"message\":\"request body is not JSON\"}}");
            return;
        }
        Request req = new Request(ex.getRequestMethod(), ex.getRequestURI().toString(), Map.copyOf(ex.getRequestHeaders()), body, now);
        requests.incrementAndGet();
        firstArrival.accumulateAndGet(now, Math::min);
        lastArrival.accumulateAndGet(now, Math::max);
        if (keepLedger) {
            synchronized (ledger) {
                ledger.add(req);
            }
        }
        Step step = script.poll();
        if (step instanceof Hang h) {
            delay += TimeUnit.MILLISECONDS.toNanos(h.millis());
        }
        if (jitterNanos > 0) {
            delay += ThreadLocalRandom.current().nextLong(jitterNanos + 1);
        }
        String wirePath = path;
        Runnable reply = () -> reply(ex, req, wirePath, step);
        if (delay <= 0) {
            reply.run();
        } else {
            timer.schedule(() -> handlers.execute(reply), delay, TimeUnit.NANOSECONDS);
        }
    }

    private void reply(HttpExchange ex, Request req, String path, Step step) {
        try {
            if (step instanceof Status s) {
                s.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
                send(ex, s.code(), s.body());
                return;
            }
            if (step instanceof Malformed m) {
                send(ex, 200, m.body());
                return;
            }
            if (step instanceof Reset) {
                ex.close(); // no response headers were sent: the connection itself is closed
                return;
            }
            if (step instanceof Stall st) {
                stall(ex, st.everyMillis());
                return;
            }
            if (step instanceof Endless e) {
                endless(ex, e.chunkBytes());
                return;
            }
            if (rate429 > 0 && ThreadLocalRandom.current().nextDouble() < rate429) {
                throttled.incrementAndGet();
                ex.getResponseHeaders().add("Retry-After", "0");
                send(ex, 429, "{\"error\":{\"message\":\"rate limited\",\"type\":\"rate_limit\"}}");
                return;
            }
            String text = answer.apply(req);
            boolean cut = cutOff.test(req);
            String body = path.endsWith("/chat/completions") ? openAi(req, text, cut ? "length" : "stop")
                    : path.endsWith("/messages") ? anthropic(req, text, cut ? "max_tokens" : "end_turn")
                    : path.contains(":generateContent") ? gemini(text, cut ? "MAX_TOKENS" : "STOP")
                    : path.endsWith("/api/chat") ? ollama(req, text, cut ? "length" : "stop") : null;
            if (body == null) {
                send(ex, 404, "{\"error\":{\"message\":\"no such endpoint\"}}");
            } else if (step instanceof SlowBody slow) {
                slowly(ex, body.getBytes(StandardCharsets.UTF_8), slow.chunkBytes(), slow.everyMillis());
            } else {
                send(ex, 200, body);
            }
        } catch (IOException | RuntimeException e) {
            try {
                send(ex, 500, "{\"error\":{\"message\":" + JSON.valueToTree(String.valueOf(e.getMessage())) + "}}");
            } catch (IOException ignored) {
                ex.close(); // the client went away
            }
        }
    }

    /** Sends {@code body} {@code chunk} bytes at a time on the timer: no handler thread waits between chunks. */
    private void slowly(HttpExchange ex, byte[] body, int chunk, long everyMillis) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        OutputStream out = ex.getResponseBody();
        int[] sent = {0};
        ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
        task[0] = timer.scheduleAtFixedRate(() -> {
            try {
                int n = Math.min(chunk, body.length - sent[0]);
                out.write(body, sent[0], n);
                out.flush();
                sent[0] += n;
                if (sent[0] == body.length) {
                    task[0].cancel(false);
                    out.close();
                    ex.close();
                }
            } catch (IOException e) {
                task[0].cancel(false); // the client went away
                ex.close();
            }
        }, 0, everyMillis, TimeUnit.MILLISECONDS);
    }

    /** Headers, then a space every {@code everyMillis}, until the client gives up or the server stops. */
    private void stall(HttpExchange ex, long everyMillis) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
        task[0] = timer.scheduleAtFixedRate(() -> {
            try {
                out.write(' ');
                out.flush();
            } catch (IOException e) {
                task[0].cancel(false);
                ex.close();
            }
        }, 0, everyMillis, TimeUnit.MILLISECONDS);
    }

    /** A chunked body that never ends, written on a thread of its own until the client stops reading. */
    private void endless(HttpExchange ex, int chunkBytes) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, 0);
        byte[] chunk = new byte[chunkBytes];
        java.util.Arrays.fill(chunk, (byte) ' ');
        streamers.execute(() -> {
            try (OutputStream out = ex.getResponseBody()) {
                while (!streamers.isShutdown()) {
                    out.write(chunk);
                    out.flush();
                }
            } catch (IOException e) {
                // the client cut the body off, as it should
            } finally {
                ex.close();
            }
        });
    }

    /** @param reset start counting afresh after this report (one comparison phase after another) */
    private synchronized String stats(boolean reset) {
        ObjectNode s = JSON.createObjectNode();
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

    private String openAi(Request req, String text, String finish) {
        ObjectNode root = JSON.createObjectNode();
        // Providers answer with the dated model an alias resolved to.
        root.put("id", "chatcmpl-1").put("object", "chat.completion").put("created", 1).put("model", req.model() + "-2025-01-01");
        ObjectNode msg = root.putArray("choices").addObject().put("index", 0).put("finish_reason", finish).putObject("message");
        msg.put("role", "assistant").put("content", text);
        if (reasoning != null) {
            msg.put("reasoning_content", reasoning);
        }
        root.putObject("usage").put("prompt_tokens", 11).put("completion_tokens", 7).put("total_tokens", 18)
                .putObject("completion_tokens_details").put("reasoning_tokens", reasoning == null ? 0 : 3);
        return root.toString();
    }

    private String anthropic(Request req, String text, String stop) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "msg_1").put("type", "message").put("role", "assistant").put("model", req.model());
        var content = root.putArray("content");
        if (reasoning != null) {
            content.addObject().put("type", "thinking").put("thinking", reasoning).put("signature", "sig");
        }
        content.addObject().put("type", "text").put("text", text);
        root.put("stop_reason", stop);
        root.putObject("usage").put("input_tokens", 11).put("output_tokens", 7);
        return root.toString();
    }

    private String gemini(String text, String finish) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode cand = root.putArray("candidates").addObject();
        var parts = cand.putObject("content").put("role", "model").putArray("parts");
        if (reasoning != null) {
            parts.addObject().put("text", reasoning).put("thought", true);
        }
        parts.addObject().put("text", text);
        cand.put("finishReason", finish);
        root.putObject("usageMetadata").put("promptTokenCount", 11).put("candidatesTokenCount", 7).put("totalTokenCount", 18);
        return root.toString();
    }

    private String ollama(Request req, String text, String done) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", req.model()).put("created_at", "2025-01-01T00:00:00Z");
        ObjectNode msg = root.putObject("message").put("role", "assistant").put("content", text);
        if (reasoning != null) {
            msg.put("thinking", reasoning);
        }
        root.put("done", true).put("done_reason", done).put("prompt_eval_count", 11).put("eval_count", 7);
        return root.toString();
    }

    private static void send(HttpExchange ex, int code, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(code, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
        timer.shutdownNow();
        handlers.shutdownNow();
        streamers.shutdownNow();
    }

    public static final class Builder {
        private Duration latency = Duration.ZERO;
        private Duration jitter = Duration.ZERO;
        private double rate429;
        private Function<Request, String> answer;
        private boolean keepLedger = true;
        private int port;

        private Builder() {
        }

        public Builder latency(Duration d) {
            latency = d;
            return this;
        }

        /** Extra uniform random delay in [0, d]. */
        public Builder jitter(Duration d) {
            jitter = d;
            return this;
        }

        /** Fraction of requests answered 429 with {@code Retry-After: 0}. */
        public Builder rate429(double fraction) {
            rate429 = fraction;
            return this;
        }

        public Builder answer(Function<Request, String> f) {
            answer = f;
            return this;
        }

        /** Keep no ledger (a benchmark's hundred thousand requests). */
        public Builder noLedger() {
            keepLedger = false;
            return this;
        }

        /** 0 (the default) for any free port. */
        public Builder port(int p) {
            port = p;
            return this;
        }

        public ProviderServer start() {
            try {
                return new ProviderServer(this);
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the provider server: " + e.getMessage(), e);
            }
        }
    }
}
