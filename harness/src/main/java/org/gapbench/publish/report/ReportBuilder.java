package org.gapbench.publish.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gapbench.config.ConfigException;
import org.gapbench.config.ConfigFiles;
import org.gapbench.config.Home;
import org.gapbench.io.AtomicFiles;
import org.gapbench.model.Catalog;
import org.gapbench.publish.OutputFormat;
import org.gapbench.publish.history.HistorySource;
import org.gapbench.publish.history.HistoryTable;
import org.gapbench.publish.history.RunHistory;
import org.gapbench.publish.judging.JudgeAnalysis;
import org.gapbench.stats.Bootstrap;
import org.gapbench.suite.SuiteLoader;
import org.gapbench.suite.SuiteSpec;

/**
 * Builds a published report: {@code index.html} (self-contained: charts inlined as SVG, everything from models and
 * files escaped), {@code leaderboard.md}, {@code leaderboard.csv}, {@code results.json} and every chart as PNG and SVG.
 * The files depend only on the runs, the history and the catalog: no path, clock or machine enters them, so the same
 * inputs give the same bytes anywhere ({@link Options#generatedOn} is the one date a caller may add).
 */
public final class ReportBuilder {
    private ReportBuilder() {
    }

    /** What was written, for the caller to print. */
    public record Built(Path outDir, int runs, int suites, List<String> files) {
    }

    /**
     * @param generatedOn        printed as "generated on" when given (never the clock: a report is the same every day)
     * @param includeIncomplete  put incomplete runs in the gap figures too (they are always on the leaderboards, marked)
     */
    public record Options(LocalDate generatedOn, boolean includeIncomplete) {
        public static final Options DEFAULT = new Options(null, false);
    }

    public static Built build(List<Path> runDirs, Path historyCsv, Path outDir) {
        return build(runDirs, historyCsv, outDir, Options.DEFAULT);
    }

    /**
     * @param runDirs    finished gapbench run directories (may be empty: a history-only report); an empty run, or two
     *                   runs of one model on one suite, are refused with a one-line {@link ConfigException}
     * @param historyCsv the normalized history table ({@code datasets/history/scores.csv})
     * @param outDir     created if missing; an existing report there is replaced whole (built beside it, then swapped)
     */
    public static Built build(List<Path> runDirs, Path historyCsv, Path outDir, Options options) {
        Home home = Home.resolve();
        Catalog catalog = Files.isRegularFile(home.catalog()) ? Catalog.load(home.catalog()) : Catalog.empty();
        List<RunResult> runs = admit(runDirs.stream().map(d -> RunResult.load(d, catalog)).toList());
        Map<String, List<RunResult>> bySuite = new TreeMap<>();
        runs.forEach(r -> bySuite.computeIfAbsent(r.suite(), k -> new ArrayList<>()).add(r));
        List<Leaderboard> boards = new ArrayList<>();
        bySuite.forEach((suite, rs) -> boards.add(Leaderboard.of(suite, rs, Bootstrap.standard())));
        List<Path> inGaps = runs.stream().filter(r -> options.includeIncomplete() || r.complete()).map(RunResult::dir).toList();
        HistoryTable history = RunHistory.addRuns(HistoryTable.load(historyCsv), inGaps);
        Map<String, GapSection.SuiteFacts> facts = new TreeMap<>();
        boards.forEach(b -> facts.put(b.suite(), new GapSection.SuiteFacts(b.metric(), b.entries().get(0).run().identity().dataset().id())));
        List<GapSection> gaps = GapSection.standard(history, facts);

        Map<String, Charts.Image> charts = new LinkedHashMap<>();
        for (GapSection g : gaps) {
            String source = source(history, g);
            charts.put("frontier-" + g.benchmark(), Charts.frontier(g.result(), "US vs China frontier: " + g.title(), g.unit(), source));
            if (g.saturated() == null) {
                charts.put("months-behind-" + g.benchmark(), Charts.monthsBehind(g.result(),
                        "Months each Chinese frontier release trailed the US frontier: " + g.title(), source));
            }
        }
        for (Leaderboard b : boards) {
            charts.put("suite-" + b.suite(), Charts.suite(b, runSource(b, "")));
            Charts.Image cost = Charts.cost(b, runSource(b, "; prices from the gapbench catalog (datasets/models.csv)"));
            if (cost != null) {
                charts.put("cost-" + b.suite(), cost);
            }
        }
        List<String> files = new ArrayList<>();
        List<PublishedScore> published = PublishedScore.load(home.datasets().resolve("replays").resolve("published-scores.csv"));
        Map<String, JudgeAnalysis.Result> judging = JudgeAnalysis.analyse(runs.stream().map(RunResult::dir).toList(), Bootstrap.standard());
        ReportModel model = new ReportModel(boards, gaps, history, runs, charts, suiteLanguages(home), published, options, judging);
        // Built beside the old report and swapped in: a killed report leaves the old one whole or the new one whole,
        // and a chart the data no longer gives does not linger.
        AtomicFiles.replaceDirectory(outDir, OWNED, "--out", dir -> {
            for (Map.Entry<String, Charts.Image> c : charts.entrySet()) {
                AtomicFiles.write(dir.resolve(CHARTS).resolve(c.getKey() + ".png"), c.getValue().png());
                AtomicFiles.write(dir.resolve(CHARTS).resolve(c.getKey() + ".svg"), Charts.bytes(c.getValue().svg()));
                files.add(CHARTS + "/" + c.getKey() + ".png");
                files.add(CHARTS + "/" + c.getKey() + ".svg");
            }
            FILES.forEach((name, format) -> {
                AtomicFiles.write(dir.resolve(name), format.render(model));
                files.add(name);
            });
        });
        return new Built(outDir, runs.size(), boards.size(), files);
    }

    /** The charts directory is the report's own: a chart this build does not draw (a suite gone) must not linger. */
    /**
     * The runs a report may publish: none empty, one per model and suite. An incomplete run is published, marked: its
     * numbers are honest about what they cover, and leaving it out silently would hide a failure.
     */
    static List<RunResult> admit(List<RunResult> given) {
        // The order the runs were given in (a shell glob, the demo's list) must not change a byte of the report.
        List<RunResult> runs = new ArrayList<>(given);
        runs.sort(java.util.Comparator.comparing(RunResult::suite).thenComparing(RunResult::name));
        Map<String, RunResult> seen = new LinkedHashMap<>();
        for (RunResult r : runs) {
            if (r.itemsScored() == 0) {
                throw new ConfigException(r.dir() + ": an empty run (0 of " + r.summary().counts().items() + " items scored"
                        + (r.complete() ? "" : "; " + r.incompleteness()) + ") cannot be published; finish it with 'gapbench run' or leave it out");
            }
            RunResult other = seen.putIfAbsent(r.suite() + "\u0000" + r.name(), r);
            if (other != null) {
                throw new ConfigException(other.dir() + " and " + r.dir() + " are both " + r.name() + " on " + r.suite() + " ("
                        + other.itemsScored() + " and " + r.itemsScored() + " items scored): a leaderboard shows one run per model; "
                        + "give one of them, or name the other with --as");
            }
        }
        return List.copyOf(runs);
    }

    /** The source and licence line of a gap chart: the history sources its rows come from. */
    private static String source(HistoryTable history, GapSection g) {
        Map<String, String> bySource = new TreeMap<>();
        for (String key : g.result().sources()) {
            HistorySource s = history.source(key).orElse(null);
            if (s == null) {
                continue;
            }
            String publisher = key.startsWith("gapbench-run:") ? "gapbench runs" : s.publisher();
            bySource.merge(publisher, s.license(), (a, b) -> a.equals(b) || a.contains(b) ? a : a + ", " + b);
        }
        List<String> parts = new ArrayList<>();
        bySource.forEach((publisher, license) -> parts.add(publisher + " (" + license + ")"));
        return "Source: " + String.join("; ", parts) + ". Chart: gapbench.";
    }

    private static String runSource(Leaderboard b, String more) {
        var d = b.entries().get(0).run().identity().dataset();
        return "Source: gapbench runs of " + b.suite() + " on " + d.id() + " " + d.version() + " (" + d.license() + ")" + more + ". Chart: gapbench.";
    }

    /** The report's text files, each one format of the same model. */
    private static final Map<String, OutputFormat<ReportModel>> FILES = new LinkedHashMap<>();

    private static final String CHARTS = "charts";

    static {
        FILES.put("index.html", HtmlPage.FORMAT);
        FILES.put("leaderboard.md", LeaderboardFiles.MARKDOWN);
        FILES.put("leaderboard.csv", LeaderboardFiles.CSV);
        FILES.put("results.json", OutputFormat.<Map<String, Object>>json().of(ReportModel::json));
    }

    /** What a report directory holds: a directory holding anything else is not replaced. */
    private static final java.util.Set<String> OWNED = owned();

    private static java.util.Set<String> owned() {
        java.util.Set<String> s = new java.util.TreeSet<>(FILES.keySet());
        s.add(CHARTS);
        return java.util.Set.copyOf(s);
    }

    /** Suite id to language, from the checkout's suites (a run's suite may be gone: then it is simply not listed). */
    private static Map<String, String> suiteLanguages(Home home) {
        Map<String, String> out = new TreeMap<>();
        Path dir = home.suites();
        if (Files.isDirectory(dir)) {
            for (Path f : ConfigFiles.yamlFiles(dir)) {
                try {
                    SuiteSpec s = SuiteLoader.load(f);
                    out.put(s.id(), s.language());
                } catch (ConfigException e) {
                    // 'gapbench validate' reports broken suites; the report then lists that suite's language as unknown.
                }
            }
        }
        return out;
    }
}
