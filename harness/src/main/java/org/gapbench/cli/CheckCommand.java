package org.gapbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.gapbench.io.AtomicFiles;
import org.gapbench.publish.OutputFormat;
import org.gapbench.publish.gate.GateReport;
import org.gapbench.publish.gate.GateSettings;
import org.gapbench.publish.gate.JUnitReport;
import org.gapbench.publish.gate.MarkdownReport;
import org.gapbench.publish.gate.RegressionGate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"CI regression gate: compares a candidate run with a baseline on the items both share (paired test).",
                "Fails only on a drop larger than --max-drop that is also significant at --alpha.",
                "Exit 0: pass; 1: regression; 2: usage error or runs not comparable (named); 3: candidate incomplete or too many errors."})
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--baseline", required = true, description = {"Baseline: run directory, summary.json, or a report's results.json",
            "(repeat, paired with --run in order; only a run directory allows the paired test)."})
    List<Path> baselines;

    @Option(names = "--baseline-model", description = "Leaderboard entry to take from a results.json baseline (default: the candidate's model).")
    String baselineModel;

    @Option(names = "--run", required = true, description = "Candidate run directory (repeat for several suites).")
    List<Path> runs;

    @Option(names = "--metric", description = "Metric to gate on (repeatable; default: accuracy).")
    List<String> metrics;

    @Option(names = "--max-drop", defaultValue = "0.02", description = "Largest tolerated absolute drop (default: ${DEFAULT-VALUE}).")
    double maxDrop;

    @Option(names = "--alpha", defaultValue = "0.05", description = "Significance level, Holm-corrected over all metrics (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--max-error-rate", defaultValue = "0.05", description = "Largest tolerated fraction of candidate samples ending in errors (default: ${DEFAULT-VALUE}).")
    double maxErrorRate;

    @Option(names = "--min-overlap", defaultValue = "20", description = "Fewest shared items for a meaningful comparison (default: ${DEFAULT-VALUE}).")
    int minOverlap;

    @Option(names = "--junit", description = "Write JUnit XML here (one test case per suite x metric).")
    Path junit;

    @Option(names = "--markdown", description = "Write the Markdown summary here.")
    Path markdown;

    @Option(names = "--json", description = "Write the full result as JSON here.")
    Path json;

    @Option(names = "--debug", description = "Print stack traces for errors.")
    boolean debug;

    @Override
    public Integer call() {
        Flags.atLeast("--max-drop", maxDrop, 0);
        Flags.between("--alpha", alpha, 0, 1);
        Flags.between("--max-error-rate", maxErrorRate, 0, 1);
        Flags.atLeast("--min-overlap", minOverlap, 1);
        GateSettings settings = new GateSettings(metrics == null ? List.of("accuracy") : metrics, maxDrop, alpha, maxErrorRate, minOverlap);
        GateReport report = new RegressionGate(settings).check(baselines, runs, baselineModel);
        write(junit, JUnitReport.FORMAT, report);
        write(markdown, MarkdownReport.FORMAT, report);
        write(json, OutputFormat.json(), report);
        MarkdownReport.appendTo(System.getenv("GITHUB_STEP_SUMMARY"), MarkdownReport.FORMAT.render(report));
        print(report, spec.commandLine().getOut());
        return report.exitCode();
    }

    private static void write(Path file, OutputFormat<GateReport> format, GateReport report) {
        if (file != null) {
            AtomicFiles.write(file, format.render(report));
        }
    }

    private static void print(GateReport report, PrintWriter out) {
        for (GateReport.Comparison c : report.comparisons()) {
            out.printf("%s: %s%n", c.suite(), c.status());
            if (c.problem() != null) {
                out.println("  " + c.problem());
            }
            for (GateReport.MetricCheck m : c.metrics()) {
                out.println("  " + m.verdict());
            }
        }
        out.println("gapbench check: " + report.status() + " (exit " + report.exitCode() + ")");
        out.flush();
    }
}
