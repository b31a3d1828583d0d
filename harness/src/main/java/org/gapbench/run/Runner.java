package org.gapbench.run;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.gapbench.dataset.Item;
import org.gapbench.io.Hashes;
import org.gapbench.io.WriteFailedException;
import org.gapbench.io.Json;
import org.gapbench.model.ChatClient;
import org.gapbench.model.ErrorClass;
import org.gapbench.model.Message;
import org.gapbench.model.ModelCallException;
import org.gapbench.model.ModelRequest;
import org.gapbench.model.ModelResponse;
import org.gapbench.model.resilient.ModelCalls;
import org.gapbench.results.Journal;
import org.gapbench.results.SampleRecord;
import org.gapbench.score.JudgeException;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Scorer;

/**
 * Executes the work units (item, sample) of a prepared run with a pool of workers: each takes the next unit, asks
 * the model through the run's road (cache, meter, retries, limits: {@link ModelCalls}), scores the answer and hands
 * the record to the journal. Workers pull units lazily, so memory does not grow with the size of the run. A unit
 * whose call was refused because the run is stopping is not journaled: it is simply still to do.
 */
final class Runner {

    /** A unit of work: one sample of one item. */
    record WorkUnit(Item item, int sample) {
    }

    private final int workers;
    private final ChatClient client;
    private final Scorer scorer;
    private final ModelCalls calls;
    private final RunListener listener;
    private BatchAnswers batch;

    Runner(int workers, ChatClient client, Scorer scorer, ModelCalls calls, RunListener listener) {
        this.workers = workers;
        this.client = client;
        this.scorer = scorer;
        this.calls = calls;
        this.listener = listener;
    }

    /** Takes single-turn answers from {@code answers} first ({@code run --batch}); what they do not hold takes the road. */
    Runner withBatch(BatchAnswers answers) {
        this.batch = answers;
        return this;
    }

    /** Runs every unit of {@code run} not in {@code done}, appending records to {@code journal}. */
    RunTotals execute(PreparedRun run, Set<String> done, Journal journal) {
        int pending = 0;
        for (Item item : run.items()) {
            for (int s = 0; s < run.samples(); s++) {
                if (!done.contains(SampleRecord.key(item.id(), s))) {
                    pending++;
                }
            }
        }
        RunTotals totals = new RunTotals(run.sampleCount(), run.sampleCount() - pending, calls::requests, calls.meter()::spentUsd);
        listener.started(run, totals);
        Iterator<WorkUnit> units = new PendingUnits(run, done);
        int threads = Math.min(workers, Math.max(1, pending));
        List<Thread> pool = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> work(run, units, journal, totals), "gapbench-worker-" + i);
            t.setDaemon(true);
            pool.add(t);
            t.start();
        }
        awaitWorkers(pool);
        listener.finished(totals);
        return totals;
    }

    /**
     * Waits for the workers. Once an interrupted run's grace is over, the calls still in flight are abandoned (their
     * samples stay to be done), so Ctrl-C ends a run within seconds even when a provider stalls.
     */
    private void awaitWorkers(List<Thread> pool) {
        for (Thread t : pool) {
            try {
                while (t.isAlive()) {
                    t.join(JOIN_POLL_MS);
                    if (calls.stop().graceOver()) {
                        calls.abortInFlight();
                    }
                }
            } catch (InterruptedException e) {
                calls.stop().interrupt("interrupted");
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static final long JOIN_POLL_MS = 100;

    /** The (item, sample) units not yet done, in run order, made one at a time as workers ask for them. */
    private static final class PendingUnits implements Iterator<WorkUnit> {
        private final PreparedRun run;
        private final Set<String> done;
        private int item;
        private int sample = -1;
        private WorkUnit next;

        PendingUnits(PreparedRun run, Set<String> done) {
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
                throw new NoSuchElementException();
            }
            WorkUnit u = next;
            advance();
            return u;
        }
    }

    private void work(PreparedRun run, Iterator<WorkUnit> units, Journal journal, RunTotals totals) {
        while (!calls.stop().stopped()) {
            WorkUnit unit;
            synchronized (units) {
                if (!units.hasNext()) {
                    return;
                }
                unit = units.next();
            }
            SampleRecord record;
            try {
                record = process(run, unit);
            } catch (RuntimeException e) {
                // A bug of ours, not the model's: journaled as such (and asked again on the next run), never a dead worker.
                record = SampleRecord.builder(unit.item().id(), unit.sample()).error(ErrorClass.INTERNAL.label(), e.toString()).build();
            }
            if (record == null) {
                stopIfOverBudget(); // a judge refused by the budget leaves its sample to do, and the run must stop
                continue; // refused because the run is stopping: still to do
            }
            try {
                journal.append(record);
            } catch (WriteFailedException e) {
                calls.stop().stop(e.getMessage() + (e.diskFull() ? "; free some space and" : ";") + " re-run the same command to continue");
                return;
            }
            totals.record(record);
            listener.sampleFinished(record, totals);
            stopIfOverBudget();
        }
    }

    /** Stops the run once {@code --max-cost} is spent, saying so; the samples not done stay to be done. */
    private void stopIfOverBudget() {
        if (calls.meter().exhausted()) {
            calls.stop().stop(String.format("stopped: spent $%.4f, the --max-cost limit; re-run the same command to continue",
                    calls.meter().spentUsd()));
        }
    }

    /**
     * The record of one unit, or null when its call was refused because the run is stopping. A conversation of
     * several turns asks each later user turn after the model's own answer; a turn that fails makes the sample an
     * error (asked again on resume, where the turns already answered come from the cache).
     */
    private SampleRecord process(PreparedRun run, WorkUnit unit) {
        List<Message> messages = new ArrayList<>(run.suite().prompt().render(unit.item()));
        SampleRecord.Builder record = SampleRecord.builder(unit.item().id(), unit.sample())
                .promptHash(Hashes.short12(Json.write(messages)));
        int turnCount = run.suite().prompt().turns();
        List<SampleRecord.Turn> turns = new ArrayList<>(turnCount);
        long started = System.nanoTime();
        int attempts = 0;
        ModelResponse response = null;
        for (int turn = 1; turn <= turnCount; turn++) {
            if (turn > 1) {
                messages.add(Message.assistant(response.text()));
                messages.add(run.suite().prompt().userTurn(unit.item(), turn));
            }
            try {
                ModelRequest request = new ModelRequest(unit.item(), List.copyOf(messages), run.params(), unit.sample());
                BatchAnswers.Answer answer = batch != null && turnCount == 1 ? batch.take(request) : null;
                if (answer == null) {
                    response = client.complete(request);
                } else if (answer.response() != null) {
                    response = answer.response();
                    record.batch(answer.batch());
                } else {
                    throw answer.error() == ErrorClass.STOPPED ? ModelCallException.stopped(answer.message())
                            : new ModelCallException(answer.error(), answer.message());
                }
            } catch (ModelCallException e) {
                if (e.errorClass() == ErrorClass.STOPPED) {
                    return null;
                }
                record.attempts(attempts + e.attempts()).latencyMs((System.nanoTime() - started) / 1_000_000).turns(turns);
                if (e.errorClass() == ErrorClass.CONTENT_FILTERED) {
                    return record.refusal(e.getMessage()).finishReason(e.finishReason() != null ? e.finishReason() : ModelResponse.CONTENT_FILTER).build();
                }
                String where = turnCount > 1 ? "turn " + turn + ": " : "";
                return record.error(e.errorClass().label(), where + e.getMessage()).build();
            }
            attempts += response.trace().attempts();
            if (turnCount > 1) {
                turns.add(new SampleRecord.Turn(response.text(), response.reasoning(), response.inputTokens(), response.outputTokens(),
                        response.trace().costUsd(), response.trace().cached(), response.trace().attempts(), response.finishReason()));
            }
            if (response.refused()) {
                break; // the model declined this turn: the conversation ends here, as a refusal
            }
        }
        record.response(response.text()).reasoning(response.reasoning()).attempts(attempts)
                .latencyMs((System.nanoTime() - started) / 1_000_000).finishReason(response.finishReason()).model(response.model()).turns(turns);
        if (turns.isEmpty()) {
            record.tokens(response.inputTokens(), response.outputTokens(), response.reasoningTokens())
                    .costUsd(response.trace().costUsd()).cached(response.trace().cached());
        } else {
            record.tokens(total(turns, SampleRecord.Turn::tokensIn), total(turns, SampleRecord.Turn::tokensOut), response.reasoningTokens())
                    .costUsd(turns.stream().mapToDouble(SampleRecord.Turn::costUsd).sum())
                    .cached(turns.stream().allMatch(SampleRecord.Turn::cached));
        }
        if (response.refused()) {
            // The provider's filter or the model declined: counted apart, neither a wrong answer nor an error to retry.
            return record.refusal(response.finishReason()).build();
        }
        List<String> answers = turns.stream().map(SampleRecord.Turn::response).toList();
        try {
            return record.score(scorer.score(unit.item(), new ModelOutput(response.text(), response.reasoning(), response.finishReason(), answers))).build();
        } catch (JudgeException e) {
            return e.errorClass() == ErrorClass.STOPPED ? null : record.error(e.errorClass().label(), e.getMessage()).build();
        } catch (RuntimeException e) {
            return record.build().withScorerFailure(e);
        }
    }

    /** The sum of a token count over turns; -1 (unknown) when any turn's provider did not say. */
    private static int total(List<SampleRecord.Turn> turns, java.util.function.ToIntFunction<SampleRecord.Turn> count) {
        int sum = 0;
        for (SampleRecord.Turn t : turns) {
            int n = count.applyAsInt(t);
            if (n < 0) {
                return -1;
            }
            sum += n;
        }
        return sum;
    }
}
