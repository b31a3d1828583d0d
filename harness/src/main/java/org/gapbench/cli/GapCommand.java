package org.gapbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import org.gapbench.config.ConfigException;
import org.gapbench.io.Json;
import org.gapbench.publish.gap.GapAnalysis;
import org.gapbench.publish.gap.GapResult;
import org.gapbench.publish.history.HistoryTable;
import org.gapbench.publish.history.RunHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "gap", mixinStandardHelpOptions = true,
        description = "The China-US gap on one benchmark: months behind (horizontal) and score gap (vertical); see docs/gap-analysis.md.")
final class GapCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--benchmark", required = true, description = "eci, lmarena-text, mmlu, gsm8k, gpqa-diamond, ... or a gapbench suite id.")
    String benchmark;

    @Option(names = "--history", paramLabel = "PATH", description = "History table (default: datasets/history/scores.csv).")
    Path history;

    @Option(names = "--runs", arity = "1..*", paramLabel = "DIR", description = "gapbench run directories to add as harness-run scores.")
    List<Path> runs = List.of();

    @Option(names = "--tolerance", defaultValue = "0", description = "A Chinese release counts as matched by the first US release within this many points (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--since", paramLabel = "YYYY-MM-DD", description = "Only Chinese frontier releases from this date enter the months-behind mean.")
    LocalDate since;

    @Option(names = "--at", paramLabel = "YYYY-MM-DD", description = "Measure as published on this date (older snapshots, models released by then).")
    LocalDate at;

    @Option(names = "--json", description = "Print JSON for machines.")
    boolean json;

    @Override
    public Integer call() {
        if (tolerance < 0) {
            throw new ConfigException("--tolerance must be >= 0");
        }
        HistoryTable table = RunHistory.addRuns(HistoryTable.load(history != null ? history : HistoryCommand.defaultTable(common)), runs);
        if (!table.benchmarks().contains(benchmark)) {
            throw new ConfigException("no history for benchmark '" + benchmark + "'; known: " + String.join(", ", table.benchmarks()));
        }
        GapResult r = new GapAnalysis(table, benchmark, tolerance, since).analyze(at);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.pretty(r));
        } else {
            print(r, out);
        }
        out.flush();
        return ExitCode.OK.code;
    }

    private static void print(GapResult r, PrintWriter out) {
        out.printf("%s: China-US gap (tolerance %s%s); sources: %s%n%n", r.benchmark(), r.tolerance(),
                r.since() == null ? "" : ", Chinese releases since " + r.since(), String.join(", ", r.sources()));
        GapResult.MonthsBehind m = r.monthsBehind();
        out.printf("Months behind: mean %s, min %s, max %s over %d Chinese frontier releases (%d not yet matched); "
                + "mean over the score range %s%n", f(m.mean()), f(m.min()), f(m.max()), m.perRelease().size() - m.unmatched(),
                m.unmatched(), f(m.meanOverScoreRange()));
        out.printf("  %-10s %-40s %9s  %-40s %s%n", "date", "Chinese frontier model", "score", "first US model to reach it", "months");
        for (GapResult.Release x : m.perRelease()) {
            out.printf("  %-10s %-40s %9.2f  %-40s %s%n", x.date(), x.model(), x.score(), x.matchedModel() == null ? "(none yet)"
                    : x.matchedModel() + " " + x.matchedDate(), f(x.lagMonths()));
        }
        if (r.openBehindClosed() != null) {
            out.printf("%nOpen weights behind closed models: mean %s months (%d releases)%n", f(r.openBehindClosed().mean()),
                    r.openBehindClosed().perRelease().size());
        }
        out.printf("%nScore gap (US frontier - Chinese frontier):%n");
        for (GapResult.ScoreGap g : r.scoreGap()) {
            out.printf("  %-10s %-36s %9.2f  %-36s %9.2f  %+8.2f pts %+7.2f%%%n", g.date(), g.us().model(), g.us().score(),
                    g.cn().model(), g.cn().score(), g.points(), g.percent());
        }
    }

    private static String f(Double d) {
        return d == null ? "-" : String.format("%.1f", d);
    }
}
