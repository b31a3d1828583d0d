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
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while waiting for an execution slot", e);
        }
        try {
            return inner.run(job);
        } finally {
            slots.release();
        }
    }

    @Override
    public String describe() {
        return inner.describe();
    }
}
