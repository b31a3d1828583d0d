package org.gapbench.publish.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gapbench.io.Hashes;
import org.gapbench.testing.TestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * #3: a report is built beside the old one and swapped in. A {@code report} killed with SIGKILL while it writes leaves
 * the old report whole, never new charts beside an old index.html; what a crash between the two renames leaves is put
 * right by the next report; a directory holding files gapbench did not write is refused, not emptied.
 */
class ReportReplaceTest {
    private static final Path HISTORY = TestSupport.home().resolve("datasets/history/scores.csv");

    @TempDir
    static Path tmp;
    static Path run;
    static Map<String, String> old;
    static Map<String, String> fresh;

    /** The old report has one leaderboard (and its chart); the new one is history only. */
    @BeforeAll
    static void reports() throws IOException {
        run = tmp.resolve("oracle");
        TestSupport.Cli c = TestSupport.gapbench("run", "--suite", "gsm8k", "--model", "oracle:gold", "--limit", "20", "--out", run.toString(),
                "--progress", "none", "--data-dir", TestSupport.dataDir().toString());
        assertEquals(0, c.exit(), c.err());
        ReportBuilder.build(List.of(run), HISTORY, tmp.resolve("expected-old"));
        ReportBuilder.build(List.of(), HISTORY, tmp.resolve("expected-new"));
        old = files(tmp.resolve("expected-old"));
        fresh = files(tmp.resolve("expected-new"));
        assertNotEquals(old.keySet(), fresh.keySet(), "the two reports differ in their files, so a mix of them shows");
    }

    /** Every file of a report directory, by relative path, with its sha256. */
    static Map<String, String> files(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), Hashes.sha256(new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1)));
            }
        }
        return out;
    }

    private static boolean building(Path report) throws IOException {
        try (Stream<Path> siblings = Files.list(report.getParent())) {
            return siblings.anyMatch(p -> p.getFileName().toString().startsWith("." + report.getFileName() + ".new-"));
        }
    }

    /** A copy of the old report at {@code to}. */
    private static void oldReportAt(Path to) throws IOException {
        Path from = tmp.resolve("expected-old");
        for (String f : old.keySet()) {
            Files.createDirectories(to.resolve(f).getParent());
            Files.copy(from.resolve(f), to.resolve(f));
        }
    }

    @Test
    void aKilledReportLeavesTheOldOneWhole() throws Exception {
        Path report = tmp.resolve("published");
        oldReportAt(report);
        Process p = TestSupport.child(TestSupport.home(), Map.of(), List.of("report", "--out", report.toString()))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("report.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!building(report) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertTrue(p.isAlive(), "killed while it builds: " + Files.readString(tmp.resolve("report.log")));
        Thread.sleep(100); // charts are being written
        p.destroyForcibly(); // SIGKILL: no clean-up runs
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        Map<String, String> left = files(report);
        assertTrue(left.equals(old) || left.equals(fresh), "one whole report, never a mix: " + left.keySet());
    }

    @Test
    void aCrashBetweenTheRenamesIsPutRightByTheNextReport() throws Exception {
        Path report = tmp.resolve("swapped");
        oldReportAt(report);
        Path movedAway = tmp.resolve(".swapped.old-1");
        Files.move(report, movedAway); // killed after moving the old report aside, before moving the new one in
        Files.createDirectories(tmp.resolve(".swapped.new-2/charts")); // and a half-built one
        ReportBuilder.build(List.of(), HISTORY, report);
        assertEquals(fresh, files(report));
        assertTrue(!Files.exists(movedAway) && !Files.exists(tmp.resolve(".swapped.new-2")), "the leftovers are gone");
    }

    @Test
    void aDirectoryWithFilesGapbenchDidNotWriteIsRefused() throws Exception {
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "my notes");
        TestSupport.Cli c = TestSupport.gapbench("report", "--out", mine.toString());
        assertEquals(2, c.exit(), c.err());
        assertEquals("gapbench: --out " + mine + " holds files gapbench did not write (notes.txt): choose an empty or new directory", c.err().strip());
        assertEquals("my notes", Files.readString(mine.resolve("notes.txt")));
    }
}
