package org.gapbench.score;

/**
 * Settings from the command line that some scorers need.
 *
 * @param unsafeNoSandbox run generated code without the sandbox (for people inside their own container)
 * @param executionSlots  how many code executions may run at once
 */
public record ScoringEnvironment(boolean unsafeNoSandbox, int executionSlots) {
    public static ScoringEnvironment standard() {
        return new ScoringEnvironment(false, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }
}
