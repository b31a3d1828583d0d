package org.gapbench.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.gapbench.config.ConfigException;
import org.gapbench.dataset.Item;
import org.gapbench.io.WriteFailedException;
import org.gapbench.model.Catalog;
import org.gapbench.model.ChatClient;
import org.gapbench.model.ErrorClass;
import org.gapbench.model.ModelTarget;
import org.gapbench.model.ProviderProfile;
import org.gapbench.model.provider.BatchApi;
import org.gapbench.model.provider.Providers;
import org.gapbench.model.provider.ResponseBounds;
import org.gapbench.model.provider.StreamMode;
import org.gapbench.model.resilient.CostMeter;
import org.gapbench.model.resilient.Limits;
import org.gapbench.model.resilient.ModelCalls;
import org.gapbench.model.resilient.ResponseCache;
import org.gapbench.model.resilient.RetryPolicy;
import org.gapbench.model.resilient.StopSignal;
import org.gapbench.results.Journal;
import org.gapbench.results.RunDirectory;
import org.gapbench.results.RunIdentity;
import org.gapbench.results.RunReader;
import org.gapbench.results.SampleRecord;
import org.gapbench.results.Summary;
import org.gapbench.score.JudgeException;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.score.Scorer;
import org.gapbench.score.ScoringContext;
import org.gapbench.stats.Bootstrap;

/**
 * Runs and re-scores runs, end to end: identity check, resume from the journal, answers through the one road of
 * model calls (cache, retries, limits, cost, budget), scoring, summary. The command line, the demo and the benchmark
 * all go through here. Build one with {@link #builder}: every setting has a default.
 */
public final class Evaluation {
    private final Integer concurrency;
    private final Integer rpm;
    private final Integer tpm;
    private final Double maxCostUsd;
    private final Path cacheFile;
    private final ResponseBounds bounds;
    private final StreamMode stream;
    private final RetryPolicy retry;
    private final ScoringContext scoring;
    private final RunListener listener;
    private final Catalog catalog;
    private final boolean retryErrors;
    private final BatchAnswers.Settings batch;
    private volatile StopSignal current;

    private Evaluation(Builder b) {
        this.concurrency = b.concurrency;
        this.rpm = b.rpm;
        this.tpm = b.tpm;
        this.maxCostUsd = b.maxCostUsd;
        this.cacheFile = b.cacheFile;
        this.bounds = new ResponseBounds(b.timeout, b.maxResponseBytes, b.streamIdleTimeout);
        this.stream = b.stream;
        this.retry = b.retry;
        this.scoring = b.scoring;
        this.listener = b.listener;
        this.catalog = b.catalog;
        this.retryErrors = b.retryErrors;
        this.batch = b.batch;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How a run ended. {@code stopReason} is null unless it stopped early. */
    public record Outcome(Summary summary, RunTotals totals, String stopReason) {
        public boolean complete() {
            return summary.complete() && stopReason == null;
        }
    }

    /**
     * Interrupts the run in progress (Ctrl-C, SIGTERM): it takes no more samples, gives those in flight
     * {@link StopSignal#GRACE} to finish, abandons the rest (they stay to be done) and closes its journal.
     */
    public void stop(String reason) {
        StopSignal s = current;
        if (s != null) {
            s.interrupt(reason);
        }
    }

    /**
     * Runs {@code run} into {@code out}: creates the directory or resumes the run it holds. A file that cannot be
     * written (a full disk) stops the run with one line naming it: what the journal holds is whole, and the same
     * call resumes once the cause is gone.
     */
    public Outcome run(PreparedRun run, Path out) {
        try (RunDirectory dir = RunDirectory.create(out, run.identity());
             Road road = openRoad()) {
            Set<String> done = new HashSet<>();
            dir.reader().latest().values().forEach(r -> {
                // errors are asked again, except those another attempt cannot mend, unless the user says so
                if (!r.isError() || !retryErrors && ErrorClass.DETERMINISTIC_ERROR.label().equals(r.error())) {
                    done.add(r.key());
                }
            });
            Limits limits = Limits.of(run.target().profile(), concurrency, rpm, tpm);
            ProviderProfile.Wire wire = run.target().profile().wire();
            if (stream == StreamMode.ON && !StreamMode.canStream(wire) && wire != ProviderProfile.Wire.ORACLE && wire != ProviderProfile.Wire.REPLAY) {
                listener.notice("--stream: " + run.target().profile().name() + " answers are not streamed (only the OpenAI and Anthropic wire formats stream)");
            }
            ChatClient client = road.clients.subject(run, limits);
            Scorer scorer = run.scoring().scorer(scoring.withJudges(road.clients.resolving(run.judges())).forRun(run.data(), subjectName(run)));
            Runner runner = new Runner(limits.concurrency(), client, scorer, road.calls, listener);
            BatchAnswers answers = batch == null ? null : batchAnswers(run, done, dir, road);
            runner.withBatch(answers);
            RunTotals totals;
            Journal journal = dir.appendJournal();
            try {
                totals = runner.execute(run, done, journal);
            } finally {
                closeJournal(journal, road.calls.stop());
            }
            if (answers != null && answers.stopReason() != null) {
                road.calls.stop().stop(answers.stopReason());
            }
            road.close();
            Summary summary = new Summarizer(Bootstrap.standard()).summarize(run, dir.reader().latest());
            try {
                dir.writeSummary(summary);
            } catch (WriteFailedException e) {
                road.calls.stop().stop(e.getMessage() + "; free some space and re-run the same command");
            }
            return new Outcome(summary, totals, road.calls.stop().reason());
        }
    }

    /**
     * {@code --batch}: the pending requests sent through the provider's batch API (as its profile declares one), or
     * null with a one-line notice when this run's requests go the ordinary way.
     */
    private BatchAnswers batchAnswers(PreparedRun run, Set<String> done, RunDirectory dir, Road road) {
        String unbatched = unbatchedJudges(run);
        if (unbatched != null) {
            listener.notice("--batch: " + unbatched);
        }
        ProviderProfile.Wire wire = run.target().profile().wire();
        if (wire == ProviderProfile.Wire.ORACLE || wire == ProviderProfile.Wire.REPLAY) {
            return null;
        }
        String why = unbatchedAnswers(run);
        if (why != null) {
            listener.notice("--batch: " + why + "; ordinary requests are sent");
            return null;
        }
        if (stream == StreamMode.ON) {
            listener.notice("--stream: the answers come by batch, not streamed");
        }
        BatchApi api = Providers.openBatches(run.target(), bounds);
        return BatchAnswers.collect(run, done, dir, road.calls, api, batch, retry.maxAttempts(), listener);
    }

    /**
     * Why {@code --batch} sends {@code run}'s answers the ordinary way, in words, or null when they go by batch: its
     * provider has no batch API here, or a conversation's later turns need the answers before them.
     */
    public static String unbatchedAnswers(PreparedRun run) {
        if (run.target().profile().batch() == null) {
            return run.target().profile().name() + " has no batch API in gapbench (only " + batchProviders() + ")";
        }
        if (run.suite().prompt().turns() > 1) {
            return "a conversation of several turns needs each answer before its next turn";
        }
        return null;
    }

    /**
     * Why {@code --batch} leaves {@code run}'s judges out, in words, or null when it asks none (a replayed judge's
     * verdicts are read, not asked): a verdict is asked once the answer it judges has come, so the judges are asked the
     * ordinary way, at their catalog price.
     */
    public static String unbatchedJudges(PreparedRun run) {
        Set<String> asked = new TreeSet<>();
        run.judges().forEach((spec, target) -> {
            if (!target.isReplay()) {
                asked.add(spec);
            }
        });
        if (asked.isEmpty()) {
            return null;
        }
        return "the judges' verdicts (" + String.join(", ", asked)
                + ") are asked by ordinary requests at the catalog price, each once the answer it judges has come";
    }

    /** What a run's answers cost by batch, as a fraction of the catalog price: its provider's batch price, 1 where it has no batch API. */
    public static double batchPriceFactor(PreparedRun run) {
        return run.target().profile().batch() == null ? 1 : run.target().profile().batch().priceFactor();
    }

    /** The providers whose batch API gapbench speaks, comma-separated (from the provider profiles). */
    public static String batchProviders() {
        return ProviderProfile.all().stream().filter(p -> p.batch() != null).map(ProviderProfile::name).sorted()
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** Closes the journal; a write that failed stops the run (if the runner did not already) rather than throwing. */
    private static void closeJournal(Journal journal, StopSignal stop) {
        try {
            journal.close();
        } catch (WriteFailedException e) {
            stop.stop(e.getMessage() + (e.diskFull() ? "; free some space and" : ";") + " re-run the same command to continue");
        }
    }

    /**
     * Re-scores the run in {@code dir} from its journal with the suite's current scorer: the model under test is not
     * asked again; judges are asked through the cache (an unchanged judged run makes no request). The journal is
     * rewritten atomically (superseded records dropped) and the summary recomputed. A run whose prompt or data
     * differs from the suite's current ones is refused.
     */
    public Summary rescore(Path path, RunPreparer preparer) {
        try (RunDirectory dir = RunDirectory.openExisting(path); Road road = openRoad()) {
            RunIdentity old = dir.reader().identity();
            PreparedRun run = preparer.prepare(requestOf(old));
            if (!run.identity().suite().promptHash().equals(old.suite().promptHash())) {
                throw new ConfigException(path + " was run with a different prompt than suite " + old.suite().id()
                        + " has now: its responses cannot be re-scored, only re-run");
            }
            if (!run.identity().dataset().files().equals(old.dataset().files())) {
                throw new ConfigException(path + " was run on different dataset files (sha256) than the manifest names now");
            }
            Scorer scorer = run.scoring().scorer(scoring.withJudges(road.clients.resolving(run.judges())).forRun(run.data(), subjectName(run)));
            Map<String, Item> items = new HashMap<>();
            run.items().forEach(i -> items.put(i.id(), i));
            RunReader reader = dir.reader();
            dir.rewriteJournal(sink -> {
                List<SampleRecord> batch = new ArrayList<>(RESCORE_BATCH);
                reader.forEachLatest(r -> {
                    batch.add(r);
                    if (batch.size() == RESCORE_BATCH) {
                        rescoreBatch(batch, items, scorer, sink);
                    }
                });
                rescoreBatch(batch, items, scorer, sink);
            });
            dir.writeIdentity(run.identity());
            Summary summary = new Summarizer(Bootstrap.standard()).summarize(run, dir.reader().latest());
            dir.writeSummary(summary);
            return summary;
        }
    }

    private static final int RESCORE_BATCH = 2048;

    private static void rescoreBatch(List<SampleRecord> batch, Map<String, Item> items, Scorer scorer, Consumer<SampleRecord> sink) {
        batch.parallelStream().map(r -> rescoreOne(r, items, scorer)).toList().forEach(sink);
        batch.clear();
    }

    private static SampleRecord rescoreOne(SampleRecord r, Map<String, Item> items, Scorer scorer) {
        Item item = items.get(r.item());
        if (item == null || r.isRefusal() || r.isError() && r.response() == null) {
            return r; // the model never answered (or declined to): nothing to score
        }
        try {
            Score s = scorer.score(item, new ModelOutput(r.response(), r.reasoning(), r.finishReason(), r.answers()));
            return r.withScore(s);
        } catch (JudgeException e) {
            return r.toBuilder().score(null).error(e.errorClass().label(), e.getMessage()).build();
        } catch (RuntimeException e) {
            return r.withScorerFailure(e);
        }
    }

    /**
     * The name a judge knows the model under test by (a replay judge's recordings are keyed by it): the catalog id, or
     * for a replay without one the recording's file name without its extension.
     */
    static String subjectName(PreparedRun run) {
        if (run.target().isReplay() && run.target().entry() == null) {
            return ModelTarget.recordingName(run.target().modelName());
        }
        return run.target().displayName();
    }

    /** Rebuilds the {@link RunRequest} that produced a run, from its identity. */
    static RunRequest requestOf(RunIdentity id) {
        return RunRequest.builder(id.suite().id(), id.model().spec()).baseUrl(id.model().baseUrl()).limit(id.selection().limit())
                .seed(id.selection().seed()).samples(id.samples()).overrides(id.generation()).shard(id.shard())
                .as(id.model().name().equals(id.model().spec()) ? null : id.model().name()).judges(judgesOf(id))
                .judgeBaseUrl(id.suite().scorer().options().get("judge_base_url") instanceof String u ? u : null).build();
    }

    /** The judges a run was scored with (its scorer's {@code judges} option), so a re-score asks the same ones. */
    private static List<String> judgesOf(RunIdentity id) {
        Object j = id.suite().scorer().options().get("judges");
        return j instanceof List<?> l ? l.stream().map(String::valueOf).toList() : null;
    }

    /** The model calls of one run or re-scoring, and the clients on them; closing it flushes the cache. */
    private final class Road implements AutoCloseable {
        final ModelCalls calls;
        final ModelClients clients;
        private boolean closed;

        Road(ModelCalls calls) {
            this.calls = calls;
            this.clients = new ModelClients(calls, catalog, bounds, stream);
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            clients.close();
            calls.close();
            if (calls.cacheWriteFailure() != null) {
                listener.notice("some responses could not be kept in the response cache: " + calls.cacheWriteFailure());
            }
            current = null;
        }
    }

    /** The road of one run; a local model's answers (oracle, replay) are not cached, its judges' are. */
    private Road openRoad() {
        StopSignal stop = new StopSignal(listener::notice);
        current = stop;
        return new Road(new ModelCalls(cacheFile == null ? null : this::openCache, retry, new CostMeter(maxCostUsd), stop));
    }

    /** The response cache, or null when it cannot be opened (a full disk): the run goes on without it and says so. */
    private ResponseCache openCache() {
        try {
            return ResponseCache.open(cacheFile);
        } catch (ConfigException e) {
            listener.notice(e.oneLine() + "; running without it (the journal keeps every answer)");
            return null;
        }
    }

    public static final class Builder {
        private Integer concurrency;
        private Integer rpm;
        private Integer tpm;
        private Double maxCostUsd;
        private Path cacheFile;
        private Duration timeout = ResponseBounds.DEFAULT.timeout();
        private long maxResponseBytes = ResponseBounds.DEFAULT.maxBytes();
        private Duration streamIdleTimeout = ResponseBounds.DEFAULT_IDLE;
        private StreamMode stream = StreamMode.AUTO;
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private ScoringContext scoring = ScoringContext.standard();
        private RunListener listener = RunListener.NONE;
        private Catalog catalog = Catalog.empty();
        private boolean retryErrors;
        private BatchAnswers.Settings batch;

        private Builder() {
        }

        /**
         * Send the run's pending requests through the provider's batch API (as its profile declares one; other
         * providers take ordinary requests, with a notice): at most {@code size} requests a batch, polled every {@code poll}, waited for at
         * most {@code maxWait} (then the run stops and a re-run resumes polling). Answers cost the batch price.
         */
        public Builder batch(int size, Duration poll, Duration maxWait) {
            batch = new BatchAnswers.Settings(size, poll, maxWait);
            return this;
        }

        /** Ask again, on resume, the samples that ended in a {@link ErrorClass#DETERMINISTIC_ERROR} (other errors always are). */
        public Builder retryErrors(boolean v) {
            retryErrors = v;
            return this;
        }

        /** Requests in flight (null: the provider profile's default). */
        public Builder concurrency(Integer v) {
            concurrency = v;
            return this;
        }

        /** Requests per minute (null: the profile's; 0: unlimited). */
        public Builder rpm(Integer v) {
            rpm = v;
            return this;
        }

        /** Tokens per minute (null: the profile's; 0: unlimited). */
        public Builder tpm(Integer v) {
            tpm = v;
            return this;
        }

        /** Stop cleanly once the run's calls, judges included, have cost this much (null: no limit). */
        public Builder maxCostUsd(Double v) {
            maxCostUsd = v;
            return this;
        }

        /** The response cache (null: none). */
        public Builder cache(Path v) {
            cacheFile = v;
            return this;
        }

        /** How long one exchange with a provider may last, headers and body together. */
        public Builder timeout(Duration v) {
            timeout = v;
            return this;
        }

        /** How large a response body may grow before the exchange is cut (the sample is {@code response_too_large}). */
        public Builder maxResponseBytes(long v) {
            maxResponseBytes = v;
            return this;
        }

        /**
         * Whether answers are streamed (server-sent events) where the wire format can: {@link StreamMode#AUTO} (the
         * default) streams only long Anthropic requests. Nothing that decides a result changes: not the request's
         * parameters, the cache key or the run's identity.
         */
        public Builder stream(StreamMode v) {
            stream = v;
            return this;
        }

        /** How long a streamed answer may send nothing before the exchange is cut (the attempt is a {@code timeout}). */
        public Builder streamIdleTimeout(Duration v) {
            streamIdleTimeout = v;
            return this;
        }

        public Builder retry(RetryPolicy v) {
            retry = v;
            return this;
        }

        public Builder scoring(ScoringContext v) {
            scoring = v;
            return this;
        }

        public Builder listener(RunListener v) {
            listener = v;
            return this;
        }

        /** Where judges' prices and facts come from. */
        public Builder catalog(Catalog v) {
            catalog = v;
            return this;
        }

        public Evaluation build() {
            return new Evaluation(this);
        }
    }
}
