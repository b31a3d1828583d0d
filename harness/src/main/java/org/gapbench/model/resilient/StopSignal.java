package org.gapbench.model.resilient;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one flag that ends a run early (Ctrl-C, {@code --max-cost}, a key the provider refused, an endpoint nobody
 * answers at): once raised, no new call starts, retries give up and backoff sleeps wake. The first reason wins and is
 * told to the listener once. A stop lets the calls in flight finish (they are paid for); an {@link #interrupt}
 * (Ctrl-C, SIGTERM) gives them {@link #GRACE} and then abandons them, so the run ends within seconds.
 */
public final class StopSignal {
    /** How long an interrupted run waits for its calls in flight before abandoning them. */
    public static final Duration GRACE = Duration.ofSeconds(2);

    private final CountDownLatch raised = new CountDownLatch(1);
    private final Consumer<String> onStop;
    private volatile String reason;
    private volatile long interruptedAt;
    private volatile boolean interrupted;

    public StopSignal(Consumer<String> onStop) {
        this.onStop = onStop;
    }

    public void stop(String why) {
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why;
        }
        raised.countDown();
        onStop.accept(why);
    }

    /** Stops the run and asks that its calls in flight be abandoned after {@link #GRACE} (Ctrl-C, SIGTERM). */
    public void interrupt(String why) {
        synchronized (this) {
            if (!interrupted) {
                interruptedAt = System.nanoTime();
                interrupted = true;
            }
        }
        stop(why);
    }

    /** True once {@link #interrupt} was called and {@link #GRACE} has passed: calls in flight are to be abandoned. */
    public boolean graceOver() {
        return interrupted && System.nanoTime() - interruptedAt >= GRACE.toNanos();
    }

    public boolean stopped() {
        return reason != null;
    }

    /** Why the run is stopping, or null. */
    public String reason() {
        return reason;
    }

    /** Waits {@code d} unless the signal is raised first; true when it was. */
    boolean awaitStop(Duration d) throws InterruptedException {
        return raised.await(d.toNanos(), TimeUnit.NANOSECONDS);
    }
}
