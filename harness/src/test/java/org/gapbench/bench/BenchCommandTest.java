package org.gapbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gapbench.cli.Main;
import org.gapbench.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gapbench bench} on a tiny configuration runs every figure and writes its report. No timing is asserted. */
class BenchCommandTest {

    private static Path mirror() {
        String env = System.getenv("GAPBENCH_DATA");
        return env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("gapbench.home")).resolve("../shared/datasets").normalize();
    }

    @Test
    void tinyBenchmarkMeasuresEveryFigureOnRealWork(@TempDir Path out) throws Exception {
        int rc = Main.execute("bench", "--out", out.toString(), "--data-dir", mirror().toString(),
                "--concurrency", "2,8", "--latency-ms", "20", "--seconds-per-cell", "0.5", "--warm-up", "20",
                "--cpu-samples", "60", "--memory-samples", "200", "--gsm8k-limit", "12");
        assertEquals(Main.OK, rc);
        assertTrue(Files.readString(out.resolve("bench.md")).contains("### 5. Math checker"));
        JsonNode r = Json.MAPPER.readTree(out.resolve("bench.json").toFile());

        JsonNode cells = r.path("throughput");
        assertEquals(2, cells.size());
        for (JsonNode c : cells) {
            // the local server answers every synthetic question correctly: anything else means samples were lost
            assertEquals(1.0, c.path("accuracy").asDouble(), c.toString());
            assertEquals(0, c.path("errors").asInt());
            assertTrue(c.path("samples").asInt() >= 4 * c.path("concurrency").asInt());
        }
        assertEquals(60, r.path("cpu").path("samples").asInt());
        assertTrue(r.path("cpu").path("cpuMsPerSample").asDouble() > 0);

        JsonNode memory = r.path("memory");
        assertEquals(200, memory.path("samples").asInt());
        assertEquals(1.0, memory.path("accuracy").asDouble());
        assertEquals(4, memory.path("liveHeapMbAtQuarters").size());
        assertTrue(memory.path("peakRssMb").asDouble() > 0);

        JsonNode cached = r.path("cachedRerun");
        assertEquals(12, cached.path("samples").asInt());
        assertEquals(12, cached.path("cachedSamples").asInt(), "the re-run must be answered from the cache");

        JsonNode checker = r.path("checker");
        assertEquals(12 * 1319, checker.path("answers").asInt());
        assertTrue(checker.path("correct").asInt() > 12 * 1319 / 2, "the checker should accept most recorded answers");
    }
}
