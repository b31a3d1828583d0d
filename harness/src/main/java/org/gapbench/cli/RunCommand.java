package org.gapbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.gapbench.config.ConfigException;
import org.gapbench.io.AtomicFiles;
import org.gapbench.model.GenerationParams;
import org.gapbench.model.ModelTarget;
import org.gapbench.model.provider.ResponseBounds;
import org.gapbench.model.provider.StreamMode;
import org.gapbench.model.resilient.ResponseCache;
import org.gapbench.model.resilient.RetryPolicy;
import org.gapbench.results.RunIdentity;
import org.gapbench.run.AutoShard;
import org.gapbench.run.Evaluation;
import org.gapbench.run.PreparedRun;
import org.gapbench.run.RunPreparer;
import org.gapbench.run.RunRequest;
import org.gapbench.score.ScoringContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs a suite against a model, journaling every sample; re-running the same command resumes.",
                "Exit 0: every sample scored; 3: some samples ended in errors or the run stopped early (re-run to finish)."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--suite", required = true, split = ",",
            description = "Suite id (gapbench list suites); repeat or comma-separate to run several.")
    List<String> suites;

    @Option(names = "--model", required = true, split = ",",
            description = "Catalog id or <provider>:<model>, e.g. openai-compatible:qwen2.5-7b, oracle:gold, replay:FILE; repeat or comma-separate to run several.")
    List<String> models;

    @Option(names = "--base-url", description = "Endpoint of the provider (overrides the profile's default).")
    String baseUrl;

    @Option(names = "--api-key-env", description = "Environment variable holding the API key (default: the provider profile's).")
    String apiKeyEnv;

    @Option(names = "--as", description = "Attribute the run to this catalog model (e.g. a replay of its recorded outputs).")
    String as;

    @Option(names = "--judge", split = ",", paramLabel = "MODEL",
            description = {"Judges of a judged suite (ja-mt-bench, ...), replacing the suite's: catalog ids or <provider>:<model>;",
                    "several give a panel, each judge's verdicts kept apart. Part of the run's identity."})
    List<String> judges;

    @Option(names = "--judge-base-url", description = "Endpoint of the judges (default: each judge provider's).")
    String judgeBaseUrl;

    @Option(names = "--limit", description = "Run a seeded, stratified sample of N items.")
    Integer limit;

    @Option(names = "--seed", defaultValue = "" + RunRequest.DEFAULT_SEED, description = "Seed of the --limit sample (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--samples", description = "Samples per item (default: the suite's).")
    Integer samples;

    @Option(names = "--temperature", description = "Sampling temperature (default: the suite's).")
    Double temperature;

    @Option(names = "--max-tokens", description = "Maximum output tokens (default: the suite's).")
    Integer maxTokens;

    @Option(names = "--top-p", description = "Nucleus sampling (default: the suite's).")
    Double topP;

    @Option(names = "--concurrency", description = "Parallel requests (default: the provider profile's).")
    Integer concurrency;

    @Option(names = "--rpm", description = "Requests per minute limit (0 = none; default: the profile's).")
    Integer rpm;

    @Option(names = "--tpm", description = "Tokens per minute limit (0 = none; default: the profile's).")
    Integer tpm;

    @Option(names = "--timeout", defaultValue = "120", description = "Seconds one request may take, headers and body together (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Option(names = "--max-response-mb", defaultValue = "" + ResponseBounds.DEFAULT_MAX_MB,
            description = "Largest response body in MiB; a larger one is the error response_too_large (default: ${DEFAULT-VALUE}).")
    long maxResponseMb;

    @Option(names = "--stream", negatable = true, description = {"Stream answers as server-sent events (OpenAI-compatible and Anthropic"
            + " wire formats); --no-stream never streams. Default: only Anthropic requests with --max-tokens above "
            + StreamMode.ANTHROPIC_NON_STREAMING_MAX_TOKENS + ", which Anthropic requires to be streamed. Results, cache and identity are the same either way."})
    Boolean stream;

    @Option(names = "--stream-idle-timeout", defaultValue = "120",
            description = "Seconds a streamed answer may send nothing before the attempt is a timeout (default: ${DEFAULT-VALUE}); --timeout still bounds the whole answer.")
    double streamIdleSeconds;

    @Option(names = "--max-attempts", defaultValue = "6", description = "Attempts per sample for retryable errors (default: ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(names = "--retry-errors", description = "On a re-run, also ask again the samples that ended in deterministic_error"
            + " (the same HTTP 500, word for word, " + RetryPolicy.SAME_ERROR_LIMIT + " times in a row); other errors are always asked again.")
    boolean retryErrors;

    @Option(names = "--retry-base-ms", defaultValue = "1000", description = "First backoff delay in ms, doubled per attempt (default: ${DEFAULT-VALUE}).")
    long retryBaseMs;

    @Option(names = "--max-cost", description = "Stop cleanly once this many USD have been spent (catalog prices).")
    Double maxCost;

    @Option(names = "--batch", description = {"Send the pending requests through the provider's batch API at its batch price (OpenAI, Anthropic,"
            + " Gemini, DashScope/qwen, Zhipu: half the catalog price); other providers take ordinary requests. Batches are journaled in the run directory"
            + " (batches.jsonl): re-running the same command resumes polling them."})
    boolean batch;

    @Option(names = "--batch-size", defaultValue = "50000", description = "Requests per batch (default: ${DEFAULT-VALUE}; batches are also cut to the provider's own request and byte limits).")
    int batchSize;

    @Option(names = "--batch-poll-seconds", defaultValue = "30", description = "Seconds between polls of a batch's state (default: ${DEFAULT-VALUE}).")
    double batchPollSeconds;

    @Option(names = "--batch-max-wait-seconds", defaultValue = "86400",
            description = "Seconds to wait for the batches; then the run stops and a re-run resumes polling (default: ${DEFAULT-VALUE}).")
    double batchMaxWaitSeconds;

    @Option(names = "--out", description = "Run directory (default: runs/<suite>/<model>); with several suites or models, the parent of <suite>/<model> directories.")
    Path out;

    @Option(names = "--no-cache", description = "Do not read or write the response cache.")
    boolean noCache;

    @Option(names = "--cache", description = "Response cache file (default: ~/.cache/gapbench/responses.sqlite).")
    Path cacheFile;

    @Option(names = "--dry-run", description = "Print the work and a cost estimate, make no request.")
    boolean dryRun;

    @Option(names = "--shard", description = {"Run shard i/n of the items (0-based i), or 'auto': from GAPBENCH_SHARD_INDEX/COUNT,",
            "JOB_COMPLETION_INDEX + GAPBENCH_SHARD_COUNT (Kubernetes) or SLURM_ARRAY_TASK_ID/COUNT (Slurm). Join shards with gapbench merge."})
    String shard;

    @Option(names = "--progress", defaultValue = "auto", description = "auto, bar, plain or none (default: ${DEFAULT-VALUE}).")
    String progress;

    @Mixin
    SandboxOptions sandbox;

    /** Set by Ctrl-C: the run in progress finishes its samples in flight and no further run starts. */
    private volatile boolean interrupted;

    /** Every flag's value checked before anything is read or asked: one line naming the flag, exit 2. */
    private void checkFlags() {
        Flags.atLeast("--limit", limit, 1);
        Flags.atLeast("--samples", samples, 1);
        Flags.between("--temperature", temperature, 0, 2);
        Flags.atLeast("--max-tokens", maxTokens, 1);
        Flags.between("--top-p", topP, 0, 1);
        Flags.atLeast("--concurrency", concurrency, 1);
        Flags.atLeast("--rpm", rpm, 0);
        Flags.atLeast("--tpm", tpm, 0);
        Flags.positive("--timeout", timeoutSeconds);
        Flags.positive("--stream-idle-timeout", streamIdleSeconds);
        Flags.atLeast("--max-attempts", maxAttempts, 1);
        Flags.atLeast("--retry-base-ms", retryBaseMs, 0);
        Flags.positive("--max-cost", maxCost);
        Flags.atLeast("--max-response-mb", maxResponseMb, 1);
        Flags.atLeast("--batch-size", batchSize, 1);
        Flags.atMost("--batch-size", batchSize, 50_000);
        Flags.positive("--batch-poll-seconds", batchPollSeconds);
        Flags.positive("--batch-max-wait-seconds", batchMaxWaitSeconds);
        Flags.atMost("--max-response-mb", maxResponseMb, 1 << 20);
        if (baseUrl != null) {
            ModelTarget.checkBaseUrl(baseUrl);
        }
        if (out != null) {
            AtomicFiles.requireDirectory(out, "--out");
        }
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        checkFlags();
        boolean grid = suites.size() * models.size() > 1;
        if (grid && as != null) {
            throw new ConfigException("--as attributes one run to one model: use it with a single --suite and --model");
        }
        ScoringContext scoring = sandbox.context(err);
        RunPreparer preparer = common.preparer();
        Evaluation.Builder builder = Evaluation.builder();
        if (batch) {
            builder.batch(batchSize, Duration.ofMillis(Math.max(1, (long) (batchPollSeconds * 1000))),
                    Duration.ofMillis(Math.max(1, (long) (batchMaxWaitSeconds * 1000))));
        }
        Evaluation evaluation = builder.concurrency(concurrency).rpm(rpm).tpm(tpm).maxCostUsd(maxCost)
                .cache(noCache ? null : cacheFile != null ? cacheFile : ResponseCache.defaultLocation())
                .timeout(Duration.ofMillis(Math.max(1, (long) (timeoutSeconds * 1000)))).maxResponseBytes(maxResponseMb << 20)
                .stream(StreamMode.of(stream)).streamIdleTimeout(Duration.ofMillis(Math.max(1, (long) (streamIdleSeconds * 1000))))
                .retry(new RetryPolicy(maxAttempts, Duration.ofMillis(retryBaseMs), Duration.ofSeconds(60), Duration.ofMinutes(5)))
                .scoring(scoring)
                .listener(Progress.forMode(progress, err)).catalog(preparer.catalog()).retryErrors(retryErrors).build();
        // Ctrl-C or SIGTERM: stop taking samples, give those in flight a moment, close the journal and write the
        // summary, print it, then let the JVM end (exit 130 for SIGINT, 143 for SIGTERM).
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            interrupted = true;
            evaluation.stop("interrupted: samples in flight are left to do; re-run the same command to continue");
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return runAll(preparer, evaluation, stdout);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }

    private int runAll(RunPreparer preparer, Evaluation evaluation, PrintWriter stdout) {
        boolean grid = suites.size() * models.size() > 1;
        List<String> table = new ArrayList<>();
        int exit = ExitCode.OK.code;
        for (String suite : suites) {
            for (String model : models) {
                if (interrupted) {
                    return ExitCode.INCOMPLETE.code;
                }
                PreparedRun run = preparer.prepare(RunRequest.builder(suite, model).baseUrl(baseUrl).apiKeyEnv(apiKeyEnv)
                        .limit(limit).seed(seed).samples(samples).overrides(new GenerationParams(temperature, maxTokens, topP, null))
                        .shard(parseShard(shard)).as(as).judges(judges).judgeBaseUrl(judgeBaseUrl).build());
                if (dryRun) {
                    DryRun.print(run, StreamMode.of(stream), batch, stdout);
                    continue;
                }
                Path dir = grid ? (out != null ? out : Path.of("runs")).resolve(defaultOut(run)) : out != null ? out : Path.of("runs").resolve(defaultOut(run));
                Evaluation.Outcome outcome = evaluation.run(run, dir);
                SummaryPrinter.print(run, outcome, dir, stdout);
                table.add(SummaryPrinter.gridRow(run, outcome));
                if (!outcome.complete()) {
                    exit = ExitCode.INCOMPLETE.code;
                }
            }
        }
        if (grid && !dryRun) {
            SummaryPrinter.printGrid(table, stdout);
        }
        return exit;
    }

    static RunIdentity.Shard parseShard(String s) {
        if (s == null) {
            return null;
        }
        if (s.trim().equals("auto")) {
            return AutoShard.fromEnvironment(System.getenv());
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)/(\\d+)").matcher(s.trim());
        if (!m.matches()) {
            throw new ConfigException("--shard must look like i/n, e.g. 0/4, or be auto");
        }
        int i = Integer.parseInt(m.group(1));
        int n = Integer.parseInt(m.group(2));
        if (n < 1 || i < 0 || i >= n) {
            throw new ConfigException("--shard " + s + ": need 0 <= i < n");
        }
        return new RunIdentity.Shard(i, n);
    }

    /** {@code <suite>/<model>}, with the model name made safe for a path. */
    static Path defaultOut(PreparedRun run) {
        String model = run.target().displayName().replaceAll("[^A-Za-z0-9._-]+", "_");
        return Path.of(run.suite().id(), model);
    }
}
