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
 * bodies, and bodies that trickle, stall, never end or never come (a reset connection). A request that asks for a
 * stream ({@code "stream": true}) on the OpenAI or Anthropic format is answered with that format's server-sent events,
 * which can also stall midway or never end. It is the only fake provider of the project, and it is not in the
 * product jar.
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
    public sealed interface Step permits Ok, Status, Hang, Malformed, SlowBody, Stall, Endless, Reset, StallStream, EndlessStream {
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

    /**
     * A streamed request ({@code "stream": true}) is answered with its first {@code events} server-sent events, and
     * then nothing more, the connection left open: a provider that stalls in the middle of an answer.
     */
    public record StallStream(int events) implements Step {
    }

    /** A streamed request is answered with a stream of text deltas that never ends, as fast as the client reads. */
    public record EndlessStream() implements Step {
    }

    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService timer;
    private final ExecutorService streamers = Executors.newCachedThreadPool(daemon("provider-server-stream"));
    private final ConcurrentLinkedQueue<Step> script = new ConcurrentLinkedQueue<>();
    private final List<Request> ledger = new ArrayList<>();
    private final BatchService batches = new BatchService(this::batchAnswer);
    private final AnthropicBatchService anthropicBatches = new AnthropicBatchService(this::anthropicBatchAnswer);
    private final GeminiBatchService geminiBatches = new GeminiBatchService(this::geminiBatchAnswer);
    private final boolean keepLedger;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong firstArrival = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastArrival = new AtomicLong(Long.MIN_VALUE);
    private volatile Function<Request, String> answer = r -> "The answer is \\boxed{42}.";
    private volatile String reasoning;
    private volatile java.util.function.Predicate<Request> cutOff = r -> false;
    private volatile long latencyNanos;
    private volatile long streamEveryMillis;
    private final AtomicLong streamed = new AtomicLong();
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

    /**
     * Send the events of a streamed answer {@code millis} apart (0, the default: one after another, each flushed):
     * a model that generates slowly.
     */
    public ProviderServer streamEvery(long millis) {
        this.streamEveryMillis = millis;
        return this;
    }

    /** Chat requests that asked for a streamed answer ({@code "stream": true}). */
    public long streamedCount() {
        return streamed.get();
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
        if (BatchService.handles(path) || AnthropicBatchService.handles(path) || GeminiBatchService.handles(path)) {
            batchExchange(ex, path, raw, now);
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

    /**
     * The batch APIs (OpenAI's Files and Batches, also under DashScope's and Zhipu's paths; Anthropic's Message
     * Batches; Gemini's batch mode): kept in the ledger like any request (an upload as its purpose, name and line count).
     */
    private void batchExchange(HttpExchange ex, String path, byte[] raw, long now) throws IOException {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        JsonNode described;
        try {
            described = BatchService.describe(type, raw);
        } catch (IOException e) {
            send(ex, 400, "{\"error\":{\"message\":\"request body is not JSON\"}}");
            return;
        }
        Request req = new Request(ex.getRequestMethod(), ex.getRequestURI().toString(), Map.copyOf(ex.getRequestHeaders()), described, now);
        requests.incrementAndGet();
        if (keepLedger) {
            synchronized (ledger) {
                ledger.add(req);
            }
        }
        Step step = script.poll();
        if (step instanceof Status s) {
            s.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            send(ex, s.code(), s.body());
            return;
        }
        // The server acts on the request first: a Hang here is a response lost after the batch (or file) was made.
        BatchService.Reply r = AnthropicBatchService.handles(path)
                ? anthropicBatches.handle(ex.getRequestMethod(), ex.getRequestURI().toString(), "http://" + ex.getRequestHeaders().getFirst("Host"),
                        ex.getRequestHeaders().getFirst("anthropic-version"), raw)
                : GeminiBatchService.handles(path) ? geminiBatches.handle(ex.getRequestMethod(), ex.getRequestURI().toString(), raw)
                : batches.handle(ex.getRequestMethod(), ex.getRequestURI().toString(), type, raw);
        if (step instanceof Hang h) {
            try {
                Thread.sleep(h.millis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        send(ex, r.status(), r.body());
    }

    /**
     * The Batch API of this server: {@code expireAfter} makes the next batch created expire with only that many
     * requests finished (the rest in its error file as {@code batch_expired}).
     */
    public ProviderServer expireNextBatchAfter(int finished) {
        batches.expireNextAfter(finished);
        anthropicBatches.expireNextAfter(finished);
        geminiBatches.expireNextAfter(finished);
        return this;
    }

    /**
     * The next batch created fails its validation (OpenAI's status {@code failed}, Gemini's BATCH_STATE_FAILED; no
     * request run). Anthropic validates a batch when it is created: there is no such state.
     */
    public ProviderServer failNextBatchValidation() {
        batches.failNextValidation();
        geminiBatches.failNextValidation();
        return this;
    }

    /** Each batch stays {@code n} polls in each state (validating, in_progress, finalizing) before moving on. */
    public ProviderServer batchPollsPerState(int n) {
        batches.pollsPerState(n);
        anthropicBatches.pollsPerState(n);
        geminiBatches.pollsPerState(n);
        return this;
    }

    /** Requests of a batch whose body matches fail with HTTP 400 in the batch's error file. */
    public ProviderServer failInBatch(java.util.function.Predicate<JsonNode> which) {
        return failInBatch(which, 400);
    }

    /**
     * Requests of a batch whose body matches fail as HTTP {@code status} (400, 429, 500, ...) would: in OpenAI's error
     * file, as Anthropic's {@code errored} result of that error type, as Gemini's inline error of that status code.
     */
    public ProviderServer failInBatch(java.util.function.Predicate<JsonNode> which, int status) {
        batches.failing(which, status);
        anthropicBatches.failing(which, status);
        geminiBatches.failing(which, status);
        return this;
    }

    /**
     * The custom ids (Gemini: metadata keys) of every request of every batch created, in order, whatever the wire
     * format: a request submitted twice shows twice.
     */
    public List<String> batchSubmitted() {
        List<String> all = new ArrayList<>(batches.submitted());
        all.addAll(anthropicBatches.submitted());
        all.addAll(geminiBatches.submitted());
        return all;
    }

    /** How many batches were created, whatever the wire format. */
    public int batchCount() {
        return batches.batchCount() + anthropicBatches.batchCount() + geminiBatches.batchCount();
    }

    private String batchAnswer(JsonNode body, String customId) {
        Request req = new Request("POST", "/v1/chat/completions", Map.of(), body, System.nanoTime());
        return openAi(req, answer.apply(req), cutOff.test(req) ? "length" : "stop");
    }

    private String anthropicBatchAnswer(JsonNode params, String customId) {
        Request req = new Request("POST", "/v1/messages", Map.of(), params, System.nanoTime());
        return anthropic(req, answer.apply(req), cutOff.test(req) ? "max_tokens" : "end_turn");
    }

    private String geminiBatchAnswer(JsonNode request, String key) {
        Request req = new Request("POST", "/v1beta/models/batch:generateContent", Map.of(), request, System.nanoTime());
        return gemini(answer.apply(req), cutOff.test(req) ? "MAX_TOKENS" : "STOP");
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
            boolean chat = path.endsWith("/chat/completions");
            if (req.body().path("stream").asBoolean(false) && (chat || path.endsWith("/messages"))) {
                streamed.incrementAndGet();
                List<String> events = chat ? openAiEvents(req, text, cut ? "length" : "stop") : anthropicEvents(req, text, cut ? "max_tokens" : "end_turn");
                if (step instanceof EndlessStream) {
                    // the role chunk, or message_start, ping and the text block's start (there is no reasoning), then text forever
                    endlessStream(ex, events.subList(0, chat ? 1 : 3), chat ? openAiChunk(req, delta("content", "lorem ipsum "), null)
                            : anthropicDelta(0, "text_delta", "text", "lorem ipsum "));
                } else {
                    sse(ex, events, step instanceof StallStream st ? st.events() : events.size());
                }
                return;
            }
            String body = chat ? openAi(req, text, cut ? "length" : "stop")
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

    /**
     * Sends {@code events} as server-sent events, each flushed, {@link #streamEvery} apart on the timer; after
     * {@code upTo} of them the stream ends, or, when fewer than all, stalls with the connection open.
     */
    private void sse(HttpExchange ex, List<String> events, int upTo) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().add("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        int[] sent = {0};
        ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
        Runnable next = () -> {
            try {
                if (sent[0] < upTo) {
                    out.write(events.get(sent[0]++).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                if (sent[0] == events.size()) {
                    if (task[0] != null) {
                        task[0].cancel(false);
                    }
                    out.close();
                    ex.close();
                } else if (sent[0] == upTo && task[0] != null) {
                    task[0].cancel(false); // stalled: nothing more, and the connection stays open
                }
            } catch (IOException e) {
                if (task[0] != null) {
                    task[0].cancel(false); // the client went away
                }
                ex.close();
            }
        };
        long every = streamEveryMillis;
        if (every <= 0) {
            while (sent[0] < upTo) {
                next.run();
            }
        } else {
            task[0] = timer.scheduleAtFixedRate(next, 0, every, TimeUnit.MILLISECONDS);
        }
    }

    /** The opening events, then {@code delta} forever, on a thread of its own until the client stops reading. */
    private void endlessStream(HttpExchange ex, List<String> openingEvents, String delta) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
        ex.sendResponseHeaders(200, 0);
        byte[] opening = String.join("", openingEvents).getBytes(StandardCharsets.UTF_8);
        byte[] chunk = delta.repeat(64).getBytes(StandardCharsets.UTF_8);
        streamers.execute(() -> {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(opening);
                while (!streamers.isShutdown()) {
                    out.write(chunk);
                    out.flush();
                }
            } catch (IOException e) {
                // the client cut the stream off, as it should
            } finally {
                ex.close();
            }
        });
    }

    private static String event(String name, ObjectNode data) {
        return (name == null ? "" : "event: " + name + "\n") + "data: " + data + "\n\n";
    }

    /** {@code text} in pieces of a few characters, never splitting a character: the deltas a model streams. */
    private static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int end = i;
            for (int n = 0; n < 5 && end < text.length(); n++) {
                end = text.offsetByCodePoints(end, 1);
            }
            out.add(text.substring(i, end));
            i = end;
        }
        return out;
    }

    private static ObjectNode delta(String field, String value) {
        ObjectNode d = JSON.createObjectNode();
        d.put(field, value);
        return d;
    }

    private String openAiChunk(Request req, ObjectNode delta, String finish) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-1").put("object", "chat.completion.chunk").put("created", 1).put("model", req.model() + "-2025-01-01");
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        if (req.body().path("stream_options").path("include_usage").asBoolean(false)) {
            root.putNull("usage"); // OpenAI: every chunk but the last says usage: null
        }
        return event(null, root);
    }

    /**
     * OpenAI's chat.completion.chunk stream: the role, the reasoning (reasoning_content, as DeepSeek and vLLM send
     * it) and the answer in small deltas, a chunk with the finish reason, the usage chunk (empty choices) when the
     * request asked for it with {@code stream_options.include_usage}, and {@code [DONE]}.
     */
    private List<String> openAiEvents(Request req, String text, String finish) {
        List<String> events = new ArrayList<>();
        ObjectNode first = delta("role", "assistant");
        first.put("content", "");
        events.add(openAiChunk(req, first, null));
        if (reasoning != null) {
            for (String p : pieces(reasoning)) {
                events.add(openAiChunk(req, delta("reasoning_content", p), null));
            }
        }
        for (String p : pieces(text)) {
            events.add(openAiChunk(req, delta("content", p), null));
        }
        events.add(openAiChunk(req, JSON.createObjectNode(), finish));
        if (req.body().path("stream_options").path("include_usage").asBoolean(false)) {
            ObjectNode root = JSON.createObjectNode();
            root.put("id", "chatcmpl-1").put("object", "chat.completion.chunk").put("created", 1).put("model", req.model() + "-2025-01-01");
            root.putArray("choices");
            root.putObject("usage").put("prompt_tokens", 11).put("completion_tokens", 7).put("total_tokens", 18)
                    .putObject("completion_tokens_details").put("reasoning_tokens", reasoning == null ? 0 : 3);
            events.add(event(null, root));
        }
        events.add("data: [DONE]\n\n");
        return events;
    }

    private static String anthropicDelta(int index, String type, String field, String value) {
        ObjectNode d = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
        d.putObject("delta").put("type", type).put(field, value);
        return event("content_block_delta", d);
    }

    /**
     * Anthropic's Messages stream: message_start (with the input tokens), a ping, a thinking block (thinking_delta,
     * signature_delta) when there is reasoning, the text block in text_delta pieces, message_delta with the stop
     * reason and the output tokens, message_stop.
     */
    private List<String> anthropicEvents(Request req, String text, String stop) {
        List<String> events = new ArrayList<>();
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        ObjectNode msg = start.putObject("message").put("id", "msg_1").put("type", "message").put("role", "assistant").put("model", req.model());
        msg.putArray("content");
        msg.putNull("stop_reason").putNull("stop_sequence");
        msg.putObject("usage").put("input_tokens", 11).put("output_tokens", 1);
        events.add(event("message_start", start));
        events.add(event("ping", JSON.createObjectNode().put("type", "ping")));
        int index = 0;
        if (reasoning != null) {
            ObjectNode blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", index);
            blockStart.putObject("content_block").put("type", "thinking").put("thinking", "").put("signature", "");
            events.add(event("content_block_start", blockStart));
            for (String p : pieces(reasoning)) {
                events.add(anthropicDelta(index, "thinking_delta", "thinking", p));
            }
            events.add(anthropicDelta(index, "signature_delta", "signature", "sig"));
            events.add(event("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", index)));
            index++;
        }
        ObjectNode blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", index);
        blockStart.putObject("content_block").put("type", "text").put("text", "");
        events.add(event("content_block_start", blockStart));
        for (String p : pieces(text)) {
            events.add(anthropicDelta(index, "text_delta", "text", p));
        }
        events.add(event("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", index)));
        ObjectNode end = JSON.createObjectNode().put("type", "message_delta");
        end.putObject("delta").put("stop_reason", stop).putNull("stop_sequence");
        end.putObject("usage").put("output_tokens", 7);
        events.add(event("message_delta", end));
        events.add(event("message_stop", JSON.createObjectNode().put("type", "message_stop")));
        return events;
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
