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
 */
public record Execution(int exitCode, String stdout, String stderr, boolean timedOut, boolean outputExceeded, long wallMillis) {
}
