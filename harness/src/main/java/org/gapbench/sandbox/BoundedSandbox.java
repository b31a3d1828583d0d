package org.gapbench.sandbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Lets at most {@code slots} executions run at once, however many scoring threads ask, so the machine stays
 * responsive. One instance per mode and slot count is shared by every scorer of the process.
 */
final class BoundedSandbox implements Sandbox {
    private static final Map<String, BoundedSandbox> SHARED = new ConcurrentHashMap<>();

    private final Sandbox inner;
    private final Semaphore slots;

    static BoundedSandbox shared(boolean unsafeNoSandbox, int slots) {
        return SHARED.computeIfAbsent(unsafeNoSandbox + "/" + slots,
                k -> new BoundedSandbox(unsafeNoSandbox ? new UnsandboxedHost(true) : BubblewrapSandbox.locate(), slots));
    }

    private BoundedSandbox(Sandbox inner, int slots) {
        this.inner = inner;
        this.slots = new Semaphore(Math.max(1, slots), true);
    }

    @Override
    public Execution run(Job job) {
        acquire();
        try {
            return inner.run(job);
        } finally {
            slots.release();
        }
    }

    /** One slot for both: the judge and the candidate take turns, so together they keep about one core busy. */
    @Override
    public PairedExecution runPair(Job judge, Job candidate) {
        acquire();
        try {
            return inner.runPair(judge, candidate);
        } finally {
            slots.release();
        }
    }

    private void acquire() {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while waiting for an execution slot", e);
        }
    }

    @Override
    public String describe() {
        return inner.describe();
    }
}
