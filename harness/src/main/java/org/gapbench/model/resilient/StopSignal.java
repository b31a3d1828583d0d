package org.gapbench.model.resilient;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one flag that ends a run early (Ctrl-C, {@code --max-cost}, a key the provider refused): once raised, no new
 * call starts, retries give up and backoff sleeps wake. The first reason wins and is told to the listener once.
 */
public final class StopSignal {
    private final CountDownLatch raised = new CountDownLatch(1);
    private final Consumer<String> onStop;
    private volatile String reason;

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
