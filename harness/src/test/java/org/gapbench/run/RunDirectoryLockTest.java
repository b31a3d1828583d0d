package org.gapbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gapbench.results.RunDirectory;
import org.gapbench.testing.TestSupport;
import org.gapbench.testkit.ProviderServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * #1: every command that writes a run directory holds its lock. A live run in a child JVM, kept busy by 429s with
 * Retry-After, refuses {@code gapbench score} with one line naming its pid (it used to drop journaled samples, or die
 * of a NullPointerException); and a re-scoring that holds the directory refuses a second one the same way.
 */
class RunDirectoryLockTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondWriterIsRefusedNamingTheHoldersPid() throws Exception {
        Path out = tmp.resolve("live");
        try (ProviderServer server = ProviderServer.start()) {
            for (int i = 0; i < 6; i++) {
                server.script(new ProviderServer.Status(429, "{\"error\":{\"message\":\"slow down\"}}", Map.of("Retry-After", "3")));
            }
            Process run = TestSupport.child(TestSupport.home(), Map.of(), List.of("run", "--suite", "gsm8k", "--model",
                    "openai-compatible:busy", "--base-url", server.baseUrl(), "--limit", "4", "--concurrency", "1", "--no-cache",
                    "--data-dir", TestSupport.dataDir().toString(), "--progress", "none", "--out", out.toString()))
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("run.log").toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (server.requestCount() == 0 && run.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(run.isAlive() && server.requestCount() > 0, "the run is live: " + Files.readString(tmp.resolve("run.log")));

                TestSupport.Cli score = TestSupport.gapbench("score", out.toString(), "--data-dir", TestSupport.dataDir().toString());
                assertEquals(2, score.exit(), score.err());
                assertEquals("gapbench: " + out + " is in use by another gapbench process (pid " + run.pid()
                        + "): wait for it to finish, or stop it", score.err().strip());
                assertTrue(run.isAlive(), "the run goes on, its journal untouched");
            } finally {
                run.destroy();
                assertTrue(run.waitFor(30, TimeUnit.SECONDS));
            }
        }

        // A re-scoring holds the directory (this JVM); a second one, in another process, is refused the same way.
        try (RunDirectory first = RunDirectory.openExisting(out)) {
            TestSupport.Cli second = TestSupport.runChild(TestSupport.home(), Map.of(), "score", out.toString(), "--data-dir",
                    TestSupport.dataDir().toString());
            assertEquals(2, second.exit(), second.out());
            assertEquals("gapbench: " + out + " is in use by another gapbench process (pid " + ProcessHandle.current().pid()
                    + "): wait for it to finish, or stop it", second.out().strip());
        }
        TestSupport.Cli free = TestSupport.gapbench("score", out.toString(), "--data-dir", TestSupport.dataDir().toString());
        assertEquals(0, free.exit(), "once the holder is gone the directory is free: " + free.err());
    }
}
