package org.gapbench.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gapbench.dataset.Item;
import org.gapbench.io.Hashes;
import org.gapbench.io.WriteFailedException;
import org.gapbench.model.CatalogEntry;
import org.gapbench.model.ErrorClass;
import org.gapbench.model.Message;
import org.gapbench.model.ModelCallException;
import org.gapbench.model.ModelRequest;
import org.gapbench.model.ModelResponse;
import org.gapbench.model.ModelTarget;
import org.gapbench.model.provider.BatchApi;
import org.gapbench.model.resilient.ModelCalls;
import org.gapbench.results.BatchEntry;
import org.gapbench.results.RunDirectory;
import org.gapbench.results.SampleRecord;

/**
 * {@code run --batch}: the run's pending requests sent through the provider's batch API ({@link BatchApi}: OpenAI's
 * Files + Batches, also DashScope's and Zhipu's; Anthropic's Message Batches; Gemini's batch mode) before the runner
 * starts, their answers then taken by the runner like any other (scored, journaled; kept in the response cache and
 * priced at the batch price its provider profile declares, on the run's meter). A request is named in its batch by its response-cache key ({@code custom_id}),
 * so a result maps back to its samples. Crash-safe: a batch's input file, custom ids and state are journaled in
 * {@code batches.jsonl} before the batch is created, and its id as soon as it is known; a re-run polls the batches
 * the journal holds and submits only what no batch holds (a batch created just before a crash is found again by its
 * input file or name in the provider's list, where the API keeps one: not Anthropic's). A cache hit is never sent. An expired, cancelled or failed batch keeps its
 * finished answers; the rest is submitted again while the attempt budget lasts.
 */
final class BatchAnswers {
    /** What the runner gets for a request: a batch's answer or per-sample error, or "still to do" (stopped). */
    record Answer(String batch, ModelResponse response, ErrorClass error, String message) {
    }

    /** The batch settings of {@code run --batch}. */
    record Settings(int size, Duration poll, Duration maxWait) {
        static final Settings DEFAULT = new Settings(50_000, Duration.ofSeconds(30), Duration.ofHours(24));
    }

    private final Map<String, Answer> answers = new HashMap<>();
    private String stopReason;
    private final ModelTarget target;

    private BatchAnswers(ModelTarget target) {
        this.target = target;
    }

    /** The answer the batches gave to {@code request}, or null when it was not sent in a batch (ask the road). */
    Answer take(ModelRequest request) {
        return answers.get(ModelCalls.key(target, request));
    }

    /**
     * Why the run must stop once the runner has taken the answers (a batch not finished in time, the budget, a Batch
     * API failure), or null. The runner journals what did come first: stopping before it would lose finished answers.
     */
    String stopReason() {
        return stopReason;
    }

    /** One request to send: its key and the samples it answers (identical prompts share one line). */
    private record Pending(String key, ModelRequest request, String line) {
    }

    /**
     * Sends the pending single-turn requests of {@code run} (units not in {@code done}) in batches and waits for
     * their answers, at most {@link Settings#maxWait}; returns what the runner takes them from.
     */
    static BatchAnswers collect(PreparedRun run, Set<String> done, RunDirectory dir, ModelCalls calls, BatchApi api,
                                Settings settings, int maxAttempts, RunListener listener) {
        BatchAnswers out = new BatchAnswers(run.target());
        Map<String, Pending> pending = new LinkedHashMap<>();
        for (Item item : run.items()) {
            for (int s = 0; s < run.samples(); s++) {
                if (done.contains(SampleRecord.key(item.id(), s))) {
                    continue;
                }
                List<Message> messages = run.suite().prompt().render(item);
                ModelRequest req = new ModelRequest(item, List.copyOf(messages), run.params(), s);
                String key = ModelCalls.key(run.target(), req);
                pending.computeIfAbsent(key, k -> new Pending(k, req,
                        api.request(k, run.target().modelName(), run.params(), req.messages())));
            }
        }
        Session session = new Session(out, run, pending, dir, calls, api, settings, maxAttempts, listener);
        session.go();
        out.stopReason = session.stopReason;
        return out;
    }

    /** What the envelope of a batch (and each request's separator in it) may take, reserved below the provider's byte limit. */
    static final long ENVELOPE_BYTES = 64 << 10;

    /**
     * {@code items} in order, cut into batches of at most {@code maxCount} items whose sizes (each one more, for its
     * separator) add up to at most {@code maxBytes} less {@link #ENVELOPE_BYTES}. An item too large alone is a batch
     * of its own (the provider's refusal then says why).
     */
    static <T> List<List<T>> chunks(List<T> items, java.util.function.ToLongFunction<T> size, int maxCount, long maxBytes) {
        long budget = Math.max(1, maxBytes - ENVELOPE_BYTES);
        List<List<T>> out = new ArrayList<>();
        List<T> current = new ArrayList<>();
        long bytes = 0;
        for (T item : items) {
            long b = size.applyAsLong(item) + 1;
            if (!current.isEmpty() && (current.size() >= maxCount || bytes + b > budget)) {
                out.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(item);
            bytes += b;
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    /** One invocation's work on the batches. */
    private static final class Session {
        final BatchAnswers out;
        final PreparedRun run;
        final Map<String, Pending> pending;
        final RunDirectory dir;
        final ModelCalls calls;
        final BatchApi api;
        final double priceFactor;
        final Settings settings;
        final int maxAttempts;
        final RunListener listener;
        final Map<String, Integer> attempts = new HashMap<>();
        final Map<String, BatchEntry> open = new LinkedHashMap<>();
        final Set<String> final_ = new HashSet<>();
        final Set<String> resumed = new HashSet<>();
        final Map<String, String> lastState = new HashMap<>();
        String stopReason;

        Session(BatchAnswers out, PreparedRun run, Map<String, Pending> pending, RunDirectory dir, ModelCalls calls, BatchApi api,
                Settings settings, int maxAttempts, RunListener listener) {
            this.out = out;
            this.run = run;
            this.pending = pending;
            this.dir = dir;
            this.calls = calls;
            this.api = api;
            this.priceFactor = run.target().profile().batch().priceFactor();
            this.settings = settings;
            this.maxAttempts = maxAttempts;
            this.listener = listener;
        }

        void go() {
            long deadline = System.nanoTime() + settings.maxWait().toNanos();
            // Batches an earlier invocation journaled that hold a request still to do: an open one is polled (and is this
            // invocation's attempt of its requests); an ended one is read again (its answers may not have reached the
            // journal), and a request it left unanswered has this invocation's whole attempt budget, as any error has.
            for (BatchEntry e : dir.batches()) {
                if (e.customIds() == null || e.customIds().stream().noneMatch(pending::containsKey)) {
                    continue;
                }
                if (!api.ended(e.state())) {
                    e.customIds().forEach(id -> attempts.merge(id, 1, Integer::sum));
                }
                e.customIds().forEach(id -> resumed.add(id));
                open.put(e.file(), e);
            }
            try {
                while (!calls.stop().stopped()) {
                    pollOpen(deadline);
                    if (!open.isEmpty() || calls.stop().stopped()) {
                        break; // out of time (or stopping): what is still open stays journaled for the next invocation
                    }
                    if (!submit()) {
                        break;
                    }
                }
            } catch (ModelCallException e) {
                if (e.errorClass() != ErrorClass.STOPPED) {
                    stopReason = "--batch: " + e.getMessage() + "; re-run the same command to continue (the batches are journaled)";
                }
            } catch (WriteFailedException e) {
                stopReason = e.getMessage() + "; re-run the same command to continue";
            }
            // Whatever no batch answered and no batch still holds goes by ordinary requests; what an open batch holds is left to do.
            for (BatchEntry e : open.values()) {
                for (String id : e.customIds()) {
                    out.answers.putIfAbsent(id, new Answer(e.batch(), null, ErrorClass.STOPPED,
                            "batch " + e.batch() + " is " + e.state() + "; re-run the same command to resume polling it"));
                }
            }
            if (!open.isEmpty() && !calls.stop().stopped() && stopReason == null) {
                stopReason = (String.format("--batch: %d batch(es) not finished within --batch-max-wait-seconds; re-run the same command"
                        + " to resume polling them", open.size()));
            }
        }

        /** Creates batches of what is still to ask; false when nothing is (or the budget forbids it). */
        private boolean submit() throws ModelCallException {
            List<Pending> todo = new ArrayList<>();
            for (Pending p : pending.values()) {
                if (out.answers.containsKey(p.key()) && final_.contains(p.key())) {
                    continue;
                }
                if (attempts.getOrDefault(p.key(), 0) >= maxAttempts) {
                    continue; // its last error stands
                }
                if (!resumed.contains(p.key()) && calls.cached(run.target(), p.request()).isPresent()) {
                    continue; // a cache hit is never sent: the road answers it
                }
                todo.add(p);
            }
            if (todo.isEmpty()) {
                return false;
            }
            todo = withinBudget(todo);
            if (todo.isEmpty()) {
                return false;
            }
            org.gapbench.model.BatchSupport limits = run.target().profile().batch();
            for (List<Pending> chunk : chunks(todo, p -> p.line().getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                    Math.min(settings.size(), limits.maxRequests()), limits.maxBytes())) {
                List<String> requests = new ArrayList<>(chunk.size());
                List<String> ids = new ArrayList<>(chunk.size());
                for (Pending p : chunk) {
                    requests.add(p.line());
                    ids.add(p.key());
                }
                // The name is the journal's key for the batch when the API stages nothing (a fresh one each submission).
                String name = "gapbench-" + Hashes.short12(String.join(",", ids)) + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
                String file = api.stage(requests, name);
                BatchEntry e = new BatchEntry(file, null, BatchEntry.UPLOADED, List.copyOf(ids), null, null);
                dir.appendBatch(e); // journaled before the batch exists: a crash now leaves a file that no batch runs
                ids.forEach(id -> {
                    attempts.merge(id, 1, Integer::sum);
                    out.answers.remove(id);
                });
                open.put(file, journal(e, api.create(file, requests))); // just staged: no batch can hold it yet
            }
            return true;
        }

        /**
         * The batch of requests an earlier invocation staged but whose batch id it never journaled: the one the provider
         * already made of them (a crash after creating it), or a new one (the inline formats send the requests again,
         * rebuilt from their custom ids).
         */
        private BatchEntry create(BatchEntry e) throws ModelCallException {
            Set<String> claimed = new HashSet<>();
            dir.batches().forEach(b -> {
                if (b.batch() != null) {
                    claimed.add(b.batch());
                }
            });
            open.values().forEach(b -> {
                if (b.batch() != null) {
                    claimed.add(b.batch());
                }
            });
            BatchApi.Status found = api.find(e.file(), claimed);
            if (found != null) {
                return journal(e, found);
            }
            List<String> requests = e.customIds().stream().filter(pending::containsKey).map(id -> pending.get(id).line()).toList();
            return journal(e, api.create(e.file(), requests));
        }

        private BatchEntry journal(BatchEntry e, BatchApi.Status b) {
            BatchEntry next = new BatchEntry(e.file(), b.id(), b.state(), e.customIds(), b.output(), b.errors());
            if (!next.state().equals(e.state()) || e.batch() == null) {
                dir.appendBatch(new BatchEntry(next.file(), next.batch(), next.state(), null, next.outputFile(), next.errorFile()));
            }
            String counts = b.done() + "/" + b.total();
            if (!next.state().equals(lastState.put(next.batch(), next.state()))) {
                listener.notice("batch " + next.batch() + ": " + next.state() + " (" + counts + " done, " + e.customIds().size() + " requests)");
            }
            return next;
        }

        /** Polls the open batches until each has ended or the wait is over; collects each that ended. */
        private void pollOpen(long deadline) throws ModelCallException {
            while (!open.isEmpty() && !calls.stop().stopped()) {
                for (BatchEntry e : new ArrayList<>(open.values())) {
                    if (e.batch() == null) {
                        e = create(e);
                        open.put(e.file(), e);
                    }
                    if (!api.ended(e.state())) {
                        e = journal(e, api.get(e.batch()));
                        open.put(e.file(), e);
                    }
                    if (api.ended(e.state())) {
                        gather(e);
                        open.remove(e.file());
                    }
                }
                if (open.isEmpty() || System.nanoTime() >= deadline) {
                    return;
                }
                sleep(Math.min(settings.poll().toNanos(), Math.max(0, deadline - System.nanoTime())));
            }
        }

        /** The answers and per-request errors of an ended batch; a request it left unanswered stays to be resubmitted. */
        private void gather(BatchEntry e) throws ModelCallException {
            Set<String> seen = new HashSet<>();
            for (BatchApi.Line l : api.results(new BatchApi.Status(e.batch(), e.state(), 0, 0, e.outputFile(), e.errorFile()), e.customIds())) {
                Pending p = pending.get(l.customId());
                if (p == null || !e.customIds().contains(l.customId()) || final_.contains(l.customId())) {
                    continue;
                }
                seen.add(l.customId());
                if (l.response() != null) {
                    CatalogEntry prices = run.target().entry();
                    double usd = prices == null ? 0 : priceFactor * prices.cost(l.response().inputTokens(), l.response().outputTokens());
                    ModelResponse r = calls.batchAnswer(run.target(), p.request(), l.response(), usd);
                    out.answers.put(l.customId(), new Answer(e.batch(), r, null, null));
                    final_.add(l.customId());
                } else {
                    out.answers.put(l.customId(), new Answer(e.batch(), null, l.error(), "batch " + e.batch() + ": " + l.message()));
                    if (!l.error().retryable()) {
                        final_.add(l.customId());
                    }
                }
            }
            for (String id : e.customIds()) {
                if (!seen.contains(id) && !final_.contains(id) && pending.containsKey(id)) {
                    out.answers.put(id, new Answer(e.batch(), null, ErrorClass.SERVER_ERROR, "batch " + e.batch() + " " + e.state()
                            + " without a result for this request"));
                }
            }
        }

        private void sleep(long nanos) {
            long end = System.nanoTime() + nanos;
            while (System.nanoTime() < end && !calls.stop().stopped()) {
                try {
                    Thread.sleep(Math.max(1, Math.min(50, (end - System.nanoTime()) / 1_000_000)));
                } catch (InterruptedException ex) {
                    calls.stop().interrupt("interrupted");
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        /**
         * {@code --max-cost}, before a batch is submitted: the requests whose worst case (their prompt at ~4 characters
         * a token and {@code max_tokens} out, at the batch price) fits in what is left of the budget.
         */
        private List<Pending> withinBudget(List<Pending> todo) {
            Double budget = calls.meter().budgetUsd();
            CatalogEntry prices = run.target().entry();
            if (budget == null || prices == null) {
                return todo;
            }
            double left = budget - calls.meter().spentUsd();
            int maxOut = run.params().maxTokens() == null ? 4096 : run.params().maxTokens();
            List<Pending> fits = new ArrayList<>();
            double sum = 0;
            for (Pending p : todo) {
                int in = p.request().messages().stream().mapToInt(m -> m.content().length()).sum() / 4 + 1;
                double worst = priceFactor * prices.cost(in, maxOut);
                if (sum + worst > left) {
                    break;
                }
                sum += worst;
                fits.add(p);
            }
            if (fits.size() < todo.size()) {
                String why = String.format("--max-cost: %d of %d requests fit in the $%.4f left at the batch price (worst case, max_tokens %d)",
                        fits.size(), todo.size(), left, maxOut);
                for (Pending p : todo.subList(fits.size(), todo.size())) {
                    out.answers.put(p.key(), new Answer(null, null, ErrorClass.STOPPED, why));
                    final_.add(p.key());
                }
                stopReason = String.format("stopped: %s; re-run the same command with a larger --max-cost to continue", why);
            }
            return fits;
        }
    }
}
