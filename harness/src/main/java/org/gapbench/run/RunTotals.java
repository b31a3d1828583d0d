package org.gapbench.run;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.gapbench.results.SampleRecord;

/** Live counters of a run, shared by workers and read by listeners. */
public final class RunTotals {
    private final int total;
    private final int alreadyDone;
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicInteger cached = new AtomicInteger();
    private final AtomicInteger batched = new AtomicInteger();
    private final AtomicInteger correct = new AtomicInteger();
    private final AtomicLong tokensIn = new AtomicLong();
    private final AtomicLong tokensOut = new AtomicLong();
    private final LongSupplier requests;
    private final DoubleSupplier spend;

    RunTotals(int total, int alreadyDone, LongSupplier requests, DoubleSupplier spend) {
        this.total = total;
        this.alreadyDone = alreadyDone;
        this.requests = requests;
        this.spend = spend;
    }

    void record(SampleRecord r) {
        finished.incrementAndGet();
        if (r.isError()) {
            errors.incrementAndGet();
        } else if (r.score() != null && r.score().isCorrect()) {
            correct.incrementAndGet();
        }
        if (r.cached()) {
            cached.incrementAndGet();
        }
        if (r.batch() != null) {
            batched.incrementAndGet();
        }
        if (r.tokensIn() > 0) {
            tokensIn.addAndGet(r.tokensIn());
        }
        if (r.tokensOut() > 0) {
            tokensOut.addAndGet(r.tokensOut());
        }
    }

    /** Samples in the run (this shard), including those finished by an earlier invocation. */
    public int total() {
        return total;
    }

    public int alreadyDone() {
        return alreadyDone;
    }

    /** Samples finished by this invocation. */
    public int finished() {
        return finished.get();
    }

    public int errors() {
        return errors.get();
    }

    public int cached() {
        return cached.get();
    }

    /** Samples of this invocation answered through a provider batch ({@code run --batch}). */
    public int batched() {
        return batched.get();
    }

    public int correct() {
        return correct.get();
    }

    /** HTTP requests made by this invocation, retries and judges included. */
    public long requests() {
        return requests.getAsLong();
    }

    public long tokensIn() {
        return tokensIn.get();
    }

    public long tokensOut() {
        return tokensOut.get();
    }

    /** What this invocation's model calls cost, judges included. */
    public double spendUsd() {
        return spend.getAsDouble();
    }
}
