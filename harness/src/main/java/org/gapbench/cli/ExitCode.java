package org.gapbench.cli;

/** The process exit codes of every {@code gapbench} command (README, "Exit codes"). */
public enum ExitCode {
    /** Success. */
    OK(0),
    /** {@code check} found a regression. */
    REGRESSION(1),
    /** A usage or configuration error: one line naming the flag or the file and line; nothing was run. */
    USAGE(2),
    /** A run that is incomplete: samples ended in errors or the run stopped early (re-run the same command). */
    INCOMPLETE(3),
    /** A bug: please report it with the {@code --debug} output. */
    INTERNAL(4);

    public final int code;

    ExitCode(int code) {
        this.code = code;
    }
}
