package org.gapbench.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.gapbench.testing.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * #5: a {@code kill -9} skips every clean-up, so a killed run leaves its {@code gapbench-box-*} directories behind; the
 * next process that runs generated code removes those whose process is gone, and leaves a live process's alone.
 */
class StaleBoxTest {
    @TempDir
    Path tmp;

    @Test
    void theNextRunRemovesTheBoxesOfDeadProcesses() throws Exception {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Path root = Path.of(System.getProperty("java.io.tmpdir"));
        Path stale = Files.createDirectories(root.resolve("gapbench-box-" + dead.pid() + "-" + System.nanoTime()));
        Files.writeString(stale.resolve("solution.py"), "print('left behind')");
        Path live = Files.createDirectories(root.resolve("gapbench-box-" + ProcessHandle.current().pid() + "-" + System.nanoTime()));
        try {
            TestSupport.Cli c = TestSupport.runChild(TestSupport.home(), Map.of(), "run", "--suite", "humaneval", "--model", "oracle:gold",
                    "--limit", "1", "--out", tmp.resolve("run").toString(), "--progress", "none", "--data-dir", TestSupport.dataDir().toString());
            assertEquals(0, c.exit(), c.out());
            assertFalse(Files.exists(stale), "the dead process's box is gone");
            assertTrue(Files.exists(live), "a live process's box is left alone");
        } finally {
            Files.deleteIfExists(live);
        }
    }
}
