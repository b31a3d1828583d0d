package org.gapbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gapbench.cli.ExitCode;
import org.gapbench.cli.Main;
import org.gapbench.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gapbench bench} on a tiny configuration runs every figure on real work. No duration is asserted (speed is
 * what the benchmark reports, not what a test decides); what is asserted are the things a broken measurement gets
 * wrong: work lost or invented, a throughput above the physical limit, a latency below the server's, a memory figure
 * smaller than the heap it contains, a cached re-run that asked the server, a checker that changed its verdicts.
 */
class BenchCommandTest {
    /**
     * Verdicts of gapbench's math checker on the 12 recorded ZeroEval GSM8K generations (docs/math-scoring.md); 13841
     * since issue 14: a sentence answer is read at the value it concludes with (yi-large #582, "… which equals $129,200").
     */
    private static final int ACCEPTED_RECORDED_GSM8K = 13841;

    private static Path mirror() {
        String env = System.getenv("GAPBENCH_DATA");
        return env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("gapbench.home")).resolve("../shared/datasets").normalize();
    }

    @Test
    void tinyBenchmarkMeasuresEveryFigureOnRealWork(@TempDir Path out) throws Exception {
        int rc = Main.execute("bench", "--out", out.toString(), "--data-dir", mirror().toString(),
                "--concurrency", "2,8", "--latency-ms", "20", "--seconds-per-cell", "0.5", "--warm-up", "20",
                "--cpu-samples", "60", "--memory-samples", "200", "--gsm8k-limit", "12",
                "--sandbox-workers", "2", "--sandbox-executions", "6");
        assertEquals(ExitCode.OK.code, rc);
        String md = Files.readString(out.resolve("bench.md"));
        JsonNode r = Json.MAPPER.readTree(out.resolve("bench.json").toFile());

        JsonNode cells = r.path("throughput");
        assertEquals(2, cells.size());
        for (JsonNode c : cells) {
            // the server answers every synthetic question correctly: anything else means samples were lost or mis-scored
            assertEquals(1.0, c.path("accuracy").asDouble(), c.toString());
            assertEquals(0, c.path("errors").asInt(), c.toString());
            assertTrue(c.path("samples").asInt() >= 4 * c.path("concurrency").asInt(), c.toString());
            assertTrue(c.path("ratio").asDouble() <= 1.05, "no harness beats C/L: " + c);
            assertTrue(c.path("latencyP50Ms").asLong() >= 20, "no answer comes before the server's 20 ms: " + c);
            assertTrue(md.contains("| " + c.path("concurrency").asInt() + " | 20 | " + c.path("samples").asInt() + " |"), md);
        }
        JsonNode cpu = r.path("cpu");
        assertEquals(60, cpu.path("samples").asInt());
        assertEquals(1.0, cpu.path("accuracy").asDouble());
        assertEquals(0, cpu.path("errors").asInt());

        JsonNode memory = r.path("memory");
        assertEquals(200, memory.path("samples").asInt());
        assertEquals(1.0, memory.path("accuracy").asDouble());
        assertEquals(4, memory.path("liveHeapMbAtQuarters").size());
        double maxLive = 0;
        for (JsonNode q : memory.path("liveHeapMbAtQuarters")) {
            maxLive = Math.max(maxLive, q.asDouble());
        }
        assertTrue(memory.path("peakRssMb").asDouble() >= maxLive, "the process's peak RSS holds its live heap: " + memory);

        JsonNode cached = r.path("cachedRerun");
        assertEquals(12, cached.path("samples").asInt());
        assertEquals(12, cached.path("cachedSamples").asInt(), "the re-run must be answered from the cache");

        JsonNode checker = r.path("checker");
        assertEquals(12 * 1319, checker.path("answers").asInt());
        assertEquals(ACCEPTED_RECORDED_GSM8K, checker.path("correct").asInt(), "the checker's verdicts on the recordings changed");

        JsonNode sandbox = r.path("sandbox");
        assertEquals(2, sandbox.path("workers").asInt());
        assertEquals(6, sandbox.path("executions").asInt());
        assertEquals(0, sandbox.path("failures").asInt(), "every sandboxed and bare execution must print PASS");
        assertTrue(md.contains("### 5. Math checker") && md.contains("### 6. Sandboxed over bare"), md);
    }
}
