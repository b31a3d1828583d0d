package org.gapbench.sandbox;

/**
 * What happened to a judge and a candidate run together by {@link Sandbox#runPair}.
 *
 * @param judge     the judge's execution; its stdout holds its own lines, not the ones it sent to the candidate
 * @param candidate the candidate's execution; its stdout is empty (everything it wrote there was the channel)
 * @param tampering why the channel was broken (the candidate wrote out of turn), or null: then both were killed
 */
public record PairedExecution(Execution judge, Execution candidate, String tampering) {
}
