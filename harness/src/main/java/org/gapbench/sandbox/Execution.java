package org.gapbench.sandbox;

/**
 * What happened to one job.
 *
 * @param exitCode       the program's exit status (128 + signal when killed), or -1 when it was killed by us
 * @param stdout         standard output, cut at the output limit
 * @param stderr         standard error, cut at the output limit
 * @param timedOut       the wall-clock limit was hit and the process tree was killed
 * @param outputExceeded more output than the limit was produced and the process tree was killed
 * @param wallMillis     wall-clock time from start to exit
 * @param memoryExceeded the execution passed its memory bound as a whole and the kernel killed it there
 * @param memoryPeakBytes the most memory it held at once, processes and tmpfs together, as the host counts it; -1
 *                       where nothing counts it (no memory cgroup)
 */
public record Execution(int exitCode, String stdout, String stderr, boolean timedOut, boolean outputExceeded, long wallMillis,
                        boolean memoryExceeded, long memoryPeakBytes) {

    /** An execution of which only the process is known (no memory cgroup counted it). */
    Execution(int exitCode, String stdout, String stderr, boolean timedOut, boolean outputExceeded, long wallMillis) {
        this(exitCode, stdout, stderr, timedOut, outputExceeded, wallMillis, false, -1);
    }

    /** This execution as its memory cgroup saw it. */
    Execution withMemory(boolean exceeded, long peakBytes) {
        return new Execution(exitCode, stdout, stderr, timedOut, outputExceeded, wallMillis, exceeded, peakBytes);
    }
}
