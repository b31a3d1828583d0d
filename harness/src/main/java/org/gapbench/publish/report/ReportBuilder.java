package org.gapbench.publish.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gapbench.config.ConfigException;
import org.gapbench.config.ConfigFiles;
import org.gapbench.config.Home;
import org.gapbench.io.AtomicFiles;
import org.gapbench.publish.OutputFormat;
import org.gapbench.publish.history.HistoryTable;
import org.gapbench.publish.history.RunHistory;
import org.gapbench.stats.Bootstrap;
import org.gapbench.suite.SuiteLoader;
import org.gapbench.suite.SuiteSpec;

/**
 * Builds a published report: {@code index.html} (self-contained: charts inlined, everything from models and files
 * escaped), {@code leaderboard.md}, {@code leaderboard.csv}, {@code results.json} and the charts as PNG files.
 */
public final class ReportBuilder {
    private ReportBuilder() {
    }

    /** What was written, for the caller to print. */
    public record Built(Path outDir, int runs, int suites, List<String> files) {
    }

    /**
     * @param runDirs    finished gapbench run directories (may be empty: a history-only report)
     * @param historyCsv the normalized history table ({@code datasets/history/scores.csv})
     * @param outDir     created if missing; files in it are replaced atomically
     */
    public static Built build(List<Path> runDirs, Path historyCsv, Path outDir) {
        List<RunResult> runs = runDirs.stream().map(RunResult::load).toList();
        Map<String, List<RunResult>> bySuite = new TreeMap<>();
        runs.forEach(r -> bySuite.computeIfAbsent(r.suite(), k -> new ArrayList<>()).add(r));
        List<Leaderboard> boards = new ArrayList<>();
        bySuite.forEach((suite, rs) -> boards.add(Leaderboard.of(suite, rs, Bootstrap.standard())));
        HistoryTable history = RunHistory.addRuns(HistoryTable.load(historyCsv), runDirs);
        List<GapSection> gaps = GapSection.standard(history);

        Map<String, byte[]> charts = new LinkedHashMap<>();
        for (GapSection g : gaps) {
            charts.put("frontier-" + g.benchmark() + ".png", Charts.frontier(g.result(), "US vs China frontier: " + g.title(), g.unit()));
            charts.put("months-behind-" + g.benchmark() + ".png", Charts.monthsBehind(g.result(),
                    "Months the Chinese frontier trailed the US frontier: " + g.title()));
        }
        for (Leaderboard b : boards) {
            charts.put("suite-" + b.suite() + ".png", Charts.suite(b));
        }
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, byte[]> c : charts.entrySet()) {
            AtomicFiles.write(outDir.resolve("charts").resolve(c.getKey()), c.getValue());
            files.add("charts/" + c.getKey());
        }
        Map<String, String> languages = suiteLanguages();
        List<PublishedScore> published = PublishedScore.load(Home.resolve().datasets().resolve("replays").resolve("published-scores.csv"));
        ReportModel model = new ReportModel(boards, gaps, history, runs, charts, languages, published);
        FILES.forEach((name, format) -> {
            AtomicFiles.write(outDir.resolve(name), format.render(model));
            files.add(name);
        });
        return new Built(outDir, runs.size(), boards.size(), files);
    }

    /** The report's text files, each one format of the same model. */
    private static final Map<String, OutputFormat<ReportModel>> FILES = new LinkedHashMap<>();

    static {
        FILES.put("index.html", HtmlPage.FORMAT);
        FILES.put("leaderboard.md", LeaderboardFiles.MARKDOWN);
        FILES.put("leaderboard.csv", LeaderboardFiles.CSV);
        FILES.put("results.json", OutputFormat.<Map<String, Object>>json().of(ReportModel::json));
    }

    /** Suite id to language, from the checkout's suites (a run's suite may be gone: then it is simply not listed). */
    private static Map<String, String> suiteLanguages() {
        Map<String, String> out = new TreeMap<>();
        Path dir = Home.resolve().suites();
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
