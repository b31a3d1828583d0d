package org.gapbench.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.gapbench.sandbox.Execution;
import org.gapbench.sandbox.Job;
import org.gapbench.sandbox.Limits;
import org.gapbench.sandbox.Sandbox;
import org.gapbench.sandbox.SandboxException;

/**
 * How much the sandbox costs: the same trivial Python test run as sandboxed executions and as bare
 * {@code /usr/bin/python3} processes, by the same number of workers, alternating in rounds. {@code gapbench bench}
 * reports the ratio.
 */
final class SandboxThroughput {
    private static final String TEST = "def inc(x):\n    return x + 1\n\nassert inc(1) == 2\nprint('PASS')\n";
    private static final Job JOB = new Job(Map.of("test.py", TEST.getBytes(StandardCharsets.UTF_8)),
            List.of("/usr/bin/python3", "-I", "-S", Job.BOX + "/test.py"), "", Limits.standard(Duration.ofSeconds(30)));
    private static final int ROUNDS = 10;

    /**
     * @param workers     executions in flight at once, for both modes
     * @param executions  executions per mode (after a short warm-up)
     * @param failures    executions, over both modes, that did not print PASS (should be 0)
     */
    public record Result(int workers, int executions, double sandboxedPerSecond, double barePerSecond, int failures) {
        /** Sandboxed throughput as a fraction of bare throughput. */
        public double ratio() {
            return sandboxedPerSecond / barePerSecond;
        }
    }

    private SandboxThroughput() {
    }

    /** Measures on this machine; throws {@link org.gapbench.config.ConfigException} when bubblewrap cannot run. */
    public static Result measure(int workers, int executions) {
        Sandbox sandboxed = Sandbox.bubblewrap();
        Sandbox bare = Sandbox.bareProcess();
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            int warmup = Math.max(workers, executions / 20);
            seconds(pool, sandboxed, warmup, new AtomicInteger());
            seconds(pool, bare, warmup, new AtomicInteger());
            // the modes alternate in rounds (ABBA order), so a change in the shared machine's load during the
            // measurement weighs on both rates alike instead of on whichever mode ran at the time
            int rounds = Math.max(1, Math.min(ROUNDS, executions / Math.max(1, workers)));
            double sandboxedSeconds = 0;
            double bareSeconds = 0;
            for (int r = 0; r < rounds; r++) {
                int n = executions / rounds + (r < executions % rounds ? 1 : 0);
                if (r % 2 == 0) {
                    sandboxedSeconds += seconds(pool, sandboxed, n, failures);
                    bareSeconds += seconds(pool, bare, n, failures);
                } else {
                    bareSeconds += seconds(pool, bare, n, failures);
                    sandboxedSeconds += seconds(pool, sandboxed, n, failures);
                }
            }
            return new Result(workers, executions, executions / sandboxedSeconds, executions / bareSeconds, failures.get());
        } finally {
            pool.shutdownNow();
        }
    }

    private static double seconds(ExecutorService pool, Sandbox sandbox, int n, AtomicInteger failures) {
        long start = System.nanoTime();
        List<Future<Execution>> runs = java.util.stream.IntStream.range(0, n).mapToObj(i -> pool.submit(() -> sandbox.run(JOB))).toList();
        for (Future<Execution> f : runs) {
            try {
                Execution e = f.get();
                if (e.exitCode() != 0 || !e.stdout().contains("PASS")) {
                    failures.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandboxException("interrupted while measuring", e);
            } catch (java.util.concurrent.ExecutionException e) {
                failures.incrementAndGet();
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
