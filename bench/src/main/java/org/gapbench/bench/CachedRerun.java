package org.gapbench.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gapbench.config.Home;
import org.gapbench.io.Json;
import org.gapbench.results.Summary;

/**
 * Figure 4: what a user waits for when nothing needs the model. GSM8K is run once through the local server to
 * fill a response cache, then run again into a new directory (every answer from the cache), then re-scored with
 * {@code gapbench score}. Each is a fresh {@code gapbench} process with the launcher's JVM flags, timed from
 * process start to exit, so JVM start-up is included.
 */
final class CachedRerun {

    /**
     * @param cachedSamples samples of the re-run answered from the cache (must equal {@code samples})
     * @param cachedRerunCpuSeconds CPU (user + system) of the re-run's process: what the wall time becomes on an idle
     *                              machine with enough cores, whatever else was running during the benchmark
     */
    record Result(int samples, int cachedSamples, double firstRunSeconds, double cachedRerunSeconds, double cachedRerunCpuSeconds,
                  double rescoreSeconds, double rescoreCpuSeconds) {
    }

    /** Wall and CPU time of one child process. */
    private record Timing(double wallSeconds, double cpuSeconds) {
    }

    private CachedRerun() {
    }

    static Result measure(Home home, Path dataDir, String baseUrl, Integer limit, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path cache = dir.resolve("cache.sqlite");
        List<String> run = new ArrayList<>(List.of("run", "--suite", "gsm8k", "--model", "openai-compatible:bench-model",
                "--base-url", baseUrl, "--cache", cache.toString(), "--concurrency", "64", "--progress", "none"));
        if (limit != null) {
            run.addAll(List.of("--limit", limit.toString()));
        }
        if (dataDir != null) {
            run.addAll(List.of("--data-dir", dataDir.toString()));
        }
        Timing first = time(home, concat(run, "--out", dir.resolve("first").toString()), dir.resolve("first.log"));
        Path second = dir.resolve("second");
        Timing rerun = time(home, concat(run, "--out", second.toString()), dir.resolve("second.log"));
        List<String> score = new ArrayList<>(List.of("score", second.toString()));
        if (dataDir != null) {
            score.addAll(List.of("--data-dir", dataDir.toString()));
        }
        Timing rescore = time(home, score, dir.resolve("score.log"));
        Summary s = readSummary(second.resolve("summary.json"));
        return new Result(s.counts().samples(), s.usage().cachedSamples(), first.wallSeconds(), rerun.wallSeconds(),
                rerun.cpuSeconds(), rescore.wallSeconds(), rescore.cpuSeconds());
    }

    private static List<String> concat(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }

    /**
     * Runs {@code gapbench <args>} in a child JVM and returns its wall time and CPU time; a failure names its log.
     * A finished process's CPU time cannot be asked for, so it is sampled every 10 ms while the child runs (the
     * last few milliseconds of exit may be missed).
     */
    private static Timing time(Home home, List<String> args, Path log) {
        List<String> cmd = JavaProcess.command(List.of("-Dgapbench.home=" + home.root()), "org.gapbench.cli.Main", args);
        try {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            double cpu = 0;
            while (!p.waitFor(10, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                cpu = p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(cpu);
            }
            int rc = p.exitValue();
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (rc != 0) {
                throw new IllegalStateException("gapbench " + args.get(0) + " exited with " + rc + ": see " + log);
            }
            return new Timing(seconds, cpu);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Summary readSummary(Path file) {
        try {
            return Json.MAPPER.readValue(file.toFile(), Summary.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
