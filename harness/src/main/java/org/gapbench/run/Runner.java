package org.gapbench.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gapbench.dataset.Item;
import org.gapbench.io.Hashes;
import org.gapbench.io.Json;
import org.gapbench.model.ChatClient;
import org.gapbench.model.ErrorClass;
import org.gapbench.model.Message;
import org.gapbench.model.ModelCallException;
import org.gapbench.model.ModelRequest;
import org.gapbench.model.ModelResponse;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.score.Scorer;

/**
 * Executes the work units (item, sample) of a prepared run with bounded concurrency: each worker takes the next
 * unit, answers it from the cache or the model (with the retry policy, rate limits and an adaptive limit on
 * requests in flight that backs off on 429s), scores it and hands the record to the journal. Workers pull units lazily, so memory does not grow with the size of the run.
 */
public final class Runner {

    /**
     * @param maxCostUsd stop starting new samples once this much has been spent (null: no limit)
     */
    public record Options(int concurrency, RetryPolicy retry, RateLimiter limiter, Double maxCostUsd) {
        public Options {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1");
            }
        }
    }

    /** A unit of work: one sample of one item. */
    public record WorkUnit(Item item, int sample) {
    }

    private final Options options;
    private final ChatClient client;
    private final ResponseCache cache;
    private final Scorer scorer;
    private final RunListener listener;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AdaptiveConcurrency inFlight;
    private volatile String stopReason;

    /** @param cache null when caching is off or the client is local */
    public Runner(Options options, ChatClient client, ResponseCache cache, Scorer scorer, RunListener listener) {
        this.options = options;
        this.client = client;
        this.cache = cache;
        this.scorer = scorer;
        this.listener = listener;
        this.inFlight = new AdaptiveConcurrency(options.concurrency());
    }

    /** Asks the workers to finish what they are doing and take no more units (Ctrl-C, cost limit). */
    public void stop(String reason) {
        if (stop.compareAndSet(false, true)) {
            stopReason = reason;
            listener.notice(reason);
        }
    }

    /** Why the run stopped before finishing, or null. */
    public String stopReason() {
        return stopReason;
    }

    /**
     * Runs every unit of {@code run} not in {@code done}, appending records to {@code journal}.
     * Returns when all are finished or the run was stopped.
     */
    public RunTotals execute(PreparedRun run, java.util.Set<String> done, Journal journal) {
        int pending = 0;
        for (Item item : run.items()) {
            for (int s = 0; s < run.samples(); s++) {
                if (!done.contains(SampleRecord.key(item.id(), s))) {
                    pending++;
                }
            }
        }
        RunTotals totals = new RunTotals(run.sampleCount(), run.sampleCount() - pending);
        listener.started(run, totals);
        Iterator<WorkUnit> units = new PendingUnits(run, done);
        int threads = Math.min(options.concurrency(), Math.max(1, pending));
        List<Thread> workers = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> work(run, units, journal, totals), "gapbench-worker-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                stop("interrupted");
                Thread.currentThread().interrupt();
            }
        }
        listener.finished(totals);
        return totals;
    }

    /** The (item, sample) units not yet done, in run order, made one at a time as workers ask for them. */
    private static final class PendingUnits implements Iterator<WorkUnit> {
        private final PreparedRun run;
        private final java.util.Set<String> done;
        private int item;
        private int sample = -1;
        private WorkUnit next;

        PendingUnits(PreparedRun run, java.util.Set<String> done) {
            this.run = run;
            this.done = done;
            advance();
        }

        private void advance() {
            next = null;
            while (next == null && item < run.items().size()) {
                if (++sample == run.samples()) {
                    sample = 0;
                    if (++item == run.items().size()) {
                        return;
                    }
                }
                Item it = run.items().get(item);
                if (!done.contains(SampleRecord.key(it.id(), sample))) {
                    next = new WorkUnit(it, sample);
                }
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public WorkUnit next() {
            if (next == null) {
                throw new java.util.NoSuchElementException();
            }
            WorkUnit u = next;
            advance();
            return u;
        }
    }

    private void work(PreparedRun run, Iterator<WorkUnit> units, Journal journal, RunTotals totals) {
        while (!stop.get()) {
            WorkUnit unit;
            synchronized (units) {
                if (!units.hasNext()) {
                    return;
                }
                unit = units.next();
            }
            SampleRecord record = process(run, unit, totals);
            journal.append(record);
            totals.record(record);
            listener.sampleFinished(record, totals);
            if (options.maxCostUsd() != null && totals.spendUsd() >= options.maxCostUsd()) {
                stop(String.format("stopped: spent $%.4f, the --max-cost limit; re-run the same command to continue", totals.spendUsd()));
            }
        }
    }

    private SampleRecord process(PreparedRun run, WorkUnit unit, RunTotals totals) {
        List<Message> messages = run.suite().prompt().render(unit.item());
        String promptHash = Hashes.short12(Json.write(messages));
        ModelRequest request = new ModelRequest(unit.item(), messages, run.params(), unit.sample());
        String cacheKey = cache == null ? null : ResponseCache.key(run.target().profile().name(), run.target().baseUrl(),
                run.target().modelName(), run.params(), messages, unit.sample());

        ModelResponse response = null;
        boolean cached = false;
        int attempts = 0;
        long started = System.nanoTime();
        if (cacheKey != null) {
            Optional<ModelResponse> hit = cache.get(cacheKey);
            if (hit.isPresent()) {
                response = hit.get();
                cached = true;
            }
        }
        ModelCallException failure = null;
        while (response == null) {
            attempts++;
            try {
                options.limiter().acquire();
                if (!client.local()) {
                    totals.countRequest();
                }
                response = call(request);
                failure = null;
            } catch (ModelCallException e) {
                failure = e;
                if (e.errorClass() == ErrorClass.AUTHENTICATION) {
                    stop("authentication failed for " + run.target().profile().name() + " (" + e.getMessage()
                            + "): check " + run.target().apiKeyEnv());
                    break;
                }
                if (stop.get() || !options.retry().shouldRetry(e, attempts)) {
                    break;
                }
                if (!sleep(options.retry().delayAfter(e, attempts))) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new ModelCallException(ErrorClass.INTERNAL, "interrupted");
                break;
            }
        }
        long latencyMs = (System.nanoTime() - started) / 1_000_000;
        if (response == null) {
            return new SampleRecord(unit.item().id(), unit.sample(), promptHash, null, null, null,
                    failure.errorClass().label(), failure.getMessage(), attempts, latencyMs, -1, -1, -1, 0, false, null, null);
        }
        if (!cached) {
            options.limiter().recordTokens(Math.max(0, response.inputTokens()) + Math.max(0, response.outputTokens()));
            if (cacheKey != null) {
                cache.put(cacheKey, response);
            }
        }
        double cost = cached || run.target().entry() == null ? 0 : run.target().entry().cost(response.inputTokens(), response.outputTokens());
        SampleRecord answered = new SampleRecord(unit.item().id(), unit.sample(), promptHash, response.text(),
                response.reasoning(), null, null, null, cached ? 0 : attempts, latencyMs, response.inputTokens(),
                response.outputTokens(), response.reasoningTokens(), cost, cached, response.finishReason(), response.model());
        try {
            return answered.withScore(scorer.score(unit.item(), new ModelOutput(response.text(), response.reasoning())));
        } catch (RuntimeException e) {
            return answered.withScorerFailure(e);
        }
    }

    /** One attempt, within the adaptive limit on requests in flight. */
    private ModelResponse call(ModelRequest request) throws ModelCallException, InterruptedException {
        inFlight.acquire();
        try {
            ModelResponse r = client.complete(request);
            inFlight.onSuccess();
            return r;
        } catch (ModelCallException e) {
            if (e.errorClass() == ErrorClass.RATE_LIMITED) {
                inFlight.onRateLimited();
            }
            throw e;
        } finally {
            inFlight.release();
        }
    }

    private boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
