package org.gapbench.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * llama.cpp's real {@code llama-server} on 127.0.0.1, for the tests: not a server this project wrote. The binary is
 * built once per machine by {@code testkit/llama/build-llama-server.sh} (from the node-llama-cpp npm packages) and
 * cached under the user cache; {@link #binary()} runs that script, which reuses the cached binary when it runs.
 *
 * <p>Each server serves one model on a free port with one slot and one thread, logs to a file beside the model, and is
 * stopped by {@link #close()}. It counts its completion requests from its own log: every request that reaches the
 * model (answered, failed or rejected for its length) is launched on a slot, and llama-server logs each launch.
 */
public final class LlamaServer implements AutoCloseable {
    /** The node-llama-cpp version whose llama.cpp source and prebuilt libraries are built. */
    public static final String NODE_LLAMA_CPP = "3.21.1";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Path binary;
    private static String buildReport;

    private final Process process;
    private final int port;
    private final Path log;

    private LlamaServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * The llama-server binary: {@code -Dgapbench.llama.server} or {@code $GAPBENCH_LLAMA_SERVER} if set, else what the
     * build script prints (building it on the first call on a machine). Never null: a binary that cannot be had is an
     * {@link IllegalStateException} saying why, so the tests that need it fail rather than skip.
     */
    public static synchronized Path binary() {
        if (binary != null) {
            return binary;
        }
        String given = System.getProperty("gapbench.llama.server", System.getenv("GAPBENCH_LLAMA_SERVER"));
        if (given != null && !given.isBlank()) {
            Path p = Path.of(given);
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException("llama-server: " + p + " (from gapbench.llama.server / GAPBENCH_LLAMA_SERVER) is not an executable file");
            }
            buildReport = "given " + p;
            return binary = p;
        }
        Path script = Path.of(System.getProperty("gapbench.llama.build",
                Path.of(System.getProperty("gapbench.home", ".")).resolve("testkit/llama/build-llama-server.sh").toString()));
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("llama-server: the build script " + script.toAbsolutePath() + " is missing (set gapbench.home)");
        }
        try {
            Path out = Files.createTempFile("build-llama-server", ".log");
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(90, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("llama-server: " + script + " did not finish in 90 minutes; its log: " + out);
            }
            List<String> lines = Files.readAllLines(out);
            long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
            if (p.exitValue() != 0 || lines.isEmpty()) {
                throw new IllegalStateException("llama-server could not be built (" + script + " exited " + p.exitValue()
                        + "; it needs npm, git and g++): " + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
            }
            Path bin = Path.of(lines.get(lines.size() - 1).trim());
            if (!Files.isExecutable(bin)) {
                throw new IllegalStateException("llama-server: " + script + " printed " + bin + ", which is not an executable file");
            }
            buildReport = (lines.stream().anyMatch(l -> l.contains("reusing")) ? "reused " : "built ") + bin + " (" + seconds + " s)";
            Files.delete(out);
            return binary = bin;
        } catch (IOException e) {
            throw new IllegalStateException("llama-server: cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("llama-server: interrupted while building", e);
        }
    }

    /** Whether {@link #binary()} built the server or reused it, and how long it took: for the tests' report. */
    public static synchronized String buildReport() {
        return buildReport;
    }

    /**
     * Starts llama-server serving {@code model} with a context of {@code contextSize} tokens (one slot, one thread,
     * /metrics and /slots on), waits until it answers /health, and returns it. {@code extra} are more llama-server flags.
     */
    public static LlamaServer start(Path model, int contextSize, String... extra) {
        Path bin = binary();
        IllegalStateException last = null;
        for (int tries = 0; tries < 3; tries++) {
            int port = freePort();
            Path log = model.resolveSibling(model.getFileName() + "-" + port + ".log");
            List<String> cmd = new ArrayList<>(List.of(bin.toString(), "--model", model.toString(), "--host", "127.0.0.1",
                    "--port", String.valueOf(port), "--ctx-size", String.valueOf(contextSize), "--threads", "1",
                    "--threads-batch", "1", "--parallel", "1", "--metrics", "--slots", "--no-webui"));
            cmd.addAll(List.of(extra));
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                LlamaServer s = new LlamaServer(p, port, log);
                if (s.awaitHealthy(Duration.ofSeconds(60))) {
                    return s;
                }
                s.close();
                last = new IllegalStateException("llama-server did not become healthy on port " + port + ": " + s.logTail(20));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw last;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean awaitHealthy(Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                return false;
            }
            try {
                if (get("/health").statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            sleep(50);
        }
        return false;
    }

    private HttpResponse<String> get(String path) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int port() {
        return port;
    }

    /** The OpenAI-compatible base URL, for {@code --base-url}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port + "/v1";
    }

    /** The server's log so far. */
    public String log() {
        try {
            // lenient: the server logs the invalid UTF-8 a model produced as it came
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last {@code n} lines of the server's log: for a failing test's message. */
    public String logTail(int n) {
        List<String> lines = log().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /**
     * How many completion requests reached the model so far: the slot launches llama-server logged. Its logger
     * writes from a thread of its own, so this waits until the count holds still for 200 ms.
     */
    public int completions() {
        int n = countLaunches();
        for (int stable = 0; stable < 2; ) {
            sleep(100);
            int m = countLaunches();
            stable = m == n ? stable + 1 : 0;
            n = m;
        }
        return n;
    }

    private int countLaunches() {
        return (int) log().lines().filter(l -> l.contains("launch_slot_") && l.contains("processing task")).count();
    }

    /** The counters and gauges of /metrics (without the {@code llamacpp:} prefix). */
    public Map<String, Double> metrics() {
        try {
            Map<String, Double> out = new TreeMap<>();
            for (String line : get("/metrics").body().lines().toList()) {
                if (line.startsWith("llamacpp:")) {
                    String[] kv = line.substring("llamacpp:".length()).split(" ");
                    out.put(kv[0], Double.parseDouble(kv[1]));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether any slot is processing a request (/slots). */
    public boolean busy() {
        try {
            JsonNode slots = JSON.readTree(get("/slots").body());
            for (JsonNode s : slots) {
                if (s.path("is_processing").asBoolean()) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many times a slot has stopped processing a task so far: the "stop processing" lines of the log. */
    public int releases() {
        return logLines("stop processing");
    }

    /** How many lines of the server's log so far hold {@code text}. */
    public int logLines(String text) {
        return (int) log().lines().filter(l -> l.contains(text)).count();
    }

    /**
     * Waits up to {@code limit} for {@link #releases()} to reach {@code n}, reading the log file only; whether it did.
     * Asking the server (/slots, /metrics) while waiting for a whole request's cancellation would delay the very thing
     * awaited: llama-server's HTTP handler looks for a client that went away only when its one-second wait for
     * results times out, and the result of any task, a /slots answer included, restarts that wait
     * ({@code server_response::recv_with_timeout}). Asked every 50 ms, it let an abandoned generation run on for 20 s.
     */
    public boolean awaitReleases(int n, Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        while (releases() < n) {
            if (System.nanoTime() > end) {
                return false;
            }
            sleep(50);
        }
        return true;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Stops the server (SIGTERM, then SIGKILL after 10 s). */
    @Override
    public void close() {
        Processes.stop(process);
    }
}
