package org.gapbench.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.gapbench.config.Home;
import org.gapbench.io.AtomicFiles;
import org.gapbench.io.Json;
import org.gapbench.run.RunListener;
import org.gapbench.score.ScoringContext;

/**
 * {@code gapbench bench}: measures the harness against the physical limit of a local OpenAI-compatible server
 * (run as a separate process) with everything switched on. Figures: 1 throughput / (C/L), 2 CPU per sample,
 * 3 memory of a large run, 4 cached GSM8K re-run and re-scoring, 5 math-checker throughput, 6 sandboxed over bare
 * code executions per second.
 */
public final class Benchmark {
    public static final Set<String> FIGURES = Set.of("throughput", "cpu", "memory", "cached", "checker", "sandbox");
    public static final String SYNTHETIC_SUITE = SyntheticSuite.ID;

    /**
     * @param warmUpSamples    samples run (untimed) before figures 1 and 2, so they measure compiled code
     * @param secondsPerCell   figure 1 runs about this long per cell at the ideal rate (bounded by the next two)
     * @param gsm8kLimit       items of GSM8K for figure 4, or null for all 1319
     * @param responseChars    size of the server's answers
     * @param sandboxWorkers   figure 6 executions in flight at once (both modes)
     * @param sandboxExecutions figure 6 executions per mode
     * @param jfr              where to write a JFR recording of figure 2's run (CPU samples every millisecond), or null
     */
    public record Plan(List<Integer> concurrencies, List<Integer> latenciesMs, double secondsPerCell, int maxSamplesPerCell,
                       int warmUpSamples, int cpuSamples, int memorySamples, Integer gsm8kLimit, int responseChars, int sandboxWorkers,
                       int sandboxExecutions, Set<String> figures, Path work, String command, Path jfr) {
        int cellSamples(int c, int latencyMs) {
            double ideal = c * 1000.0 / latencyMs;
            return (int) Math.max(4L * c, Math.min(maxSamplesPerCell, Math.round(ideal * secondsPerCell)));
        }

        int syntheticItems() {
            int max = Math.max(cpuSamples, warmUpSamples);
            for (int c : concurrencies) {
                for (int l : latenciesMs) {
                    max = Math.max(max, cellSamples(c, l));
                }
            }
            return max;
        }
    }

    private Benchmark() {
    }

    public static BenchReport run(Plan plan, Home home, Path dataDir, PrintWriter log) {
        BenchReport.Machine machine = Machine.describe();
        List<BenchReport.Cell> cells = null;
        BenchReport.Cpu cpu = null;
        MemoryProbe.Result memory = null;
        CachedRerun.Result cached = null;
        CheckerThroughput.Result checker = null;
        String stages = null;
        try (ServerProcess server = ServerProcess.start(plan.responseChars())) {
            if (plan.figures().contains("throughput") || plan.figures().contains("cpu")) {
                PipelineRun pipeline = new PipelineRun(SyntheticSuite.create(plan.work().resolve("synthetic"), plan.syntheticItems()));
                log.println("bench: warming up (" + plan.warmUpSamples() + " samples)");
                log.flush();
                // JFR instruments its event classes when a recording first starts, which throws away compiled code that
                // depends on them: a recording during the warm-up takes that cost there, not in figure 2's
                jdk.jfr.Recording instrumenting = plan.jfr() == null ? null : startRecording();
                pipeline.run(server.baseUrl(0), plan.warmUpSamples(), 16, fresh(plan.work().resolve("warm-up")), RunListener.NONE);
                if (instrumenting != null) {
                    instrumenting.close();
                }
                if (plan.figures().contains("throughput")) {
                    cells = throughput(plan, pipeline, server, log);
                }
                if (plan.figures().contains("cpu")) {
                    log.println("bench: figure 2, CPU per sample over " + plan.cpuSamples() + " samples");
                    log.flush();
                    double serverCpu0 = server.cpuSeconds();
                    jdk.jfr.Recording recording = plan.jfr() == null ? null : startRecording();
                    PipelineRun.Result r = pipeline.run(server.baseUrl(0), plan.cpuSamples(), 16, fresh(plan.work().resolve("cpu")), RunListener.NONE);
                    double serverMs = (server.cpuSeconds() - serverCpu0) * 1000 / r.samples();
                    cpu = new BenchReport.Cpu(r.samples(), r.cpuMsPerSample(), serverMs, r.throughput(), r.accuracy(), r.errors());
                    if (recording != null) {
                        stages = stopRecording(recording, plan.jfr(), r, log);
                    }
                }
            }
            if (plan.figures().contains("memory")) {
                log.println("bench: figure 3, memory of a " + plan.memorySamples() + "-sample run in a fresh JVM");
                log.flush();
                memory = memoryInChild(plan);
            }
            if (plan.figures().contains("cached")) {
                log.println("bench: figure 4, GSM8K cached re-run and re-scoring (fresh JVMs)");
                log.flush();
                cached = CachedRerun.measure(home, dataDir, server.baseUrl(0), plan.gsm8kLimit(), fresh(plan.work().resolve("gsm8k")));
            }
        }
        if (plan.figures().contains("checker")) {
            log.println("bench: figure 5, math checker on recorded generations");
            log.flush();
            checker = CheckerThroughput.measure(recordedGsm(home, dataDir), ScoringContext.standard());
        }
        BenchReport.Sandbox sandbox = null;
        if (plan.figures().contains("sandbox")) {
            log.println("bench: figure 6, sandboxed vs bare code executions (" + plan.sandboxWorkers() + " workers, "
                    + plan.sandboxExecutions() + " executions each)");
            log.flush();
            sandbox = BenchReport.Sandbox.of(SandboxThroughput.measure(plan.sandboxWorkers(), plan.sandboxExecutions()),
                    Machine.loadAverage());
        }
        return new BenchReport(machine, plan.command(), cells, cpu, memory, cached, checker, sandbox, stages);
    }

    /** JFR's profile settings with Java code sampled every millisecond (the default 10 or 20 ms gives too few samples). */
    private static jdk.jfr.Recording startRecording() {
        try {
            jdk.jfr.Recording recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
            recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(1));
            recording.enable("jdk.Compilation").withThreshold(java.time.Duration.ZERO);
            recording.start();
            return recording;
        } catch (IOException | java.text.ParseException e) {
            throw new IllegalStateException("cannot start a JFR recording: " + e.getMessage(), e);
        }
    }

    private static String stopRecording(jdk.jfr.Recording recording, Path file, PipelineRun.Result r, PrintWriter log) {
        try (recording) {
            recording.stop();
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            recording.dump(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the JFR recording " + file + ": " + e.getMessage(), e);
        }
        log.println("bench: figure 2's JFR recording written to " + file);
        log.flush();
        return JfrStages.read(file).markdown(r.cpuMsPerSample(), r.samples());
    }

    private static List<BenchReport.Cell> throughput(Plan plan, PipelineRun pipeline, ServerProcess server, PrintWriter log) {
        List<BenchReport.Cell> cells = new ArrayList<>();
        for (int latency : plan.latenciesMs()) {
            for (int c : plan.concurrencies()) {
                int n = plan.cellSamples(c, latency);
                PipelineRun.Result r = pipeline.run(server.baseUrl(latency), n, c,
                        fresh(plan.work().resolve("throughput-c" + c + "-l" + latency)), RunListener.NONE);
                double ideal = c * 1000.0 / latency;
                BenchReport.Cell cell = new BenchReport.Cell(c, latency, r.samples(), r.wallSeconds(), r.throughput(), ideal,
                        r.throughput() / ideal, r.latencyP50Ms(), r.latencyP99Ms(), r.accuracy(), r.errors());
                cells.add(cell);
                log.printf("bench: figure 1, C=%d L=%dms: %.0f samples/s of %.0f (%.1f%%)%n", c, latency, r.throughput(), ideal,
                        100 * cell.ratio());
                log.flush();
            }
        }
        return cells;
    }

    /** The synthetic suite as a home of its own, for running other tools on the same work. */
    public static void writeSyntheticHome(Path root, int items) {
        SyntheticSuite.create(root, items);
    }

    /** Figure 3 in this JVM (called in the child that {@link #memoryInChild} starts). */
    public static MemoryProbe.Result memoryProbe(int samples, int responseChars, Path work) {
        try (ServerProcess server = ServerProcess.start(responseChars)) {
            PipelineRun pipeline = new PipelineRun(SyntheticSuite.create(work.resolve("synthetic"), samples));
            return MemoryProbe.measure(pipeline, server.baseUrl(0), samples, 64, fresh(work.resolve("run")));
        }
    }

    private static MemoryProbe.Result memoryInChild(Plan plan) {
        Path dir = fresh(plan.work().resolve("memory"));
        Path result = dir.resolve("memory.json");
        List<String> cmd = JavaProcess.command(List.of(), "org.gapbench.cli.Main", List.of("bench", "--memory-probe", result.toString(),
                "--memory-samples", Integer.toString(plan.memorySamples()), "--response-chars", Integer.toString(plan.responseChars()),
                "--work", dir.toString()));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("memory.log").toFile()).start();
            if (p.waitFor() != 0 || !Files.exists(result)) {
                throw new IllegalStateException("the memory probe failed: see " + dir.resolve("memory.log"));
            }
            return Json.MAPPER.readValue(result.toFile(), MemoryProbe.Result.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Path recordedGsm(Home home, Path dataDir) {
        List<Path> roots = new ArrayList<>();
        if (dataDir != null) {
            roots.add(dataDir);
        }
        String env = System.getenv("GAPBENCH_DATA");
        if (env != null && !env.isBlank()) {
            roots.add(Path.of(env));
        }
        roots.add(home.root().resolve("..").resolve("shared").resolve("datasets"));
        for (Path r : roots) {
            Path gsm = r.resolve("recorded").resolve("zeroeval-gsm8k-math").resolve("gsm");
            if (Files.isDirectory(gsm)) {
                return gsm;
            }
        }
        throw new org.gapbench.config.ConfigException("figure 5 needs the recorded ZeroEval generations"
                + " (recorded/zeroeval-gsm8k-math/gsm) under --data-dir or $GAPBENCH_DATA");
    }

    /** An empty directory for one measurement (a left-over journal would turn a run into a resume). */
    static Path fresh(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (var walk = Files.walk(dir)) {
                    for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Writes bench.json and bench.md into {@code out}. */
    public static void write(BenchReport report, Path out) {
        Json.writePretty(out.resolve("bench.json"), report);
        AtomicFiles.write(out.resolve("bench.md"), report.markdown());
    }
}
