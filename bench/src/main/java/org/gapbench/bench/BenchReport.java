package org.gapbench.bench;

import java.util.List;
import java.util.Locale;

/**
 * What {@code gapbench bench} measured, written as {@code bench.json} and {@code bench.md}. A figure that was not
 * asked for is null.
 */
public record BenchReport(Machine machine, String command, List<Cell> throughput, Cpu cpu, MemoryProbe.Result memory,
                          CachedRerun.Result cachedRerun, CheckerThroughput.Result checker, Sandbox sandbox,
                          String cpuStages) {

    /** @param loadAverage the 1-minute load average when the benchmark started (other work on the machine) */
    public record Machine(String date, String cpu, int cores, double memoryGb, String os, String java, String jvmFlags,
                          double loadAverage) {
    }

    /**
     * Figure 1: one (C, L) cell. {@code perSecond} is samples over the sampling phase (first request to last sample
     * journaled) and {@code ratio} is that over the physical limit C/L; {@code runSeconds} is the whole run,
     * including opening the cache and computing the summary with its bootstrap intervals. The latency percentiles
     * are per sample as the harness saw them (server delay included), which separates harness overhead (median
     * minus L) from waiting for a CPU on a busy machine (the tail).
     */
    public record Cell(int concurrency, int latencyMs, int samples, double runSeconds, double perSecond, double ideal,
                       double ratio, long latencyP50Ms, long latencyP99Ms, Double accuracy, int errors) {
    }

    /**
     * Figure 2: harness CPU time per sample with a server that answers at once. The server runs in another process;
     * its CPU per request is reported beside, because on a small machine the two share the cores, and together
     * they bound the rate any configuration can reach.
     */
    public record Cpu(int samples, double cpuMsPerSample, double serverCpuMsPerSample, double perSecond, Double accuracy,
                      int errors) {
    }

    /**
     * Figure 6: the same trivial Python test as sandboxed executions and as bare processes, by the same workers in
     * the same run (so the ratio is comparable even when the machine's load is not). {@code loadAverage} is taken
     * right after the measurement.
     */
    public record Sandbox(int workers, int executions, double sandboxedPerSecond, double barePerSecond, double ratio,
                          int failures, double loadAverage) {
        static Sandbox of(SandboxThroughput.Result r, double loadAverage) {
            return new Sandbox(r.workers(), r.executions(), r.sandboxedPerSecond(), r.barePerSecond(), r.ratio(), r.failures(),
                    loadAverage);
        }
    }

    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Machine: %s, %d cores, %.0f GB, %s, Java %s; load average %.2f at start; %s%n",
                machine.cpu(), machine.cores(), machine.memoryGb(), machine.os(), machine.java(), machine.loadAverage(), machine.date()));
        b.append("JVM flags: `").append(machine.jvmFlags()).append("`\n");
        b.append("Command: `").append(command).append("`\n\n");
        if (throughput != null) {
            b.append("### 1. Throughput against the physical limit C/L (journal, cache, scoring, summary on)\n\n");
            b.append("| C | L (ms) | samples | whole run (s) | samples/s while sampling | C/L | ratio | latency p50 / p99 (ms) | accuracy | errors |\n|---|---|---|---|---|---|---|---|---|---|\n");
            for (Cell c : throughput) {
                b.append(String.format(Locale.ROOT, "| %d | %d | %d | %.2f | %.0f | %.0f | **%.1f%%** | %d / %d | %s | %d |%n", c.concurrency(),
                        c.latencyMs(), c.samples(), c.runSeconds(), c.perSecond(), c.ideal(), 100 * c.ratio(), c.latencyP50Ms(),
                        c.latencyP99Ms(), pct(c.accuracy()), c.errors()));
            }
            b.append('\n');
        }
        if (cpu != null) {
            b.append(String.format(Locale.ROOT, "### 2. Harness CPU per sample at zero latency%n%n**%.3f ms** of CPU (user+sys) per sample over %d"
                    + " samples (%.0f samples/s; accuracy %s, %d errors); the local server used %.3f ms per request%n%n",
                    cpu.cpuMsPerSample(), cpu.samples(), cpu.perSecond(), pct(cpu.accuracy()), cpu.errors(), cpu.serverCpuMsPerSample()));
            if (cpuStages != null) {
                b.append("Where figure 2's CPU went (JFR, `--jfr`):\n\n").append(cpuStages);
            }
        }
        if (memory != null) {
            b.append(String.format(Locale.ROOT, "### 3. Memory of a %d-sample run (fresh JVM)%n%nPeak RSS **%.0f MB**, peak heap %.0f MB;"
                    + " live heap after full GC at 25/50/75/100%%: %s MB (%.1f s, accuracy %s, %d errors)%n%n", memory.samples(),
                    memory.peakRssMb(), memory.peakHeapMb(), memory.liveHeapMbAtQuarters().stream()
                            .map(d -> String.format(Locale.ROOT, "%.0f", d)).toList(), memory.wallSeconds(),
                    pct(memory.accuracy()), memory.errors()));
        }
        if (cachedRerun != null) {
            b.append(String.format(Locale.ROOT, "### 4. GSM8K without the model (%d samples, new JVM each)%n%n"
                    + "First run (server at 0 ms, fills the cache): %.2f s; fully cached re-run: **%.2f s** wall, %.2f s CPU"
                    + " (%d of %d from the cache); `gapbench score` re-scoring it: **%.2f s** wall, %.2f s CPU%n%n",
                    cachedRerun.samples(), cachedRerun.firstRunSeconds(), cachedRerun.cachedRerunSeconds(),
                    cachedRerun.cachedRerunCpuSeconds(), cachedRerun.cachedSamples(), cachedRerun.samples(),
                    cachedRerun.rescoreSeconds(), cachedRerun.rescoreCpuSeconds()));
        }
        if (checker != null) {
            b.append(String.format(Locale.ROOT, "### 5. Math checker on recorded generations%n%nScorer `%s`: **%.0f answers/s** (%d answers"
                    + " from %d files in %.2f s on %d threads; %d accepted)%n%n", checker.scorer(), checker.perSecond(),
                    checker.answers(), checker.files(), checker.seconds(), checker.threads(), checker.correct()));
        }
        if (sandbox != null) {
            b.append(String.format(Locale.ROOT, "### 6. Sandboxed over bare code executions%n%n**%.1f%%** (target 85%%): %.1f sandboxed"
                    + " executions/s vs %.1f bare processes/s (%d each, %d workers, %d failures; load average %.2f after)%n%n",
                    100 * sandbox.ratio(), sandbox.sandboxedPerSecond(), sandbox.barePerSecond(), sandbox.executions(),
                    sandbox.workers(), sandbox.failures(), sandbox.loadAverage()));
        }
        return b.toString();
    }

    private static String pct(Double d) {
        return d == null ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * d);
    }
}
