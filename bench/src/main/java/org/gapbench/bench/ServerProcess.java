package org.gapbench.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@link ServerMain} child process; closing it (or this JVM dying) closes the child's stdin and stops it. */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final String baseUrl;

    private ServerProcess(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    static ServerProcess start(int responseChars) {
        List<String> cmd = JavaProcess.command(List.of(), ServerMain.class.getName(),
                List.of("--exit-on-stdin-eof", "--response-chars", Integer.toString(responseChars)));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("listening ")) {
                p.destroyForcibly();
                throw new IllegalStateException("the local server did not start (said: " + line + ")");
            }
            return new ServerProcess(p, line.substring("listening ".length()).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local server process: " + e.getMessage(), e);
        }
    }

    /** The base URL for requests answered after {@code latencyMs}, ending in {@code /v1}. */
    String baseUrl(long latencyMs) {
        return baseUrl.replaceFirst("/v1$", "/latency/" + latencyMs + "/v1");
    }

    /** CPU time the server process has used so far (user + system), in seconds. */
    double cpuSeconds() {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
