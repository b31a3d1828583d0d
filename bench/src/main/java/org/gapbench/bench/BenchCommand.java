package org.gapbench.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.gapbench.cli.ExitCode;
import org.gapbench.config.ConfigException;
import org.gapbench.config.Home;
import org.gapbench.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures the harness against a local OpenAI-compatible server (its own process) with journal, cache,",
                "scoring and summary on: throughput / (C/L), CPU per sample, memory of a large run, cached GSM8K re-run",
                "and re-scoring, math-checker throughput, sandboxed vs bare code executions. Writes bench.json and bench.md to --out."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", description = "Directory with benchmark data files (searched before $GAPBENCH_DATA and the user cache).")
    Path dataDir;

    @Option(names = "--out", defaultValue = "runs/bench", description = "Where to write bench.json and bench.md (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--work", description = "Scratch directory for the runs (default: <out>/work).")
    Path work;

    @Option(names = "--figures", split = ",", defaultValue = "throughput,cpu,memory,cached,checker,sandbox",
            description = "Figures to measure (default: ${DEFAULT-VALUE}).")
    List<String> figures;

    @Option(names = "--concurrency", split = ",", defaultValue = "4,16,64,256", description = "Figure 1 concurrencies (default: ${DEFAULT-VALUE}).")
    List<Integer> concurrencies;

    @Option(names = "--latency-ms", split = ",", defaultValue = "50,200", description = "Figure 1 server latencies (default: ${DEFAULT-VALUE}).")
    List<Integer> latencies;

    @Option(names = "--seconds-per-cell", defaultValue = "3", description = "Figure 1 cell length at the ideal rate (default: ${DEFAULT-VALUE}).")
    double secondsPerCell;

    @Option(names = "--max-samples-per-cell", defaultValue = "6000", description = "Figure 1 cap on samples per cell (default: ${DEFAULT-VALUE}).")
    int maxSamplesPerCell;

    @Option(names = "--warm-up", defaultValue = "2000", description = "Untimed samples before figures 1 and 2 (default: ${DEFAULT-VALUE}).")
    int warmUp;

    @Option(names = "--cpu-samples", defaultValue = "10000", description = "Figure 2 samples (default: ${DEFAULT-VALUE}).")
    int cpuSamples;

    @Option(names = "--memory-samples", defaultValue = "100000", description = "Figure 3 samples (default: ${DEFAULT-VALUE}).")
    int memorySamples;

    @Option(names = "--gsm8k-limit", description = "Figure 4 GSM8K items (default: all 1319).")
    Integer gsm8kLimit;

    @Option(names = "--response-chars", defaultValue = "400", description = "Characters per server answer (default: ${DEFAULT-VALUE}).")
    int responseChars;

    @Option(names = "--sandbox-workers", defaultValue = "2", description = "Figure 6 executions in flight (default: ${DEFAULT-VALUE}).")
    int sandboxWorkers;

    @Option(names = "--sandbox-executions", defaultValue = "400", description = "Figure 6 executions per mode (default: ${DEFAULT-VALUE}).")
    int sandboxExecutions;

    @Option(names = "--synthetic-home", description = "Only write the benchmark's synthetic suite as a GAPBENCH_HOME in this"
            + " directory (for comparisons with other tools, see bench/compare-promptfoo.sh) and exit.")
    Path syntheticHome;

    @Option(names = "--synthetic-items", defaultValue = "2000", description = "Items of --synthetic-home (default: ${DEFAULT-VALUE}).")
    int syntheticItems;

    @Option(names = "--jfr", description = "Record figure 2's run with JFR (Java code sampled every millisecond) into this"
            + " file and add its CPU broken down per stage to the report.")
    Path jfr;

    @Option(names = "--jfr-stages", description = "Only print the per-stage breakdown of a JFR recording (as --jfr writes it) and exit.")
    Path jfrStages;

    @Option(names = "--memory-probe", hidden = true, description = "Internal: measure figure 3 in this JVM and write it to this file.")
    Path memoryProbe;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path scratch = (work != null ? work : out.resolve("work")).toAbsolutePath();
        if (syntheticHome != null) {
            Benchmark.writeSyntheticHome(syntheticHome, syntheticItems);
            stdout.println("Wrote suite " + Benchmark.SYNTHETIC_SUITE + " (" + syntheticItems + " items) under " + syntheticHome);
            stdout.flush();
            return ExitCode.OK.code;
        }
        if (jfrStages != null) {
            stdout.print(JfrStages.read(jfrStages).markdown(Double.NaN, 0));
            stdout.flush();
            return ExitCode.OK.code;
        }
        if (memoryProbe != null) {
            Json.writePretty(memoryProbe, Benchmark.memoryProbe(memorySamples, responseChars, scratch));
            return ExitCode.OK.code;
        }
        Set<String> chosen = new LinkedHashSet<>(figures);
        for (String f : chosen) {
            if (!Benchmark.FIGURES.contains(f)) {
                throw new ConfigException("--figures: unknown figure '" + f + "' (known: " + String.join(", ", Benchmark.FIGURES) + ")");
            }
        }
        if (concurrencies.stream().anyMatch(c -> c < 1) || latencies.stream().anyMatch(l -> l < 1)) {
            throw new ConfigException("--concurrency and --latency-ms need positive values (C/L is the limit measured against)");
        }
        if (sandboxWorkers < 1 || sandboxExecutions < 1) {
            throw new ConfigException("--sandbox-workers and --sandbox-executions need positive values");
        }
        String command = "gapbench " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        Benchmark.Plan plan = new Benchmark.Plan(List.copyOf(concurrencies), List.copyOf(latencies), secondsPerCell,
                maxSamplesPerCell, warmUp, cpuSamples, memorySamples, gsm8kLimit, responseChars, sandboxWorkers,
                sandboxExecutions, chosen, scratch, command.trim(), jfr);
        BenchReport report = Benchmark.run(plan, Home.resolve(), dataDir, err);
        Benchmark.write(report, out);
        stdout.print(report.markdown());
        stdout.println("Wrote " + out.resolve("bench.json") + " and " + out.resolve("bench.md"));
        stdout.flush();
        return ExitCode.OK.code;
    }
}
