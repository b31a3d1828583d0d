package org.gapbench.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: one execution's memory is bounded as a whole — all its processes and its tmpfs pages — and the bound is
 * read from outside, as the host's kernel counts the execution's cgroup ({@link Execution#memoryPeakBytes}). Each
 * program below stays within every per-process limit (512 MiB of address space, 16 MiB per file), so only the bound on
 * the whole can stop it.
 */
class MemoryBoundTest {
    private static final long LIMIT = 1024 * Limits.MIB;
    /** The kernel charges in pages and reclaims lazily: what it reports may pass the limit by a little. */
    private static final long SLACK = 8 * Limits.MIB;

    @BeforeAll
    static void cgroups() {
        // Where neither cgroup v2 delegation nor the v1 memory hierarchy is writable, there is nothing to bound with;
        // this machine and CI give one (the sandbox's description says which).
        assumeTrue(Sandbox.bubblewrap().describe().contains("cgroup"), "no memory cgroup here: " + Sandbox.bubblewrap().describe());
    }

    private static Execution python(String program, long executionMemory) {
        return Sandbox.bubblewrap().run(new Job(Map.of("p.py", program.getBytes(StandardCharsets.UTF_8)),
                List.of("/usr/bin/python3", "-I", "-S", Job.BOX + "/p.py"), "",
                Limits.standard(Duration.ofSeconds(30)).withExecutionMemory(executionMemory)));
    }

    /** Six children of 400 MB each: 2.4 GB, which reached 2.5 GB of host memory under per-process limits alone. */
    private static final String FORK_AND_ALLOCATE = """
            import os, time
            children = []
            for i in range(6):
                pid = os.fork()
                if pid == 0:
                    hog = bytearray(400 * 1024 * 1024)
                    for j in range(0, len(hog), 4096):
                        hog[j] = 1
                    time.sleep(3)
                    os._exit(0)
                children.append(pid)
            for pid in children:
                os.waitpid(pid, 0)
            print('all children finished')
            """;

    @Test
    void aForkAndAllocateBombEndsAtTheBoundAsTheHostCountsIt() {
        Execution e = python(FORK_AND_ALLOCATE, LIMIT);
        System.out.printf("fork-and-allocate (6 x 400 MB) under a %d MiB bound: peak %d MiB, killed at the bound %s, %d ms%n",
                LIMIT / Limits.MIB, e.memoryPeakBytes() / Limits.MIB, e.memoryExceeded(), e.wallMillis());
        assertTrue(e.memoryExceeded(), "the bound did not stop it: " + e);
        // the kernel killed children inside the execution's cgroup until the rest fit; the parent lives to wait for them
        assertTrue(e.memoryPeakBytes() > 0 && e.memoryPeakBytes() <= LIMIT + SLACK,
                "the host counted " + e.memoryPeakBytes() / Limits.MIB + " MiB for one execution");
        assertFalse(e.timedOut(), "it ended at the bound, not by the wall clock");
    }

    /**
     * 15 MiB in each of /dev/shm, /tmp and /work: over a 40 MiB bound, within every tmpfs size. (The interpreter's own
     * pages were the warm box's zygote's before the fork; only those the execution writes to are charged to it.)
     */
    private static final String FILL_EVERY_TMPFS = """
            for path in ('/dev/shm/fill', '/tmp/fill', '/work/fill'):
                with open(path, 'wb') as f:
                    for _ in range(15):
                        f.write(b'x' * (1 << 20))
                        f.flush()
            print('filled')
            """;

    @Test
    void temporaryFilesCountAgainstTheSameBound() {
        long small = 40 * Limits.MIB;
        Execution bounded = python(FILL_EVERY_TMPFS, small);
        assertTrue(bounded.memoryExceeded(), "tmpfs pages escaped the bound: " + bounded);
        assertFalse(bounded.stdout().contains("filled"), bounded.stdout());
        assertTrue(bounded.memoryPeakBytes() <= small + SLACK, bounded.memoryPeakBytes() / Limits.MIB + " MiB");

        // the same program under the default bound: the files are charged (peak above 45 MiB), and nothing else stopped it
        Execution free = python(FILL_EVERY_TMPFS, LIMIT);
        System.out.printf("three tmpfs of 15 MiB: under 40 MiB peak %d MiB (killed %s); under %d MiB peak %d MiB%n",
                bounded.memoryPeakBytes() / Limits.MIB, bounded.memoryExceeded(), LIMIT / Limits.MIB, free.memoryPeakBytes() / Limits.MIB);
        assertEquals(0, free.exitCode(), free.stderr());
        assertEquals("filled", free.stdout().strip());
        assertFalse(free.memoryExceeded());
        assertTrue(free.memoryPeakBytes() >= 45 * Limits.MIB, "the host counted only " + free.memoryPeakBytes() / Limits.MIB + " MiB");
    }
}
