package org.gapbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.gapbench.io.Json;
import org.gapbench.testing.TestSupport;
import org.gapbench.testkit.ProviderServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * #4: a full disk, for real: a 2 MB tmpfs holds the cache and then the run directory. A full cache never fails the
 * run; a full journal stops it with one line naming the file and "no space left on device", exit 3, the journal whole
 * (a torn last line at most), and the same command finishes the run once space is freed, asking nothing twice.
 * Mounting needs root (CI runs as root); elsewhere the test is skipped, saying why.
 */
class DiskFullTest {
    @TempDir
    Path tmp;
    Path disk;
    ProviderServer server;

    @BeforeEach
    void mount() throws Exception {
        disk = Files.createDirectories(tmp.resolve("disk"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", disk.toString()).redirectErrorStream(true).start();
        String why = new String(p.getInputStream().readAllBytes());
        Assumptions.assumeTrue(p.waitFor() == 0, "cannot mount a tmpfs here (needs root): " + why);
        // Long answers fill the journal quickly: each record is about 1.3 KB.
        server = ProviderServer.start().answer(r -> "x".repeat(1000) + " so the answer is \\boxed{1}.");
    }

    @AfterEach
    void unmount() throws Exception {
        if (server != null) {
            server.close();
        }
        Process p = new ProcessBuilder("umount", disk.toString()).redirectErrorStream(true).start();
        String why = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            new ProcessBuilder("umount", "-l", disk.toString()).start().waitFor(); // detach it at least: @TempDir must go
            throw new AssertionError("the tmpfs was still in use: " + why);
        }
    }

    private TestSupport.Cli run(Path out, Path cache) {
        return TestSupport.gapbench("run", "--suite", "gsm8k", "--model", "openai-compatible:filler", "--base-url", server.baseUrl(),
                "--limit", "200", "--concurrency", "4", "--data-dir", TestSupport.dataDir().toString(), "--progress", "none",
                "--cache", cache.toString(), "--out", out.toString());
    }

    /** Fills the tmpfs but for {@code leave} bytes, and returns the ballast file to delete to free it. */
    private Path fill(long leave) throws IOException {
        Path ballast = disk.resolve("ballast");
        long free = Files.getFileStore(disk).getUsableSpace();
        Files.write(ballast, new byte[(int) Math.max(0, free - leave)]);
        return ballast;
    }

    @Test
    void aFullCacheDoesNotFailTheRun() throws Exception {
        fill(0);
        TestSupport.Cli cli = run(tmp.resolve("out"), disk.resolve("cache.sqlite"));
        assertEquals(0, cli.exit(), cli.err() + cli.out());
        assertFalse(cli.err().contains("Exception") || cli.err().contains("internal error"), cli.err());
        assertTrue(cli.err().contains("no space left on device"), "the user is told why nothing was cached: " + cli.err());
        assertEquals(200, Json.MAPPER.readTree(tmp.resolve("out/summary.json").toFile()).at("/counts/scored").asInt());
    }

    @Test
    void aFullJournalStopsWithOneLineAndResumesOnceSpaceIsFreed() throws Exception {
        Path out = disk.resolve("run");
        Path ballast = fill(150_000);
        TestSupport.Cli full = run(out, disk.resolve("cache.sqlite"));
        assertEquals(3, full.exit(), full.err() + full.out());
        Path journal = out.resolve("samples.jsonl");
        List<String> problems = full.err().lines().filter(l -> l.contains(journal.toString())).toList();
        assertEquals(List.of("gapbench: cannot write " + journal + ": no space left on device; free some space and re-run the same command to continue"),
                problems, full.err());
        assertFalse(full.err().contains("Exception") || full.err().contains("internal error") || full.err().contains("\tat "), full.err());

        Set<String> journaled = keys(journal);
        assertTrue(journaled.size() > 0 && journaled.size() < 200, "stopped part-way: " + journaled.size());
        long asked = server.requestCount();

        Files.delete(ballast);
        TestSupport.Cli resumed = run(out, disk.resolve("cache.sqlite"));
        assertEquals(0, resumed.exit(), resumed.err() + resumed.out());
        assertEquals(200, keys(journal).size(), "every sample journaled once");
        assertTrue(server.requestCount() - asked <= 200 - journaled.size(), "nothing journaled was asked again");
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertEquals(200, summary.at("/counts/scored").asInt());
    }

    /** The units of a journal, each once; a torn last line (the write the disk refused) is allowed and skipped. */
    private static Set<String> keys(Path journal) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(journal));
        Set<String> keys = new HashSet<>();
        byte[] bytes = Files.readAllBytes(journal);
        if (bytes.length > 0 && bytes[bytes.length - 1] != '\n') {
            lines.remove(lines.size() - 1);
        }
        for (String line : lines) {
            JsonNode r = Json.MAPPER.readTree(line);
            assertTrue(keys.add(r.get("item").asText() + "#" + r.get("sample").asInt()), "duplicate " + line);
        }
        return keys;
    }
}
