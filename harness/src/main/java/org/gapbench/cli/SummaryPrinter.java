package org.gapbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import org.gapbench.model.ErrorClass;
import org.gapbench.model.resilient.RetryPolicy;
import org.gapbench.results.Summary;
import org.gapbench.run.Evaluation;
import org.gapbench.run.PreparedRun;

/** The few lines printed after a run: metrics with CIs, counts, where the files are. */
final class SummaryPrinter {
    private SummaryPrinter() {
    }

    static void print(PreparedRun run, Evaluation.Outcome outcome, Path dir, PrintWriter out) {
        Summary s = outcome.summary();
        out.printf("%s on %s%n", s.model(), s.suite());
        for (Map.Entry<String, Summary.MetricValue> e : s.metrics().entrySet()) {
            out.printf("  %-18s %s%n", e.getKey(), format(e.getValue()));
        }
        if (!s.byJudge().isEmpty()) {
            out.println("  each judge apart (its mean grade on its own scale):");
            s.byJudge().forEach((judge, v) -> out.printf("    %-40s %s%n", judge, format(v)));
        }
        Summary.Counts c = s.counts();
        out.printf("  items %d, samples scored %d, errors %d%s, no answer %d%s, refused %d, from cache %d, requests %d%n",
                c.items(), c.scored(), c.errors(), s.errorsByClass().isEmpty() ? "" : " " + s.errorsByClass(),
                c.noAnswer(), c.truncated() == 0 ? "" : ", cut by the token limit " + c.truncated(), c.refused(),
                s.usage().cachedSamples(), outcome.totals().requests());
        if (s.usage().batchSamples() > 0) {
            out.printf("  by batch %d samples (at the batch price)%n", s.usage().batchSamples());
        }
        if (s.usage().costUsd() > 0) {
            out.printf("  spent $%.4f%n", s.usage().costUsd());
        }
        if (outcome.stopReason() != null) {
            out.println("  " + outcome.stopReason());
        } else if (!s.complete()) {
            int deterministic = s.errorsByClass().getOrDefault(ErrorClass.DETERMINISTIC_ERROR.label(), 0);
            if (deterministic < c.errors() || c.missing() > 0) {
                out.printf("  incomplete: %d errors, %d missing; re-run the same command to retry them%n", c.errors() - deterministic, c.missing());
            }
            if (deterministic > 0) {
                out.printf("  %d samples ended in %s (the server repeated the same error %d times): a re-run leaves them,"
                        + " --retry-errors asks again%n", deterministic, ErrorClass.DETERMINISTIC_ERROR.label(), RetryPolicy.SAME_ERROR_LIMIT);
            }
        }
        out.println("  run directory: " + dir);
        out.flush();
    }

    /** One line of the table printed after several runs: suite, model, headline metric, counts. */
    static String gridRow(PreparedRun run, Evaluation.Outcome outcome) {
        Summary s = outcome.summary();
        Map.Entry<String, Summary.MetricValue> headline = s.metrics().entrySet().iterator().next();
        return String.format("%-20s %-32s %-10s %-32s %5d %6d %s", s.suite(), s.model(), headline.getKey(), format(headline.getValue()),
                s.counts().scored(), s.counts().errors(), outcome.complete() ? "complete" : "INCOMPLETE");
    }

    static void printGrid(java.util.List<String> rows, PrintWriter out) {
        out.println();
        out.printf("%-20s %-32s %-10s %-32s %5s %6s %s%n", "suite", "model", "metric", "value [95% CI]", "scored", "errors", "");
        rows.forEach(out::println);
        out.flush();
    }

    static String format(Summary.MetricValue v) {
        if (v.value() == null) {
            return "n/a";
        }
        if (v.ci95() == null) {
            return String.format("%.4f", v.value());
        }
        return String.format("%.4f  [%.4f, %.4f]", v.value(), v.ci95().get(0), v.ci95().get(1));
    }
}
