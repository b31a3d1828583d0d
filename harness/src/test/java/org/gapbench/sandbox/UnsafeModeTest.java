package org.gapbench.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gapbench.cli.Main;
import org.gapbench.config.Home;
import org.gapbench.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --unsafe-no-sandbox runs code on the host, says so in every score, and both commands warn on every run. */
class UnsafeModeTest {

    @Test
    void runAndScoreWarnAndTheJournalNamesTheMissingSandbox(@TempDir Path tmp) throws Exception {
        String data = System.getenv("GAPBENCH_DATA") != null ? System.getenv("GAPBENCH_DATA")
                : Home.resolve().root().resolve("../shared/datasets").normalize().toString();
        Path out = tmp.resolve("run");
        StringWriter err = new StringWriter();
        int rc = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "run", "--suite", "humaneval",
                "--model", "oracle:gold", "--limit", "4", "--out", out.toString(), "--data-dir", data, "--unsafe-no-sandbox",
                "--progress", "none");
        assertEquals(0, rc, err::toString);
        assertTrue(err.toString().contains(Sandbox.UNSAFE_WARNING));
        for (String line : Files.readAllLines(out.resolve("samples.jsonl"))) {
            JsonNode r = Json.MAPPER.readTree(line);
            assertEquals("passed", r.at("/score/rule").asText(), line);
            assertEquals("none (--unsafe-no-sandbox)", r.at("/score/details/sandbox").asText());
        }

        StringWriter err2 = new StringWriter();
        rc = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err2, true), "score", out.toString(), "--data-dir", data,
                "--unsafe-no-sandbox");
        assertEquals(0, rc, err2::toString);
        assertTrue(err2.toString().contains(Sandbox.UNSAFE_WARNING));
    }
}
