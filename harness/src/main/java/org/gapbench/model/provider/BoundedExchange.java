package org.gapbench.model.provider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * HTTP exchanges read as the bytes arrive, each bounded in time and in size: the whole exchange (connecting, the
 * headers and the last byte of the body) must end within the timeout, and the body may not exceed the cap. A body
 * that stalls after its headers ends at the deadline; an endless one ends at the cap, and memory never holds more
 * than the cap. The bytes go to a {@link BodySink} as they arrive: {@link #text} gathers a JSON body whole; a stream
 * of server-sent events can be parsed chunk by chunk through the same loop.
 *
 * <p>{@link #abortAll} ends every exchange in flight at once (the run is stopping): each fails with {@link Aborted}.
 */
final class BoundedExchange {
    private final HttpClient http;
    private final ResponseBounds bounds;
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<CompletableFuture<?>> aborted = ConcurrentHashMap.newKeySet();

    BoundedExchange(HttpClient http, ResponseBounds bounds) {
        this.http = http;
        this.bounds = bounds;
    }

    ResponseBounds bounds() {
        return bounds;
    }

    /** Receives a body chunk by chunk, on the HTTP client's threads, one chunk at a time. */
    interface BodySink<T> {
        void accept(ByteBuffer chunk) throws IOException;

        /** The body's value once its last byte has arrived. */
        T finish() throws IOException;
    }

    /** The body exceeded {@link ResponseBounds#maxBytes()}: the exchange was cut there. */
    static final class TooLarge extends IOException {
        TooLarge(long max) {
            super("the response exceeded " + ResponseBounds.describe(max) + " (--max-response-mb)");
        }
    }

    /** The exchange was abandoned because the run is stopping. */
    static final class Aborted extends IOException {
        Aborted() {
            super("the run is stopping");
        }
    }

    /** A sink that gathers the body as UTF-8 text. */
    static BodySink<String> text() {
        return new BodySink<>() {
            private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

            @Override
            public void accept(ByteBuffer chunk) {
                byte[] b = new byte[chunk.remaining()];
                chunk.get(b);
                bytes.write(b, 0, b.length);
            }

            @Override
            public String finish() {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        };
    }

    /**
     * Sends {@code request} and reads the response through the sink {@code sinkFor} gives for its status and headers.
     *
     * @throws HttpTimeoutException when the exchange has not ended within the timeout
     * @throws TooLarge             when the body exceeds the cap
     * @throws Aborted              when {@link #abortAll} or an interrupt ended it
     * @throws IOException          when the connection failed
     */
    <T> HttpResponse<T> send(HttpRequest request, Function<HttpResponse.ResponseInfo, BodySink<T>> sinkFor) throws IOException {
        CompletableFuture<HttpResponse<T>> exchange = http.sendAsync(request, info -> new Bounded<>(sinkFor.apply(info), bounds.maxBytes()));
        inFlight.add(exchange);
        try {
            return exchange.get(bounds.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new HttpTimeoutException("no complete response within " + seconds(bounds.timeout()) + " (--timeout)");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new Aborted();
        } catch (CancellationException e) {
            throw new Aborted();
        } catch (ExecutionException e) {
            // Cancelling fails the exchange itself ("Request cancelled"), which may reach us before the cancellation.
            throw aborted.contains(exchange) ? new Aborted() : unwrap(e.getCause());
        } finally {
            inFlight.remove(exchange);
            aborted.remove(exchange);
        }
    }

    /** Ends every exchange in flight: each {@link #send} throws {@link Aborted}. */
    void abortAll() {
        for (CompletableFuture<?> f : inFlight) {
            aborted.add(f);
            f.cancel(true);
        }
    }

    private static IOException unwrap(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TooLarge || c instanceof Aborted) {
                return (IOException) c;
            }
        }
        if (t instanceof IOException io) {
            return io;
        }
        return new IOException(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage(), t);
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** Counts the bytes as they arrive and cuts the exchange at the cap. */
    private static final class Bounded<T> implements HttpResponse.BodySubscriber<T> {
        private final CompletableFuture<T> body = new CompletableFuture<>();
        private final BodySink<T> sink;
        private final long max;
        private long received;
        private Flow.Subscription subscription;

        Bounded(BodySink<T> sink, long max) {
            this.sink = sink;
            this.max = max;
        }

        @Override
        public CompletionStage<T> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> chunks) {
            try {
                for (ByteBuffer b : chunks) {
                    received += b.remaining();
                    if (received > max) {
                        subscription.cancel();
                        body.completeExceptionally(new TooLarge(max));
                        return;
                    }
                    sink.accept(b);
                }
            } catch (IOException | RuntimeException e) {
                subscription.cancel();
                body.completeExceptionally(e);
                return;
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            body.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            try {
                body.complete(sink.finish());
            } catch (IOException | RuntimeException e) {
                body.completeExceptionally(e);
            }
        }
    }
}
