package org.gapbench.sandbox;

/**
 * Runs untrusted programs. Implementations contain the program (no network, no host files, no host
 * environment, bounded resources) and never let a process outlive {@link #run}. Bubblewrap is the default;
 * a container or remote backend can implement this interface later.
 */
public interface Sandbox {

    /** Printed by every command that may run generated code with {@code --unsafe-no-sandbox}, on every run. */
    String UNSAFE_WARNING = "WARNING: --unsafe-no-sandbox: model-written code will run with your privileges, network and files"
            + " (only the environment is cleared); use it only inside a container of your own.";

    /**
     * Runs one job to completion or to one of its limits. Whatever the program does is reported in the
     * {@link Execution}; only a failure of the sandbox itself throws {@link SandboxException}.
     */
    Execution run(Job job);

    /**
     * Runs a judge and a candidate at once, each in a box of its own (its own files, uid and limits), joined only by
     * a line channel the harness relays: the candidate's stdout goes to the judge's stdin, and each line of the
     * judge's stdout that starts with {@code @} goes, without the {@code @}, to the candidate's stdin (the judge's
     * other lines are its own output, which the candidate never sees). The candidate speaks in turn: one line first,
     * then exactly one line for each line it is sent; a line at any other time ends both processes as
     * {@link PairedExecution#tampering}. A channel line longer than the output limit ends both as output exceeded.
     * When the candidate exits, the judge's stdin ends; when the judge exits, the candidate's stdin is closed and the
     * candidate is killed if it has not exited a second later. The judge's wall-clock limit covers both.
     */
    PairedExecution runPair(Job judge, Job candidate);

    /** A short name for journals and warnings, e.g. {@code bubblewrap 0.8.0}. */
    String describe();

    /** The sandbox for this process: bubblewrap, or the host itself when the user asked for no sandbox. */
    static Sandbox create(boolean unsafeNoSandbox, int executionSlots) {
        return BoundedSandbox.shared(unsafeNoSandbox, executionSlots);
    }

    /** Bubblewrap itself, without the bound on executions in flight: for measuring what the sandbox costs. */
    static Sandbox bubblewrap() {
        return BubblewrapSandbox.locate();
    }

    /**
     * A bare process on the host, without isolation or limits: only the other side of that measurement
     * ({@code gapbench bench} figure 6), never a way to score code.
     */
    static Sandbox bareProcess() {
        return new UnsandboxedHost(false);
    }
}
