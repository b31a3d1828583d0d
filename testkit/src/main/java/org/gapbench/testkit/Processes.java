package org.gapbench.testkit;

import java.util.concurrent.TimeUnit;

/** What the tests' helper processes (a real inference server, a headless browser) need alike. */
public final class Processes {
    private Processes() {
    }

    /** Asks {@code process} to end (SIGTERM), then kills it after 10 s; returns once it is gone or 20 s passed. */
    public static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
