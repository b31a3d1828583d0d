package org.gapbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gapbench.io.Json;
import org.gapbench.testing.TestSupport;
import org.gapbench.testing.TestSupport.Cli;
import org.gapbench.testkit.ProviderServer;

/**
 * What the {@code run --batch} tests share, whatever the batch wire format: the command line of a gsm8k run against
 * {@link ProviderServer} at one base URL, the server's ledger read by method and path, the run directory's journals,
 * and a child process to kill mid-poll.
 */
final class BatchFixture {
    final ProviderServer server;
    final Path tmp;
    final String model;
    final String baseUrl;
    /** How an ordinary chat request's path ends in this wire format ({@code /chat/completions}, {@code /messages}, {@code :generateContent}). */
    final String chatPath;

    BatchFixture(ProviderServer server, Path tmp, String model, String baseUrl, String chatPath) {
        this.server = server;
        this.tmp = tmp;
        this.model = model;
        this.baseUrl = baseUrl;
        this.chatPath = chatPath;
    }

    List<String> args(Path out, int limit, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--suite", "gsm8k", "--model", model,
                "--base-url", baseUrl, "--api-key-env", "GAPBENCH_TEST_KEY", "--limit", String.valueOf(limit),
                "--cache", tmp.resolve("cache.sqlite").toString(), "--batch", "--batch-poll-seconds", "0.01",
                "--data-dir", TestSupport.dataDir().toString(), "--progress", "none", "--retry-base-ms", "10", "--out", out.toString()));
        args.addAll(List.of(extra));
        return args;
    }

    Cli run(Path out, int limit, String... extra) {
        return TestSupport.gapbench(args(out, limit, extra).toArray(String[]::new));
    }

    long count(String method, String pathEnd) {
        return server.requests().stream().filter(r -> r.method().equals(method) && r.path().replaceFirst("\\?.*", "").endsWith(pathEnd)).count();
    }

    long chatRequests() {
        return count("POST", chatPath);
    }

    static List<JsonNode> lines(Path f) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (Files.exists(f)) {
            for (String l : Files.readAllLines(f)) {
                if (!l.isBlank()) {
                    out.add(Json.MAPPER.readTree(l));
                }
            }
        }
        return out;
    }

    static JsonNode summary(Path out) throws IOException {
        return Json.MAPPER.readTree(out.resolve("summary.json").toFile());
    }

    void assertNoDuplicateSubmission() {
        List<String> sent = server.batchSubmitted();
        assertEquals(sent.size(), new HashSet<>(sent).size(), "a request was submitted twice: " + sent);
    }

    /** The run of {@link #args} as a child process, its output in {@code log}. */
    Process child(Path out, int limit, Path log) throws IOException {
        return TestSupport.child(TestSupport.home(), Map.of(), args(out, limit)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits (at most a minute) until the server has seen {@code n} {@code GET}s of a path ending in {@code pathEnd}; the child still runs. */
    void awaitPolls(Process child, String pathEnd, int n, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (count("GET", pathEnd) < n && System.nanoTime() < deadline && child.isAlive()) {
            Thread.sleep(10);
        }
        assertTrue(child.isAlive(), Files.readString(log));
        assertTrue(count("GET", pathEnd) >= n, () -> "no " + n + " polls of " + pathEnd + " within 60 s: " + count("GET", pathEnd));
    }

    /**
     * Waits (at most a minute) until the server has created {@code n} batches, whatever the wire format; the child still
     * runs. With the create's answer scripted to hang, the child then holds a batch whose id it was never told.
     */
    void awaitBatchesCreated(Process child, int n, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (server.batchCount() < n && System.nanoTime() < deadline && child.isAlive()) {
            Thread.sleep(10);
        }
        assertTrue(child.isAlive(), Files.readString(log));
        assertTrue(server.batchCount() >= n, () -> "no " + n + " batch(es) created within 60 s: " + server.batchCount());
    }

    /** Every one of {@code n} samples scored, answered by a batch, and right (the server answers correctly). */
    static void assertAllScoredByBatch(Path out, int n) throws IOException {
        JsonNode s = summary(out);
        assertEquals(n, s.at("/counts/scored").asInt(), s.toString());
        assertEquals(n, s.at("/usage/batch_samples").asInt(), s.toString());
        assertEquals(1.0, s.at("/metrics/accuracy/value").asDouble(), s.toString());
    }

    /** SIGKILL, and the child is gone. */
    static void kill9(Process child) throws InterruptedException {
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }
}
