package org.gapbench.cli;

import java.io.PrintWriter;
import org.gapbench.config.ConfigException;
import org.gapbench.sandbox.Limits;
import org.gapbench.sandbox.Sandbox;
import org.gapbench.score.ScoringContext;
import picocli.CommandLine.Option;

/** How the commands that run generated code (run, score, grade) run it: the sandbox, or not, and its memory bound. */
final class SandboxOptions {
    @Option(names = "--unsafe-no-sandbox", description = "Run generated code without the sandbox (only inside your own container).")
    boolean unsafeNoSandbox;

    @Option(names = "--sandbox-memory-mb", defaultValue = "" + Limits.EXECUTION_MEMORY / Limits.MIB,
            description = "Memory one execution of generated code may hold, all its processes and temporary files together"
                    + " (a memory cgroup where the machine gives one; default: ${DEFAULT-VALUE}).")
    long memoryMb;

    /** The scoring context these options give, after checking them; warns on {@code err} when the sandbox is off. */
    ScoringContext context(PrintWriter err) {
        if (memoryMb < 64 || memoryMb > 1 << 20) {
            throw new ConfigException("--sandbox-memory-mb must be between 64 and 1048576, not " + memoryMb);
        }
        if (unsafeNoSandbox) {
            err.println(Sandbox.UNSAFE_WARNING);
        }
        return new ScoringContext(unsafeNoSandbox, Math.max(1, Runtime.getRuntime().availableProcessors()), null, memoryMb * Limits.MIB);
    }
}
