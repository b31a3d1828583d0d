package org.gapbench.model.provider;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The HTTP transport under LangChain4j's model clients. We bring our own so that a failed response keeps its
 * headers ({@code Retry-After}) for the runner's retry policy, and so every provider shares one tuned JDK client
 * (HTTP/1.1, unlimited keep-alive pool) instead of one per model.
 */
final class ProviderHttpClient implements HttpClient {
    private final java.net.http.HttpClient http;
    private final Duration timeout;

    ProviderHttpClient(java.net.http.HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
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

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(URI.create(request.url())).timeout(timeout);
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
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (r.statusCode() < 200 || r.statusCode() >= 300) {
            throw new StatusException(r.statusCode(), r.body(), retryAfter(r.headers().firstValue("retry-after").orElse(null)));
        }
        return SuccessfulHttpResponse.builder().statusCode(r.statusCode()).headers(r.headers().map()).body(r.body()).build();
    }

    /** Retry-After is either delta-seconds or an HTTP date. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        throw new UnsupportedOperationException("gapbench does not stream responses");
    }

    /** Hands the shared client to LangChain4j builders. */
    static HttpClientBuilder builder(java.net.http.HttpClient http, Duration timeout) {
        return new HttpClientBuilder() {
            private Duration connect = timeout;
            private Duration read = timeout;

            @Override
            public Duration connectTimeout() {
                return connect;
            }

            @Override
            public HttpClientBuilder connectTimeout(Duration d) {
                if (d != null) {
                    connect = d;
                }
                return this;
            }

            @Override
            public Duration readTimeout() {
                return read;
            }

            @Override
            public HttpClientBuilder readTimeout(Duration d) {
                if (d != null) {
                    read = d;
                }
                return this;
            }

            @Override
            public HttpClient build() {
                return new ProviderHttpClient(http, read);
            }
        };
    }
}
