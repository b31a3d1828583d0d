package org.gapbench.score;

/**
 * What a scorer may use beyond the item and the answer, provided by whoever scores (a run, a re-scoring, validate).
 *
 * @param unsafeNoSandbox run generated code without the sandbox (for people inside their own container)
 * @param executionSlots  how many code executions may run at once
 * @param judges          how judge models are reached: through the run's own cached, retried, metered road
 * @param executionMemoryBytes the memory one execution of generated code may hold, all its processes and tmpfs together;
 *                        null for the sandbox's default
 * @param data            the datasets a scorer reads besides the suite's (judge prompts), through their manifests
 * @param subject         the name of the model whose answers are scored (a replay judge's recordings are keyed by it);
 *                        null when unknown
 */
public record ScoringContext(boolean unsafeNoSandbox, int executionSlots, JudgeClients judges, Long executionMemoryBytes,
                             DatasetSource data, String subject) {
    public ScoringContext {
        if (executionSlots < 1) {
            throw new IllegalArgumentException("executionSlots must be at least 1");
        }
        if (executionMemoryBytes != null && executionMemoryBytes < 1) {
            throw new IllegalArgumentException("executionMemoryBytes must be positive");
        }
        judges = judges == null ? JudgeClients.NONE : judges;
        data = data == null ? DatasetSource.NONE : data;
    }

    public ScoringContext(boolean unsafeNoSandbox, int executionSlots, JudgeClients judges, Long executionMemoryBytes) {
        this(unsafeNoSandbox, executionSlots, judges, executionMemoryBytes, null, null);
    }

    /** The sandbox on with its default memory bound, one execution per core, no judges. */
    public static ScoringContext standard() {
        return new ScoringContext(false, Math.max(1, Runtime.getRuntime().availableProcessors()), JudgeClients.NONE, null);
    }

    public ScoringContext withJudges(JudgeClients j) {
        return new ScoringContext(unsafeNoSandbox, executionSlots, j, executionMemoryBytes, data, subject);
    }

    /** This context scoring {@code subject}'s answers, with the datasets {@code d}. */
    public ScoringContext forRun(DatasetSource d, String subject) {
        return new ScoringContext(unsafeNoSandbox, executionSlots, judges, executionMemoryBytes, d, subject);
    }
}
