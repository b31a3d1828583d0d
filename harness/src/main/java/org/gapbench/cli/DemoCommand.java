package org.gapbench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.gapbench.config.ConfigException;
import org.gapbench.dataset.DataStore;
import org.gapbench.model.CatalogEntry;
import org.gapbench.publish.report.PublishedScore;
import org.gapbench.publish.report.ReportBuilder;
import org.gapbench.results.Summary;
import org.gapbench.run.Evaluation;
import org.gapbench.run.PreparedRun;
import org.gapbench.run.RunPreparer;
import org.gapbench.run.RunRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The offline main job: replays real recorded generations through the whole pipeline (suite, dataset with verified
 * hashes, replay provider, journal, scorer, summary) and prints each beside the publisher's numbers: ZeroEval's GSM8K
 * outputs of US and Chinese models, once under the publisher's own rule and once under gapbench's checker, and
 * GPT-4-0314's GAOKAO-Bench outputs, subject by subject in exam points. Then it regenerates the published report.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Replays recorded GSM8K generations of 12 US and Chinese models and GPT-4's GAOKAO-Bench answers",
                "offline, prints them beside the publishers' numbers and regenerates the published report."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--out", defaultValue = "runs/demo", description = "Where the demo's runs go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--report", description = "Where to write the report (default: reports/latest in the project).")
    Path report;

    @Option(names = "--no-report", description = "Do not regenerate the report.")
    boolean noReport;

    /** One recording: its file (relative to the data directory), sha256, catalog id, the publisher's accuracy. */
    record Replay(List<String> suites, String file, String sha256, String model, double published, String publishedBy) {
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        List<Replay> replays = readReplays(common.home().datasets().resolve("replays").resolve("demo.csv"));
        DataStore store = common.store();
        RunPreparer preparer = common.preparer();
        Evaluation evaluation = Evaluation.builder().concurrency(4).timeout(Duration.ofSeconds(30)).build();
        Map<String, Map<String, Summary>> bySuite = new LinkedHashMap<>(); // suite -> model -> summary
        Map<String, CatalogEntry> facts = new LinkedHashMap<>();
        Map<String, String> titles = new LinkedHashMap<>();
        List<Path> runDirs = new ArrayList<>();
        for (Replay r : replays) {
            verify(store, r);
            for (String suite : r.suites()) {
                // named by its path under the data directory, so the run's identity is the same on every machine
                PreparedRun run = preparer.prepare(RunRequest.builder(suite, "replay:" + r.file()).as(r.model()).build());
                Path dir = out.resolve(suite).resolve(r.model());
                clear(dir);
                Summary s = evaluation.run(run, dir).summary();
                bySuite.computeIfAbsent(suite, k -> new LinkedHashMap<>()).put(r.model(), s);
                facts.put(r.model(), run.target().entry());
                titles.put(suite, run.suite().title());
                runDirs.add(dir);
            }
        }
        print(replays.stream().filter(r -> r.suites().contains(GAPBENCH_GSM8K)).toList(), bySuite, facts, stdout);
        printPublished(PublishedScore.load(common.home().datasets().resolve("replays").resolve("published-scores.csv")), bySuite,
                titles, stdout);
        stdout.printf("%nRuns, journals and summaries: %s%n", out.toAbsolutePath().normalize());
        if (!noReport) {
            Path target = report != null ? report : common.home().reports().resolve("latest");
            ReportBuilder.Built b = ReportBuilder.build(runDirs, HistoryCommand.defaultTable(common), target);
            stdout.printf("Report (%d runs, the China-US gap from the history table): %s%n", b.runs(),
                    target.resolve("index.html").toAbsolutePath().normalize());
        }
        stdout.flush();
        return ExitCode.OK.code;
    }

    /**
     * The demo owns its directories and replays into them afresh every time: replays cost nothing, and a journal
     * kept from an earlier build would carry that build's scores (a scorer's code can change without its options).
     */
    static void clear(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new ConfigException("cannot clear the demo run " + dir + ": " + e.getMessage());
        }
    }

    private static double accuracy(Summary s) {
        Summary.MetricValue v = s == null ? null : s.metrics().get("accuracy");
        return v == null || v.value() == null ? Double.NaN : v.value() * 100;
    }

    private static final String GAPBENCH_GSM8K = "gsm8k-json";

    private static void print(List<Replay> replays, Map<String, Map<String, Summary>> bySuite, Map<String, CatalogEntry> facts,
                              PrintWriter out) {
        Map<String, Summary> ours = bySuite.getOrDefault(GAPBENCH_GSM8K, Map.of());
        Map<String, Summary> theirs = bySuite.getOrDefault("gsm8k-zeroeval", Map.of());
        List<Replay> rows = new ArrayList<>(replays);
        rows.sort(Comparator.comparingDouble((Replay r) -> accuracy(ours.get(r.model()))).reversed());
        out.println("GSM8K test (1319 items): recorded zero-shot generations of US and Chinese models, replayed offline");
        out.println();
        out.printf("%-4s %-28s %-3s %-5s %-25s %-10s %-10s %s%n", "rank", "model", "cc", "open", "gapbench [95% CI]",
                "their rule", "published", "gapbench - published");
        int rank = 0;
        for (Replay r : rows) {
            rank++;
            Summary s = ours.get(r.model());
            Summary.MetricValue v = s.metrics().get("accuracy");
            CatalogEntry e = facts.get(r.model());
            out.printf("%-4d %-28s %-3s %-5s %6.2f [%6.2f, %6.2f]    %-10.2f %-10.2f %+.2f%n", rank, r.model(),
                    e == null ? "?" : e.country(), e == null ? "?" : e.openWeights() ? "yes" : "no", accuracy(s),
                    v.ci95().get(0) * 100, v.ci95().get(1) * 100, accuracy(theirs.get(r.model())), r.published(),
                    Math.round((accuracy(s) - r.published()) * 100) / 100.0 + 0.0); // + 0.0 turns -0.0 into 0.0
        }
        out.println();
        out.println("gapbench   = suite gsm8k-json: gapbench's math checker on the same generations");
        out.println("their rule = suite gsm8k-zeroeval: ZeroEval's first-number rule, re-implemented; it reproduces 'published'");
        out.printf("published  = %s%n", rows.isEmpty() ? "" : rows.get(0).publishedBy());
        out.println("CIs: Wilson score intervals (docs/statistics.md). Why each item differs: docs/math-scoring.md");
    }

    /**
     * Every replayed (suite, model) with published scores by breakdown (GAOKAO-Bench by subject and question type):
     * the publisher's points and rate beside gapbench's, group by group.
     */
    private static void printPublished(List<PublishedScore> published, Map<String, Map<String, Summary>> bySuite,
                                       Map<String, String> titles, PrintWriter out) {
        Map<List<String>, List<PublishedScore>> byRun = new LinkedHashMap<>();
        published.forEach(p -> byRun.computeIfAbsent(List.of(p.suite(), p.model()), k -> new ArrayList<>()).add(p));
        for (List<PublishedScore> rows : byRun.values()) {
            PublishedScore first = rows.get(0);
            Summary s = bySuite.getOrDefault(first.suite(), Map.of()).get(first.model());
            if (s == null) {
                continue;
            }
            out.println();
            out.printf("%s: %s's recorded outputs, replayed offline%n%n", titles.getOrDefault(first.suite(), first.suite()), first.model());
            out.printf("%-44s %-17s %-24s %-17s %-9s %s%n", "scope", "gapbench points", first.metric() + " [95% CI]",
                    "published points", "published", "");
            int agree = 0;
            for (PublishedScore p : rows) {
                PublishedScore.Reproduction ours = p.reproducedBy(s);
                if (ours == null) {
                    out.printf("%-44s missing from the run's summary%n", p.label());
                    continue;
                }
                agree += ours.agrees() ? 1 : 0;
                String ci = ours.ciLow() == null ? "no CI" : String.format("[%5.1f, %5.1f]", 100 * ours.ciLow(), 100 * ours.ciHigh());
                out.printf("%-44s %-17s %5.1f %-18s %-17s %-9.1f %s%n", p.label(), PublishedScore.points(ours.pointsEarned(),
                        ours.pointsPossible()), 100 * ours.value(), ci, PublishedScore.points(p.pointsEarned(), p.pointsPossible()),
                        100 * p.value(), ours.agrees() ? "same" : "DIFFERS");
            }
            out.println();
            out.printf("%d of %d published figures reproduced exactly (same points, same rate at the published precision)%n", agree, rows.size());
            out.printf("published = %s, %s%n", first.publishedBy(), first.source());
            out.printf("gapbench  = suite %s: the publisher's extraction rule and exam points, re-implemented (docs/%s.md)%n",
                    first.suite(), first.suite());
        }
    }

    /** The recording must be the one the published numbers were computed from. */
    private static void verify(DataStore store, Replay r) {
        for (Path dir : store.searchPath()) {
            Path p = dir.resolve(r.file());
            if (Files.isRegularFile(p)) {
                String actual = store.sha256(p);
                if (!actual.equals(r.sha256())) {
                    throw new ConfigException(p + " has sha256 " + actual + ", datasets/replays/demo.csv says " + r.sha256());
                }
                return;
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
                out.add(new Replay(Arrays.asList(rec.get("suites").trim().split("\\s+")), rec.get("file"), rec.get("sha256"),
                        rec.get("model"), Double.parseDouble(rec.get("published_accuracy")), rec.get("published_by")));
            }
            return out;
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(csv + ": " + e.getMessage());
        }
    }
}
