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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * HTTP exchanges read as the bytes arrive, each bounded in time and in size: the whole exchange (connecting, the
 * headers and the last byte of the body) must end within the timeout, and the body may not exceed the cap. A body
 * that stalls after its headers ends at the deadline; an endless one ends at the cap, and memory never holds more
 * than the cap. The bytes go to a {@link BodySink} as they arrive: {@link #text} gathers a JSON body whole; a stream
 * of server-sent events is parsed chunk by chunk through the same loop ({@link #stream}), which also ends a stream
 * that sends nothing for {@link ResponseBounds#idleTimeout()}.
 *
 * <p>{@link #abortAll} ends every exchange in flight at once (the run is stopping): each fails with {@link Aborted}.
 */
final class BoundedExchange {
    private final HttpClient http;
    private final ResponseBounds bounds;
    private final Set<Call> inFlight = ConcurrentHashMap.newKeySet();

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
        return exchange(request, sinkFor, null);
    }

    /**
     * {@link #send}, for a body that arrives as a stream (server-sent events): besides the timeout of the whole
     * exchange and the size cap, the stream may not go quiet for longer than {@link ResponseBounds#idleTimeout()},
     * counted from the request on (waiting for the headers included) and restarted by every chunk.
     *
     * @throws HttpTimeoutException when the exchange has not ended within the timeout, or nothing came for the idle timeout
     */
    <T> HttpResponse<T> stream(HttpRequest request, Function<HttpResponse.ResponseInfo, BodySink<T>> sinkFor) throws IOException {
        return exchange(request, sinkFor, bounds.idleTimeout());
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, Function<HttpResponse.ResponseInfo, BodySink<T>> sinkFor, Duration idle)
            throws IOException {
        // The blocking send, not sendAsync: the JDK hands every sendAsync completion to CompletableFuture's default
        // executor, which with fewer than three cores is a new thread per response. The deadline and abortAll end a
        // blocked send by interrupting it, which cancels its exchange.
        Call call = new Call(Thread.currentThread());
        inFlight.add(call);
        ScheduledFuture<?> alarm = DEADLINES.schedule(() -> call.end(Ending.TIMED_OUT), bounds.timeout().toNanos(), TimeUnit.NANOSECONDS);
        if (idle != null) {
            call.watchIdle(idle.toNanos());
        }
        try {
            return http.send(request, info -> new Bounded<>(sinkFor.apply(info), bounds.maxBytes(), idle == null ? null : call));
        } catch (InterruptedException e) {
            Ending ending = call.finish();
            if (ending == null) {
                Thread.currentThread().interrupt(); // not ours: the caller's to see
            }
            throw ending == Ending.TIMED_OUT ? timedOut() : ending == Ending.IDLE ? wentQuiet() : new Aborted();
        } catch (IOException e) {
            // The exchange may fail ("Request cancelled") before the interrupt that cancelled it is seen.
            Ending ending = call.finish();
            throw ending == Ending.ABORTED ? new Aborted() : ending == Ending.TIMED_OUT ? timedOut() : ending == Ending.IDLE ? wentQuiet() : unwrap(e);
        } finally {
            alarm.cancel(false);
            inFlight.remove(call);
            if (call.finish() != null) {
                Thread.interrupted(); // an interrupt of ours that came as the exchange ended must not reach the next one
            }
        }
    }

    private HttpTimeoutException timedOut() {
        return new HttpTimeoutException("no complete response within " + seconds(bounds.timeout()) + " (--timeout)");
    }

    private HttpTimeoutException wentQuiet() {
        return new HttpTimeoutException("the stream sent nothing for " + seconds(bounds.idleTimeout()) + " (--stream-idle-timeout)");
    }

    /** Ends every exchange in flight: each {@link #send} throws {@link Aborted}. */
    void abortAll() {
        for (Call c : inFlight) {
            c.end(Ending.ABORTED);
        }
    }

    /** Why an exchange was ended from outside. */
    private enum Ending { TIMED_OUT, IDLE, ABORTED }

    /** One blocked {@link #send}: ended at most once, and only while it is still blocked. */
    private static final class Call {
        private final Thread thread;
        private Ending ending;
        private boolean finished;
        private volatile long lastActivity;
        private long idleNanos;
        private ScheduledFuture<?> idleAlarm;

        Call(Thread thread) {
            this.thread = thread;
        }

        /** Ends the exchange as {@link Ending#IDLE} once no chunk has come for {@code nanos}. */
        void watchIdle(long nanos) {
            idleNanos = nanos;
            lastActivity = System.nanoTime();
            scheduleIdleCheck(nanos);
        }

        /** A chunk of the body arrived: the stream is alive. */
        void touch() {
            lastActivity = System.nanoTime();
        }

        private synchronized void scheduleIdleCheck(long delayNanos) {
            if (!finished) {
                idleAlarm = DEADLINES.schedule(this::checkIdle, delayNanos, TimeUnit.NANOSECONDS);
            }
        }

        private void checkIdle() {
            long quiet = System.nanoTime() - lastActivity;
            if (quiet >= idleNanos) {
                end(Ending.IDLE);
            } else {
                scheduleIdleCheck(idleNanos - quiet); // one alarm per quiet spell, not one per chunk
            }
        }

        synchronized void end(Ending why) {
            if (!finished && ending == null) {
                ending = why;
                thread.interrupt();
            }
        }

        /** The exchange is over: no interrupt comes after this. Returns why it was ended, or null. */
        synchronized Ending finish() {
            finished = true;
            if (idleAlarm != null) {
                idleAlarm.cancel(false);
                idleAlarm = null;
            }
            return ending;
        }
    }

    /**
     * Deadlines of the exchanges in flight, on one daemon thread; a cancelled deadline is removed at once (an
     * exchange ends long before its timeout, and thousands of them a second would otherwise pile up until then).
     */
    private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

    private static ScheduledThreadPoolExecutor deadlines() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "gapbench-http-deadlines");
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        return e;
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
        private final Call watched;
        private long received;
        private Flow.Subscription subscription;

        /** @param watched the call whose idle time each chunk restarts (null: not a stream) */
        Bounded(BodySink<T> sink, long max, Call watched) {
            this.sink = sink;
            this.max = max;
            this.watched = watched;
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
            if (watched != null) {
                watched.touch();
            }
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
