package org.gapbench.run;

import org.gapbench.results.SampleRecord;

/** Observes a run without taking part in it: progress bars, logs and benchmarks listen; the runner never prints. */
public interface RunListener {
    default void started(PreparedRun run, RunTotals totals) {
    }

    default void sampleFinished(SampleRecord record, RunTotals totals) {
    }

    /** Something the user must know (the run stopped early, authentication failed), said once. */
    default void notice(String message) {
    }

    default void finished(RunTotals totals) {
    }

    RunListener NONE = new RunListener() {
    };
}
