package org.gapbench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.gapbench.config.ConfigException;
import org.gapbench.dataset.DataStore;
import org.gapbench.model.GenerationParams;
import org.gapbench.run.Evaluation;
import org.gapbench.run.PreparedRun;
import org.gapbench.run.RetryPolicy;
import org.gapbench.run.RunListener;
import org.gapbench.run.RunPreparer;
import org.gapbench.run.RunRequest;
import org.gapbench.run.Summary;
import org.gapbench.score.ScoringEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The offline main job: replays real recorded generations of US and Chinese models (ZeroEval's GSM8K outputs)
 * through the whole pipeline (suite, dataset with verified hashes, replay provider, journal, scorer, summary)
 * and prints a leaderboard with confidence intervals beside the publisher's own numbers.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Replays recorded GSM8K generations of 12 US and Chinese models offline and prints a leaderboard.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--out", defaultValue = "runs/demo", description = "Where the demo's runs go (default: ${DEFAULT-VALUE}).")
    Path out;

    /** One recorded model: its replay file (relative to the data directory), sha256, catalog id and published accuracy. */
    record Replay(String suite, String file, String sha256, String model, double published, String publishedBy) {
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        List<Replay> replays = readReplays(common.home().datasets().resolve("replays").resolve("demo.csv"));
        DataStore store = common.store();
        RunPreparer preparer = common.preparer();
        List<Row> rows = new ArrayList<>();
        for (Replay r : replays) {
            Path file = locate(store, r);
            PreparedRun run = preparer.prepare(new RunRequest(r.suite(), "replay:" + file, null, null, null, RunRequest.DEFAULT_SEED,
                    null, new GenerationParams(null, null, null, null), null, r.model()));
            Evaluation.Settings settings = new Evaluation.Settings(4, 0, 0, null, null, Duration.ofSeconds(30), RetryPolicy.DEFAULT,
                    ScoringEnvironment.standard(), RunListener.NONE);
            Evaluation.Outcome o = Evaluation.run(run, out.resolve(r.suite()).resolve(r.model()), settings, x -> { });
            rows.add(new Row(r, run, o.summary()));
        }
        print(rows, stdout);
        stdout.printf("%nRuns, journals and summaries: %s%n", out.toAbsolutePath().normalize());
        stdout.flush();
        return Main.OK;
    }

    private record Row(Replay replay, PreparedRun run, Summary summary) {
        double accuracy() {
            Summary.MetricValue v = summary.metrics().get("accuracy");
            return v == null || v.value() == null ? Double.NaN : v.value();
        }
    }

    private static void print(List<Row> rows, PrintWriter out) {
        rows.sort(Comparator.comparingDouble(Row::accuracy).reversed());
        String suite = rows.isEmpty() ? "" : rows.get(0).replay().suite();
        out.printf("GSM8K test (1319 items), recorded zero-shot generations replayed offline (suite %s)%n%n", suite);
        out.printf("%-4s %-30s %-3s %-6s %-24s %-9s %-9s %s%n", "rank", "model", "cc", "open", "accuracy [95% CI]", "no-answer",
                "published", "diff");
        int rank = 0;
        for (Row r : rows) {
            rank++;
            Summary.MetricValue v = r.summary().metrics().get("accuracy");
            var e = r.run().target().entry();
            double acc = r.accuracy() * 100;
            out.printf("%-4d %-30s %-3s %-6s %6.2f [%6.2f, %6.2f]   %-9d %-9.2f %+.2f%n", rank, r.run().target().displayName(),
                    e == null ? "?" : e.country(), e == null ? "?" : e.openWeights() ? "yes" : "no", acc,
                    v.ci95().get(0) * 100, v.ci95().get(1) * 100, r.summary().counts().noAnswer(), r.replay().published(),
                    acc - r.replay().published());
        }
        out.printf("%npublished = %s; 95%% CIs are percentile bootstrap over items (1000 resamples).%n",
                rows.isEmpty() ? "" : rows.get(0).replay().publishedBy());
    }

    private static Path locate(DataStore store, Replay r) {
        for (Path dir : store.searchPath()) {
            Path p = dir.resolve(r.file());
            if (Files.isRegularFile(p)) {
                String actual = store.sha256(p);
                if (!actual.equals(r.sha256())) {
                    throw new ConfigException(p + " has sha256 " + actual + ", datasets/replays/demo.csv says " + r.sha256());
                }
                return p.toAbsolutePath();
            }
        }
        throw new ConfigException("recorded outputs " + r.file() + " not found in " + store.searchPath()
                + ": set GAPBENCH_DATA to the shared datasets mirror");
    }

    static List<Replay> readReplays(Path csv) {
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVParser p = CSVParser.builder().setReader(reader).setFormat(CSVFormat.DEFAULT.builder().setHeader()
                     .setSkipHeaderRecord(true).setCommentMarker('#').get()).get()) {
            List<Replay> out = new ArrayList<>();
            for (CSVRecord rec : p) {
                out.add(new Replay(rec.get("suite"), rec.get("file"), rec.get("sha256"), rec.get("model"),
                        Double.parseDouble(rec.get("published_accuracy")), rec.get("published_by")));
            }
            return out;
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(csv + ": " + e.getMessage());
        }
    }
}
