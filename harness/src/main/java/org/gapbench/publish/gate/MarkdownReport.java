package org.gapbench.publish.gate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.gapbench.config.ConfigException;
import org.gapbench.publish.OutputFormat;

/** The gate's result as a Markdown table (for pull requests and {@code GITHUB_STEP_SUMMARY}). */
public final class MarkdownReport implements OutputFormat<GateReport> {
    public static final MarkdownReport FORMAT = new MarkdownReport();

    private MarkdownReport() {
    }

    @Override
    public String name() {
        return "markdown";
    }

    @Override
    public String render(GateReport report) {
        GateSettings s = report.settings();
        StringBuilder b = new StringBuilder();
        b.append("### gapbench check: ").append(headline(report.status())).append("\n\n");
        b.append(String.format("Fails on a drop larger than %.4f that is significant at alpha %.3g (Holm-corrected); "
                + "error-rate limit %.1f%%; at least %d shared items.%n%n", s.maxDrop(), s.alpha(), 100 * s.maxErrorRate(), s.minOverlap()));
        b.append("| Suite | Metric | Baseline | Candidate | Change [95% CI] | p (Holm) | Items | Test | Result |\n");
        b.append("|---|---|---:|---:|---|---:|---:|---|---|\n");
        for (GateReport.Comparison c : report.comparisons()) {
            if (c.problem() != null) {
                b.append("| ").append(cell(c.suite())).append(" | ").append(cell(String.join(", ", s.metrics())))
                        .append(" | | | | | | | **").append(c.status()).append("**: ").append(cell(c.problem())).append(" |\n");
                continue;
            }
            for (GateReport.MetricCheck m : c.metrics()) {
                b.append(String.format("| %s | %s | %.4f | %.4f | %+.4f [%+.4f, %+.4f] | %.3g | %d | %s | %s |%n",
                        cell(c.suite()), cell(m.metric()), m.baseline(), m.candidate(), m.change().value(), m.change().low(),
                        m.change().high(), m.pValue(), m.n(), cell(m.test()), m.regression() ? "**REGRESSION**" : "pass"));
            }
        }
        b.append('\n');
        for (GateReport.Comparison c : report.comparisons()) {
            b.append("- ").append(cell(c.suite())).append(": baseline ").append(cell(c.baseline()))
                    .append(", candidate ").append(cell(c.candidate())).append('\n');
        }
        return b.toString();
    }

    /**
     * Appends to {@code file} (GitHub Actions' {@code GITHUB_STEP_SUMMARY}, rendered on the run's page); several
     * steps may write there, so it is never overwritten. Does nothing when {@code file} is null or blank.
     */
    public static void appendTo(String file, String markdown) {
        if (file == null || file.isBlank()) {
            return;
        }
        try {
            Files.writeString(Path.of(file), markdown + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new ConfigException("cannot append to GITHUB_STEP_SUMMARY " + file + ": " + e.getMessage());
        }
    }

    static String headline(GateReport.Status status) {
        return switch (status) {
            case PASS -> "pass";
            case REGRESSION -> "REGRESSION (exit 1)";
            case INCOMPARABLE -> "runs not comparable (exit 2)";
            case UNHEALTHY -> "candidate run incomplete or too many errors (exit 3)";
        };
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
