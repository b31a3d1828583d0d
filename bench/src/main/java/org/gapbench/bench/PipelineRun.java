package org.gapbench.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import org.gapbench.config.Home;
import org.gapbench.dataset.DataStore;
import org.gapbench.model.Catalog;
import org.gapbench.results.SampleRecord;
import org.gapbench.results.Summary;
import org.gapbench.run.Evaluation;
import org.gapbench.run.PreparedRun;
import org.gapbench.run.RunListener;
import org.gapbench.run.RunPreparer;
import org.gapbench.run.RunRequest;
import org.gapbench.run.RunTotals;

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
    /**
     * @param wallSeconds    the whole {@link Evaluation#run}: opening the run directory and cache, the samples, the summary
     * @param samplingSeconds from the first request to the last sample journaled (the steady state C/L bounds)
     */
    record Result(int samples, double wallSeconds, double samplingSeconds, double cpuSeconds, int errors, Double accuracy,
                  long latencyP50Ms, long latencyP99Ms) {
        double throughput() {
            return samples / samplingSeconds;
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
        PreparedRun run = preparer.prepare(RunRequest.builder(SyntheticSuite.ID, "openai-compatible:bench-model").baseUrl(baseUrl)
                .limit(samples).build());
        SamplingClock sampler = new SamplingClock(listener);
        Evaluation evaluation = Evaluation.builder().concurrency(concurrency).rpm(0).tpm(0).cache(dir.resolve("cache.sqlite"))
                .timeout(Duration.ofSeconds(60)).listener(sampler).build();
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        Evaluation.Outcome outcome = evaluation.run(run, dir.resolve("run"));
        double wall = (System.nanoTime() - t0) / 1e9;
        double sampling = (sampler.finished - sampler.started) / 1e9;
        double cpu = (cpuNanos() - cpu0) / 1e9;
        Summary s = outcome.summary();
        Summary.MetricValue acc = s.metrics().get("accuracy");
        return new Result(s.counts().samples(), wall, sampling, cpu, s.counts().errors() + s.counts().missing(),
                acc == null ? null : acc.value(), sampler.latencyPercentile(0.50), sampler.latencyPercentile(0.99));
    }

    /** Times the sampling phase of a run and keeps each sample's latency (request to response), passing every event on. */
    private static final class SamplingClock implements RunListener {
        private final RunListener next;
        private final java.util.concurrent.ConcurrentLinkedQueue<Long> latencies = new java.util.concurrent.ConcurrentLinkedQueue<>();
        private volatile long started;
        private volatile long finished;

        SamplingClock(RunListener next) {
            this.next = next;
        }

        @Override
        public void started(PreparedRun run, RunTotals totals) {
            started = System.nanoTime();
            next.started(run, totals);
        }

        @Override
        public void sampleFinished(SampleRecord record, RunTotals totals) {
            latencies.add(record.latencyMs());
            next.sampleFinished(record, totals);
        }

        @Override
        public void notice(String message) {
            next.notice(message);
        }

        @Override
        public void finished(RunTotals totals) {
            finished = System.nanoTime();
            next.finished(totals);
        }

        long latencyPercentile(double q) {
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
        }
    }

    static long cpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
