package org.gapbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.gapbench.io.Json;
import org.gapbench.model.resilient.RetryPolicy;
import org.gapbench.testing.TestSupport;
import org.gapbench.testing.TestSupport.Cli;
import org.gapbench.testkit.ProviderServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: a failure another attempt cannot mend ends the retries and does not block the run on every re-run. The
 * server answers with llama.cpp's own HTTP 500 for output its grammar cannot parse (a small model emitting invalid
 * UTF-8 at temperature 0), which repeats word for word; passing faults (503s, different 500s) are still retried.
 */
class DeterministicErrorTest {
    /** The body llama-server sends; the message is the one the issue quotes. */
    static final String LLAMA_500 = "{\"error\":{\"code\":500,\"message\":\"The model produced output that does not match the expected"
            + " peg-native format\",\"type\":\"server_error\"}}";

    @TempDir
    Path tmp;
    ProviderServer server;

    @BeforeAll
    static void gold() {
        RunEndToEndTest.loadGold();
    }

    @BeforeEach
    void start() {
        server = ProviderServer.start().answer(RunEndToEndTest.correct());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Cli run(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--suite", "gsm8k", "--model", "openai-compatible:llama",
                "--base-url", server.baseUrl(), "--api-key-env", "GAPBENCH_TEST_KEY", "--limit", "1", "--no-cache",
                "--data-dir", TestSupport.dataDir().toString(), "--progress", "none", "--retry-base-ms", "10", "--out", out.toString()));
        args.addAll(List.of(extra));
        return TestSupport.gapbench(args.toArray(String[]::new));
    }

    private static ProviderServer.Step[] times(int n, ProviderServer.Step step) {
        return Collections.nCopies(n, step).toArray(ProviderServer.Step[]::new);
    }

    private static JsonNode lastRecord(Path out) throws IOException {
        List<String> lines = Files.readAllLines(out.resolve("samples.jsonl"));
        return Json.MAPPER.readTree(lines.get(lines.size() - 1));
    }

    @Test
    void theSame500ThreeTimesEndsTheRetriesAndAReRunLeavesItUnlessAskedTo() throws IOException {
        ProviderServer.Status llama = new ProviderServer.Status(500, LLAMA_500, Map.of());
        server.script(times(20, llama));
        Path out = tmp.resolve("llama");
        Cli first = run(out);
        assertEquals(3, first.exit(), first.err() + first.out());
        assertEquals(RetryPolicy.SAME_ERROR_LIMIT, server.requestCount(), "attempts before the error was taken as deterministic");
        JsonNode r = lastRecord(out);
        assertEquals("deterministic_error", r.path("error").asText(), r.toString());
        assertTrue(r.path("error_message").asText().contains("server_error, the same 3 times in a row"), r.toString());
        assertTrue(r.path("error_message").asText().contains("does not match the expected peg-native format"), r.toString());
        assertEquals(3, r.path("attempts").asInt(), r.toString());
        assertTrue(first.out().contains("--retry-errors asks again"), first.out());

        // A re-run finishes at once: it does not ask again what cannot succeed, and the run stays honest about it.
        Cli again = run(out);
        assertEquals(3, again.exit(), again.err());
        assertEquals(RetryPolicy.SAME_ERROR_LIMIT, server.requestCount(), "a plain re-run asked the deterministic failure again");
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertEquals(1, summary.at("/errors_by_class/deterministic_error").asInt(), summary.toString());
        assertEquals(0, summary.at("/counts/scored").asInt(), "an error is never a wrong answer");

        // --retry-errors asks again on purpose; the server has mended (the script is spent), so the sample is scored.
        server.close();
        server = ProviderServer.builder().port(server.port()).answer(RunEndToEndTest.correct()).start();
        Cli retried = run(out, "--retry-errors");
        assertEquals(0, retried.exit(), retried.err() + retried.out());
        assertEquals(1, server.requestCount());
        assertEquals(1.0, lastRecord(out).at("/score/value").asDouble(), lastRecord(out).toString());
    }

    @Test
    void passingFaultsAreRetriedToTheAttemptBudget() throws IOException {
        // 500s whose words change, and a 503 (an overloaded server) that repeats its words, are faults that pass.
        server.script(new ProviderServer.Status(500, "{\"error\":{\"message\":\"worker 1 crashed\"}}", Map.of()),
                new ProviderServer.Status(500, "{\"error\":{\"message\":\"worker 2 crashed\"}}", Map.of()),
                new ProviderServer.Status(500, "{\"error\":{\"message\":\"worker 1 crashed\"}}", Map.of()),
                new ProviderServer.Status(500, "{\"error\":{\"message\":\"worker 2 crashed\"}}", Map.of()),
                new ProviderServer.Status(500, "{\"error\":{\"message\":\"worker 1 crashed\"}}", Map.of()),
                new ProviderServer.Status(500, "{\"error\":{\"message\":\"worker 2 crashed\"}}", Map.of()));
        Path out = tmp.resolve("alternating");
        Cli cli = run(out, "--max-attempts", "6");
        assertEquals(3, cli.exit(), cli.err());
        assertEquals(6, server.requestCount(), "alternating 500s were not retried to the budget");
        assertEquals("server_error", lastRecord(out).path("error").asText());

        server.script(times(6, new ProviderServer.Status(503, "{\"error\":{\"message\":\"overloaded\"}}", Map.of())));
        Path busy = tmp.resolve("busy");
        Cli overloaded = run(busy, "--max-attempts", "6");
        assertEquals(3, overloaded.exit(), overloaded.err());
        assertEquals(12, server.requestCount(), "identical 503s were taken as deterministic");
        assertEquals("server_error", lastRecord(busy).path("error").asText());

        // the same 500 twice, then an answer: two identical failures are not yet deterministic
        server.script(times(RetryPolicy.SAME_ERROR_LIMIT - 1, new ProviderServer.Status(500, LLAMA_500, Map.of())));
        Path twice = tmp.resolve("twice");
        Cli mended = run(twice);
        assertEquals(0, mended.exit(), mended.err());
        assertEquals(12 + RetryPolicy.SAME_ERROR_LIMIT, server.requestCount());
    }
}
