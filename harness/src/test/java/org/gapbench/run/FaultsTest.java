package org.gapbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gapbench.io.Json;
import org.gapbench.publish.report.ReportBuilder;
import org.gapbench.testing.TestSupport;
import org.gapbench.testing.TestSupport.Cli;
import org.gapbench.testkit.ProviderServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider that misbehaves, one way per test, on a real HTTP server on 127.0.0.1: bodies that stall or never end,
 * an endpoint nobody answers at, malformed 200s, hostile Retry-After headers, content filters and refusals, an error
 * body that echoes the key, and a journal whose last record lost its newline. Each ends in one invocation with the
 * behaviour issue 12 names, and nothing is lost, hung or silent.
 */
class FaultsTest {
    static final String KEY = System.getenv("GAPBENCH_TEST_KEY");

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

    Cli run(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--suite", "gsm8k", "--model", "openai-compatible:faulty",
                "--base-url", server.baseUrl(), "--api-key-env", "GAPBENCH_TEST_KEY", "--limit", "10", "--no-cache",
                "--data-dir", TestSupport.dataDir().toString(), "--progress", "none", "--retry-base-ms", "10", "--out", out.toString()));
        args.addAll(List.of(extra));
        return TestSupport.gapbench(args.toArray(String[]::new));
    }

    static JsonNode summary(Path dir) throws IOException {
        return Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
    }

    /** #6: --timeout bounds the whole exchange: a body that stalls after its headers ends the sample at the deadline. */
    @Test
    void aStalledBodyEndsAtTheTimeout() throws IOException {
        server.script(new ProviderServer.Stall(200));
        Path out = tmp.resolve("stall");
        long t0 = System.nanoTime();
        Cli cli = run(out, "--concurrency", "1", "--timeout", "1", "--max-attempts", "1");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(3, cli.exit(), cli.err());
        assertTrue(ms < 10_000, "the run did not hang on the stalled body: " + ms + " ms");
        assertEquals(1, summary(out).at("/errors_by_class/timeout").asInt(), summary(out).toString());
        assertEquals(9, summary(out).at("/counts/scored").asInt());
    }

    /** #7: an endless body is cut at --max-response-mb: an error of its own class, not a full heap. */
    @Test
    void anEndlessBodyIsAnErrorOfItsOwnClass() throws IOException {
        server.script(new ProviderServer.Endless(64 * 1024));
        Path out = tmp.resolve("endless");
        Cli cli = run(out, "--concurrency", "1", "--max-response-mb", "1");
        assertEquals(3, cli.exit(), cli.err());
        JsonNode s = summary(out);
        assertEquals(1, s.at("/errors_by_class/response_too_large").asInt(), s.toString());
        assertEquals(10, server.requestCount(), "not retried: it would be as large again");
    }

    /** #8: nothing listens: the run stops in seconds with the cause, not after minutes of retries. */
    @Test
    void aDeadEndpointStopsTheRunInSeconds() throws IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/v1";
        Path out = tmp.resolve("dead");
        long t0 = System.nanoTime();
        List<String> args = new ArrayList<>(List.of("run", "--suite", "gsm8k", "--model", "openai-compatible:nobody", "--base-url", url,
                "--limit", "100", "--no-cache", "--data-dir", TestSupport.dataDir().toString(), "--progress", "none", "--out", out.toString()));
        Cli cli = TestSupport.gapbench(args.toArray(String[]::new));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(3, cli.exit(), cli.err());
        System.out.printf("dead endpoint: stopped after %d ms (JVM already warm)%n", ms);
        assertTrue(ms < 15_000, "stopped in seconds, took " + ms + " ms");
        assertTrue(cli.err().contains("cannot connect to " + url + ": connection refused \u2014 is the server running?"), cli.err());
        assertEquals(1, cli.err().split("cannot connect", -1).length - 1, "said once: " + cli.err());
        for (String line : Files.readAllLines(out.resolve("samples.jsonl"))) {
            assertEquals("connection refused", Json.MAPPER.readTree(line).get("error_message").asText(), "the cause, not the exception class");
        }
        assertTrue(summary(out).at("/counts/missing").asInt() > 80, "the rest is left to do, not failed");
    }

    /** #9: malformed 200s (truncated JSON, no choices, an HTML page, nothing) are retried in the same invocation. */
    @Test
    void malformedResponsesAreRetriedWithinTheRun() throws IOException {
        server.script(new ProviderServer.Malformed("{\"choices\": [oops"), new ProviderServer.Ok(), new ProviderServer.Malformed("{\"choices\": []}"),
                new ProviderServer.Ok(), new ProviderServer.Malformed("<html>502 Bad Gateway</html>"), new ProviderServer.Ok(),
                new ProviderServer.Malformed(""));
        Path out = tmp.resolve("malformed");
        Cli cli = run(out, "--concurrency", "1");
        assertEquals(0, cli.exit(), cli.err() + cli.out());
        assertEquals(0, summary(out).at("/counts/errors").asInt());
        assertEquals(14, server.requestCount(), "10 answers and 4 retried malformed responses");
    }

    /** #10: Retry-After that is negative, a past HTTP date or gibberish never breaks a worker; the run finishes. */
    @Test
    void hostileRetryAfterHeadersAreClamped() throws IOException {
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).minusDays(1));
        server.script(new ProviderServer.Status(429, "{}", Map.of("Retry-After", "-1")), new ProviderServer.Status(429, "{}", Map.of("Retry-After", past)),
                new ProviderServer.Status(503, "{}", Map.of("Retry-After", "soon")), new ProviderServer.Status(429, "{}", Map.of("Retry-After", "-99999999999")));
        Path out = tmp.resolve("retry-after");
        long t0 = System.nanoTime();
        Cli cli = run(out, "--concurrency", "2");
        assertEquals(0, cli.exit(), cli.err() + cli.out());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 10_000, "no wait came out negative or absurd");
        assertEquals(10, summary(out).at("/counts/scored").asInt());
        assertFalse(cli.err().contains("Exception"), cli.err());
    }

    /**
     * #16: a content filter (OpenAI's finish_reason, DashScope's HTTP 400) or a refusal is journaled with its
     * finish_reason, counted apart from wrong answers and errors, not asked again, and shown in the summary and the
     * report's leaderboard.
     */
    @Test
    void refusalsAreCountedApartAndShownInTheReport() throws IOException {
        String filtered = "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,\"finish_reason\":\"content_filter\","
                + "\"message\":{\"role\":\"assistant\",\"content\":null}}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":0,\"total_tokens\":9}}";
        String refusal = "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\","
                + "\"message\":{\"role\":\"assistant\",\"content\":null,\"refusal\":\"I can't help with that.\"}}]}";
        server.script(new ProviderServer.Malformed(filtered), new ProviderServer.Malformed(refusal),
                new ProviderServer.Status(400, "{\"error\":{\"code\":\"data_inspection_failed\",\"message\":\"Input data may contain inappropriate content.\"}}", Map.of()));
        Path out = tmp.resolve("refusals");
        Cli cli = run(out, "--concurrency", "1");
        assertEquals(0, cli.exit(), "refusals are outcomes: the run is complete. " + cli.err() + cli.out());
        JsonNode s = summary(out);
        assertEquals(3, s.at("/counts/refused").asInt(), s.toString());
        assertEquals(7, s.at("/counts/scored").asInt());
        assertEquals(0, s.at("/counts/errors").asInt());
        assertEquals(0, s.at("/counts/missing").asInt());
        assertEquals(1.0, s.at("/metrics/accuracy/value").asDouble(), "refusals are not wrong answers");
        assertTrue(cli.out().contains("refused 3"), cli.out());
        List<String> reasons = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("samples.jsonl"))) {
            JsonNode r = Json.MAPPER.readTree(line);
            if (r.has("refusal")) {
                reasons.add(r.get("finish_reason").asText());
                assertFalse(r.has("score") || r.has("error"), line);
            }
        }
        assertEquals(List.of("content_filter", "refusal", "content_filter"), reasons);
        assertEquals(0, run(out, "--concurrency", "1").exit());
        assertEquals(10, server.requestCount(), "a refusal is not asked again");

        Path report = tmp.resolve("report");
        ReportBuilder.build(List.of(out), TestSupport.home().resolve("datasets/history/scores.csv"), report);
        String html = Files.readString(report.resolve("index.html"));
        assertTrue(html.contains(">refused</th>") && html.contains(">30.0% (3)</td>"), "the leaderboard shows the refusal rate");
        List<String> csv = Files.readAllLines(report.resolve("leaderboard.csv"));
        int column = List.of(csv.get(0).split(",")).indexOf("refused");
        assertTrue(column > 0 && csv.get(1).split(",")[column].equals("3"), csv.toString());
    }

    /** #17: a 400 that echoes the key minus its first characters reaches neither the journal nor the terminal. */
    @Test
    void anEchoedPieceOfTheKeyIsMaskedEverywhere() throws IOException {
        server.script(new ProviderServer.Status(400, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY.substring(3) + ".\"}}", Map.of()));
        Path out = tmp.resolve("echo");
        Cli cli = run(out, "--concurrency", "1");
        assertEquals(3, cli.exit());
        String journal = Files.readString(out.resolve("samples.jsonl"));
        assertTrue(journal.contains("Incorrect API key provided: ***"), journal);
        for (int i = 0; i + 8 <= KEY.length(); i++) {
            String piece = KEY.substring(i, i + 8);
            assertFalse(journal.contains(piece) || cli.out().contains(piece) || cli.err().contains(piece), "a piece of the key: " + piece);
        }
    }

    /** #2: a last record that is whole but lost its newline is kept on resume: that sample is not asked again. */
    @Test
    void aWholeLastRecordWithoutItsNewlineIsNotAskedAgain() throws IOException {
        Path out = tmp.resolve("newline");
        assertEquals(0, run(out).exit());
        Path journal = out.resolve("samples.jsonl");
        byte[] bytes = Files.readAllBytes(journal);
        assertEquals('\n', bytes[bytes.length - 1]);
        Files.write(journal, java.util.Arrays.copyOf(bytes, bytes.length - 1)); // the process died before the '\n'
        Files.delete(out.resolve("summary.json"));
        Cli again = run(out);
        assertEquals(0, again.exit(), again.err());
        assertEquals(10, server.requestCount(), "no sample asked twice");
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        assertEquals(10, lines.size());
        assertEquals(10, summary(out).at("/counts/scored").asInt());
    }
}
