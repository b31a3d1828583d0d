package org.gapbench.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import org.gapbench.publish.report.ReportBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Writes a published report: index.html, leaderboard.md/csv, results.json and charts (PNG and SVG).")
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--runs", arity = "1..*", paramLabel = "DIR", description = "Finished run directories for the leaderboards.")
    List<Path> runs = List.of();

    @Option(names = "--history", paramLabel = "PATH", description = "History table (default: datasets/history/scores.csv).")
    Path history;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Report directory.")
    Path out;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = {"Print 'generated on DATE' on the report. Without it the "
            + "report carries no date but the data's own, so it is the same whatever day it is built."})
    LocalDate date;

    @Option(names = "--include-incomplete", description = "Put incomplete runs in the gap figures too (they are always on the "
            + "leaderboards, marked).")
    boolean includeIncomplete;

    @Override
    public Integer call() {
        ReportBuilder.Built b = ReportBuilder.build(runs, history != null ? history : HistoryCommand.defaultTable(common), out,
                new ReportBuilder.Options(date, includeIncomplete));
        var w = spec.commandLine().getOut();
        w.printf("report of %d runs on %d suites written to %s: %s%n", b.runs(), b.suites(), b.outDir(), String.join(", ", b.files()));
        w.flush();
        return ExitCode.OK.code;
    }
}
