package org.gapbench.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import org.gapbench.config.Home;
import org.gapbench.dataset.DataStore;
import org.gapbench.model.Catalog;
import org.gapbench.run.Evaluation;
import org.gapbench.run.PreparedRun;
import org.gapbench.run.RetryPolicy;
import org.gapbench.run.RunListener;
import org.gapbench.run.RunPreparer;
import org.gapbench.run.RunRequest;
import org.gapbench.run.Summary;
import org.gapbench.score.ScoringEnvironment;

/**
 * One full evaluation of the synthetic suite through {@link Evaluation#run}, as {@code gapbench run} does it:
 * real HTTP to the local server, journal, SQLite cache (fresh, so every sample is a miss and a write), scoring
 * and the bootstrap summary. Timed by wall clock and by this process's CPU time.
 */
final class PipelineRun {

    /**
     * @param accuracy the suite's accuracy; 1.0 when every answer came back and was scored (a sanity check that
     *                 the benchmark measured real work)
     */
    record Result(int samples, double wallSeconds, double cpuSeconds, int errors, Double accuracy) {
        double throughput() {
            return samples / wallSeconds;
        }

        double cpuMsPerSample() {
            return cpuSeconds * 1000 / samples;
        }
    }

    private final RunPreparer preparer;

    PipelineRun(Home syntheticHome) {
        this.preparer = new RunPreparer(syntheticHome, DataStore.standard(null, syntheticHome.datasets()), Catalog.empty());
    }

    Result run(String baseUrl, int samples, int concurrency, Path dir, RunListener listener) {
        PreparedRun run = preparer.prepare(new RunRequest(SyntheticSuite.ID, "openai-compatible:bench-model", baseUrl, null,
                samples, RunRequest.DEFAULT_SEED, null, null, null, null));
        Evaluation.Settings settings = new Evaluation.Settings(concurrency, 0, 0, null, dir.resolve("cache.sqlite"),
                Duration.ofSeconds(60), RetryPolicy.DEFAULT, ScoringEnvironment.standard(), listener);
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        Evaluation.Outcome outcome = Evaluation.run(run, dir.resolve("run"), settings, r -> { });
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuNanos() - cpu0) / 1e9;
        Summary s = outcome.summary();
        Summary.MetricValue acc = s.metrics().get("accuracy");
        return new Result(s.counts().samples(), wall, cpu, s.counts().errors() + s.counts().missing(), acc == null ? null : acc.value());
    }

    static long cpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
