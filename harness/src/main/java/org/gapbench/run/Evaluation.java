package org.gapbench.run;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.gapbench.io.Json;
import org.gapbench.model.ChatClient;
import org.gapbench.model.ProviderProfile;
import org.gapbench.score.Scorer;
import org.gapbench.score.ScorerRegistry;
import org.gapbench.score.ScoringEnvironment;
import org.gapbench.stats.Bootstrap;

/**
 * Runs a prepared run into a directory, end to end: identity check, resume from the journal, cached or live
 * answers, scoring, summary. The command line, the demo and the benchmark all go through here.
 */
public final class Evaluation {

    /**
     * @param concurrency   parallel requests (null: the provider profile's default)
     * @param rpm           requests per minute (null: the profile's; 0: unlimited)
     * @param cacheFile     the response cache, or null for none
     */
    public record Settings(Integer concurrency, Integer rpm, Integer tpm, Double maxCostUsd, Path cacheFile, Duration timeout,
                           RetryPolicy retry, ScoringEnvironment scoring, RunListener listener) {
    }

    /** How a run ended. {@code stopReason} is null unless it stopped early. */
    public record Outcome(Summary summary, RunTotals totals, String stopReason) {
        public boolean complete() {
            return summary.complete() && stopReason == null;
        }
    }

    private static final HttpClient HTTP = org.gapbench.model.LazyHttpClient.of(() -> HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(20))
            .build());

    private Evaluation() {
    }

    /** The shared HTTP client: one connection pool for every provider in the process. */
    public static HttpClient http() {
        return HTTP;
    }

    public static Outcome run(PreparedRun run, Path out, Settings settings, java.util.function.Consumer<Runner> onStart) {
        ProviderProfile profile = run.target().profile();
        Scorer scorer = ScorerRegistry.create(run.suite().scorer(), settings.scoring());
        try (RunDirectory dir = RunDirectory.openForWriting(out, run.identity());
             ChatClient client = run.target().open(run.params(), run.suite().oracle(), HTTP, settings.timeout())) {
            Set<String> done = new HashSet<>();
            Journal.read(dir.samples(), r -> {
                if (r.isError()) {
                    done.remove(r.key());
                } else {
                    done.add(r.key());
                }
            });
            ResponseCache cache = settings.cacheFile() == null || client.local() ? null : ResponseCache.open(settings.cacheFile());
            int concurrency = settings.concurrency() != null ? settings.concurrency() : profile.defaultConcurrency();
            RateLimiter limiter = new RateLimiter(settings.rpm() != null ? settings.rpm() : profile.requestsPerMinute(),
                    settings.tpm() != null ? settings.tpm() : profile.tokensPerMinute());
            Runner runner = new Runner(new Runner.Options(concurrency, settings.retry(), limiter, settings.maxCostUsd()),
                    client, cache, scorer, settings.listener());
            onStart.accept(runner);
            RunTotals totals;
            try (Journal journal = Journal.openForAppend(dir.samples())) {
                totals = runner.execute(run, done, journal);
            } finally {
                if (cache != null) {
                    cache.close();
                    if (cache.writeFailure() != null) {
                        settings.listener().notice("some responses could not be written to the cache: " + cache.writeFailure());
                    }
                }
            }
            Summary summary = new Summarizer(Bootstrap.standard()).summarize(run, dir.samples());
            Json.writePretty(dir.summary(), summary);
            return new Outcome(summary, totals, runner.stopReason());
        }
    }
}
