package org.gapbench.sandbox;

import java.time.Duration;

/**
 * What one execution may use.
 *
 * @param wall        wall-clock time before the process tree is killed
 * @param cpuSeconds  CPU time (RLIMIT_CPU) before the kernel kills it
 * @param memoryBytes address space (RLIMIT_AS); the JVM needs far more than it touches, so Java jobs raise it
 * @param fileBytes   largest file it may write (RLIMIT_FSIZE), also the size of its writable work dir
 * @param processes   processes and threads of the sandbox user (RLIMIT_NPROC); generous, because exited
 *                    sandboxes linger as zombies for a moment and count against it
 * @param outputBytes stdout and stderr kept, each; a program printing more is killed
 * @param executionMemoryBytes all the memory of the execution together: every process and its tmpfs pages (a memory
 *                    cgroup, where the machine has one to give; see {@link MemoryCgroups})
 */
public record Limits(Duration wall, int cpuSeconds, long memoryBytes, long fileBytes, int processes, int outputBytes,
                     long executionMemoryBytes) {
    public static final long MIB = 1024L * 1024;
    /** The default bound on one execution's memory as a whole. */
    public static final long EXECUTION_MEMORY = 1024 * MIB;

    public static Limits standard(Duration wall) {
        return new Limits(wall, cpuSecondsFor(wall), 512 * MIB, 16 * MIB, 512, 1024 * 1024, EXECUTION_MEMORY);
    }

    /** The same limits with {@code bytes} of address space per process. */
    public Limits withMemory(long bytes) {
        return new Limits(wall, cpuSeconds, bytes, fileBytes, processes, outputBytes, executionMemoryBytes);
    }

    /** The same limits with {@code bytes} for the whole execution. */
    public Limits withExecutionMemory(long bytes) {
        return new Limits(wall, cpuSeconds, memoryBytes, fileBytes, processes, outputBytes, bytes);
    }

    /** CPU limit just above the wall limit, so a busy loop is normally stopped by the wall clock first. */
    private static int cpuSecondsFor(Duration wall) {
        return (int) Math.max(1, (wall.toMillis() + 1999) / 1000);
    }
}
