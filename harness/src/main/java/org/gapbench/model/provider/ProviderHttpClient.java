package org.gapbench.model.provider;

import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.CancellationUnsupportedHandle;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.gapbench.io.Json;

/**
 * The HTTP transport under LangChain4j's model clients. We bring our own so that a failed response keeps its
 * headers ({@code Retry-After}) for the runner's retry policy, so every provider shares one tuned JDK client
 * (HTTP/1.1, unlimited keep-alive pool) instead of one per model, and so every exchange is bounded in time and size
 * ({@link BoundedExchange}) and can be abandoned when the run stops. A streamed answer (server-sent events) takes
 * the same exchange, with an idle timeout between its chunks.
 */
final class ProviderHttpClient implements HttpClient {
    private final BoundedExchange exchange;

    ProviderHttpClient(java.net.http.HttpClient http, ResponseBounds bounds) {
        this.exchange = new BoundedExchange(http, bounds);
    }

    /** A failed HTTP exchange that remembers the server's Retry-After. */
    static final class StatusException extends HttpException {
        private final Duration retryAfter;

        StatusException(int status, String body, Duration retryAfter) {
            super(status, body);
            this.retryAfter = retryAfter;
        }

        Duration retryAfter() {
            return retryAfter;
        }
    }

    /** The connection failed or the exchange was cut (timeout, size cap, the run stopping): the cause says which. */
    static final class TransportException extends RuntimeException {
        TransportException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * The stream said it failed, after its 200: an {@code error} event (Anthropic's {@code overloaded_error}, an
     * OpenAI-compatible server's {@code {"error": ...}} chunk), or an event the model client could not read. The
     * message is the event's data.
     */
    static final class StreamError extends RuntimeException {
        StreamError(String data) {
            super(data);
        }
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        HttpResponse<String> r;
        try {
            r = exchange.send(toJdk(request), info -> BoundedExchange.text());
        } catch (IOException e) {
            throw new TransportException(e);
        }
        if (!ok(r.statusCode())) {
            throw failed(r);
        }
        return SuccessfulHttpResponse.builder().statusCode(r.statusCode()).headers(r.headers().map()).body(r.body()).build();
    }

    private static boolean ok(int status) {
        return status >= 200 && status < 300;
    }

    private static StatusException failed(HttpResponse<String> r) {
        return new StatusException(r.statusCode(), r.body(), retryAfter(r.headers().firstValue("retry-after").orElse(null)));
    }

    private static java.net.http.HttpRequest toJdk(HttpRequest request) {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
        for (Map.Entry<String, List<String>> h : request.headers().entrySet()) {
            for (String v : h.getValue()) {
                if (!h.getKey().equalsIgnoreCase("content-length") && !h.getKey().equalsIgnoreCase("host")) {
                    b.header(h.getKey(), v);
                }
            }
        }
        String body = request.body();
        switch (request.method()) {
            case GET -> b.GET();
            case DELETE -> b.DELETE();
            default -> b.POST(body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                    : java.net.http.HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        return b.build();
    }

    /** Ends the exchanges in flight (the run is stopping): each fails at once. */
    void abortAll() {
        exchange.abortAll();
    }

    /**
     * Retry-After is either delta-seconds or an HTTP date; a negative, unreadable or past value means "now" or
     * "not said", never a negative wait. The retry policy caps a long one.
     */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            double seconds = Double.parseDouble(v);
            if (Double.isNaN(seconds)) {
                return null;
            }
            return seconds <= 0 ? Duration.ZERO : seconds >= 1e9 ? Duration.ofSeconds(1_000_000_000L) : Duration.ofMillis((long) (seconds * 1000));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
                return d.isNegative() ? Duration.ZERO : d;
            } catch (java.time.DateTimeException e2) {
                return null;
            }
        }
    }

    /**
     * A streamed answer (server-sent events), read through the same bounded exchange as a JSON body: the timeout of
     * the whole exchange, the size cap and Retry-After are the same, and the stream may not go quiet for longer than
     * the idle timeout. The events reach {@code listener} as they arrive, parsed by {@code parser} one whole event at
     * a time; the exchange blocks the caller until the stream ends, and every ending reaches the listener: its
     * {@code onClose} when the stream ended, or its {@code onError} (a {@link StatusException}, a
     * {@link TransportException} or a {@link StreamError}) once, and then the stream is cut.
     */
    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        Events events = new Events(parser, listener);
        HttpResponse<String> r;
        try {
            r = exchange.stream(toJdk(request), info -> {
                if (!ok(info.statusCode())) {
                    return BoundedExchange.text(); // an error body is JSON, read whole
                }
                listener.onOpen(SuccessfulHttpResponse.builder().statusCode(info.statusCode()).headers(info.headers().map()).build());
                return events;
            });
        } catch (IOException e) {
            if (!events.failed()) {
                listener.onError(new TransportException(e));
            }
            return; // else the stream reported its own error and was cut
        }
        if (!ok(r.statusCode())) {
            listener.onError(failed(r));
        } else if (events.refusal() != null) {
            listener.onError(new ContentFilteredException(events.refusal())); // as OpenAI's whole-body refusal is
        } else if (!events.failed()) {
            listener.onClose();
        }
    }

    /** Cuts a stream that has already reported its error. */
    private static final class StreamCut extends IOException {
        StreamCut() {
            super("the stream reported an error");
        }
    }

    /**
     * Frames a body of server-sent events as it arrives and hands each run of whole events (up to the last blank
     * line) to the parser: an event is never parsed before its last byte has come, and a UTF-8 character is never
     * split (a blank line is ASCII). What is left at the end goes to the parser as the stream's last event.
     */
    private static final class Events implements BoundedExchange.BodySink<String>, ServerSentEventListener {
        private final ServerSentEventParser parser;
        private final ServerSentEventListener listener;
        private byte[] buffer = new byte[8192];
        private int length;
        private int scanned;
        private volatile boolean failed;
        private StringBuilder refusal;

        Events(ServerSentEventParser parser, ServerSentEventListener listener) {
            this.parser = parser;
            this.listener = listener;
        }

        boolean failed() {
            return failed;
        }

        /**
         * OpenAI's refusal, gathered from the stream's {@code delta.refusal} pieces (LangChain4j's streaming model
         * drops them, where its whole-body model throws a ContentFilteredException), or null.
         */
        synchronized String refusal() {
            return refusal == null ? null : refusal.toString();
        }

        private synchronized void noteRefusal(String data) {
            if (!data.contains("\"refusal\"")) {
                return;
            }
            try {
                com.fasterxml.jackson.databind.JsonNode piece = Json.MAPPER.readTree(data).path("choices").path(0).path("delta").path("refusal");
                if (piece.isTextual()) {
                    (refusal == null ? refusal = new StringBuilder() : refusal).append(piece.asText());
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // not JSON: the model client reports it
            }
        }

        @Override
        public void accept(ByteBuffer chunk) throws IOException {
            if (failed) {
                throw new StreamCut();
            }
            int n = chunk.remaining();
            if (length + n > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + n));
            }
            chunk.get(buffer, length, n);
            length += n;
            int end = lastEventEnd();
            if (end > 0) {
                parser.parse(new ByteArrayInputStream(buffer, 0, end), this);
                System.arraycopy(buffer, end, buffer, 0, length - end);
                length -= end;
                scanned = 0;
            }
            if (failed) {
                throw new StreamCut();
            }
        }

        /** The index just past the last blank line ("\n\n" or "\n\r\n") in the buffer, or 0. */
        private int lastEventEnd() {
            int end = 0;
            for (int i = Math.max(1, scanned); i < length; i++) {
                if (buffer[i] == '\n' && (buffer[i - 1] == '\n' || i >= 2 && buffer[i - 1] == '\r' && buffer[i - 2] == '\n')) {
                    end = i + 1;
                }
            }
            scanned = Math.max(1, length - 2);
            return end;
        }

        @Override
        public String finish() {
            if (length > 0 && !failed) {
                parser.parse(new ByteArrayInputStream(buffer, 0, length), this);
            }
            return null;
        }

        // As the parser's listener: errors the stream reports, and events the model client cannot read, end it.

        @Override
        public void onEvent(ServerSentEvent event) {
            onEvent(event, new ServerSentEventContext(new CancellationUnsupportedHandle()));
        }

        @Override
        public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
            if (failed) {
                return;
            }
            String data = event.data() == null ? "" : event.data().strip();
            if ("error".equals(event.event()) || data.startsWith("{\"error\"")) {
                fail(new StreamError(data));
                return;
            }
            noteRefusal(data);
            try {
                listener.onEvent(event, context);
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        @Override
        public void onError(Throwable t) {
            fail(t);
        }

        private void fail(Throwable t) {
            if (!failed) {
                failed = true;
                listener.onError(t);
            }
        }
    }

    /** Hands this transport to a LangChain4j builder, which asks for it once. */
    HttpClientBuilder builder() {
        ProviderHttpClient self = this;
        Duration timeout = exchange.bounds().timeout();
        return new HttpClientBuilder() {
            @Override
            public Duration connectTimeout() {
                return timeout;
            }

            @Override
            public HttpClientBuilder connectTimeout(Duration d) {
                return this; // the exchange's own deadline bounds connecting too
            }

            @Override
            public Duration readTimeout() {
                return timeout;
            }

            @Override
            public HttpClientBuilder readTimeout(Duration d) {
                return this;
            }

            @Override
            public HttpClient build() {
                return self;
            }
        };
    }
}
