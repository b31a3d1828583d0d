package org.gapbench.model.provider;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The HTTP transport under LangChain4j's model clients. We bring our own so that a failed response keeps its
 * headers ({@code Retry-After}) for the runner's retry policy, so every provider shares one tuned JDK client
 * (HTTP/1.1, unlimited keep-alive pool) instead of one per model, and so every exchange is bounded in time and size
 * ({@link BoundedExchange}) and can be abandoned when the run stops.
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

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
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
        HttpResponse<String> r;
        try {
            r = exchange.send(b.build(), info -> BoundedExchange.text());
        } catch (IOException e) {
            throw new TransportException(e);
        }
        if (r.statusCode() < 200 || r.statusCode() >= 300) {
            throw new StatusException(r.statusCode(), r.body(), retryAfter(r.headers().firstValue("retry-after").orElse(null)));
        }
        return SuccessfulHttpResponse.builder().statusCode(r.statusCode()).headers(r.headers().map()).body(r.body()).build();
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

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        throw new UnsupportedOperationException("gapbench does not stream responses");
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
