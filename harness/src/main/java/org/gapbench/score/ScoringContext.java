package org.gapbench.score;

/**
 * What a scorer may use beyond the item and the answer, provided by whoever scores (a run, a re-scoring, validate).
 *
 * @param unsafeNoSandbox run generated code without the sandbox (for people inside their own container)
 * @param executionSlots  how many code executions may run at once
 * @param judges          how judge models are reached: through the run's own cached, retried, metered road
 * @param executionMemoryBytes the memory one execution of generated code may hold, all its processes and tmpfs together;
 *                        null for the sandbox's default
 */
public record ScoringContext(boolean unsafeNoSandbox, int executionSlots, JudgeClients judges, Long executionMemoryBytes) {
    public ScoringContext {
        if (executionSlots < 1) {
            throw new IllegalArgumentException("executionSlots must be at least 1");
        }
        if (executionMemoryBytes != null && executionMemoryBytes < 1) {
            throw new IllegalArgumentException("executionMemoryBytes must be positive");
        }
        judges = judges == null ? JudgeClients.NONE : judges;
    }

    /** The sandbox on with its default memory bound, one execution per core, no judges. */
    public static ScoringContext standard() {
        return new ScoringContext(false, Math.max(1, Runtime.getRuntime().availableProcessors()), JudgeClients.NONE, null);
    }

    public ScoringContext withJudges(JudgeClients j) {
        return new ScoringContext(unsafeNoSandbox, executionSlots, j, executionMemoryBytes);
    }
}
