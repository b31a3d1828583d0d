package org.gapbench.publish.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.gapbench.io.CsvCells;
import org.gapbench.publish.OutputFormat;
import org.gapbench.publish.gap.GapResult;

/** {@code leaderboard.md} (for a README or a CI job summary) and {@code leaderboard.csv}. */
final class LeaderboardFiles {
    /** The leaderboards and the gap table as Markdown. */
    static final OutputFormat<ReportModel> MARKDOWN = OutputFormat.named("markdown", m -> markdown(m.boards(), m.gaps()));
    /** One row per leaderboard entry, for spreadsheets. */
    static final OutputFormat<ReportModel> CSV = OutputFormat.named("csv", m -> csv(m.boards()));

    private LeaderboardFiles() {
    }

    private static String markdown(List<Leaderboard> boards, List<GapSection> gaps) {
        StringBuilder s = new StringBuilder("# gapbench leaderboard\n\n");
        for (Leaderboard b : boards) {
            s.append("## ").append(md(b.suite())).append(" (").append(md(b.metric())).append(", %)\n\n")
                    .append("| rank | model | country | weights | ").append(md(b.metric())).append(" | 95% CI | items |\n")
                    .append("|---:|---|---|---|---:|---|---:|\n");
            for (Leaderboard.Entry e : b.entries()) {
                s.append("| ").append(e.rank()).append(e.tied(b.entries()) ? "=" : "").append(" | ").append(md(e.run().name()))
                        .append(" | ").append(md(e.run().country())).append(" | ")
                        .append(e.run().openWeights() == null ? "?" : e.run().openWeights() ? "open" : "closed").append(" | ")
                        .append(ReportModel.pct(e.value())).append(" | ")
                        .append(e.ciLow() == null ? "-" : ReportModel.pct(e.ciLow()) + " to " + ReportModel.pct(e.ciHigh()))
                        .append(" | ").append(e.items()).append(" |\n");
            }
            s.append("\nRanks: 1 + number of models significantly better (paired tests on shared items, Holm-corrected, alpha ")
                    .append(Leaderboard.ALPHA).append("); `=` marks a statistical tie.\n\n");
        }
        if (!gaps.isEmpty()) {
            s.append("## China-US gap\n\n| benchmark | months behind (mean) | latest score gap | published figure | ours |\n|---|---:|---|---|---|\n");
            for (GapSection g : gaps) {
                GapResult r = g.result();
                List<GapResult.ScoreGap> sg = r.scoreGap();
                String latest = sg.isEmpty() ? "-" : String.format("%s: %s %.1f vs %s %.1f (%+.2f%%)", sg.get(sg.size() - 1).date(),
                        md(sg.get(sg.size() - 1).us().model()), sg.get(sg.size() - 1).us().score(), md(sg.get(sg.size() - 1).cn().model()),
                        sg.get(sg.size() - 1).cn().score(), sg.get(sg.size() - 1).percent());
                for (GapSection.Reproduction rep : g.reproductions()) {
                    s.append("| ").append(md(g.title())).append(" | ").append(r.monthsBehind().mean() == null ? "-"
                            : String.format("%.1f", r.monthsBehind().mean())).append(" | ").append(latest).append(" | ")
                            .append(md(rep.publisher())).append(": ").append(md(rep.published())).append(" | ").append(md(rep.ours())).append(" |\n");
                }
            }
            s.append("\nSources and method: see index.html and docs/gap-analysis.md.\n");
        }
        return s.toString();
    }

    /** Markdown table cells: pipes and markup from model names must not break the table or inject HTML. */
    private static String md(String s) {
        return s == null ? "" : s.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ");
    }

    /** Text cells are neutralised against formula injection ({@link CsvCells}): a model id may come from anywhere. */
    private static String csv(List<Leaderboard> boards) {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get())) {
            p.printRecord("suite", "metric", "rank", "tied", "model", "country", "open_weights", "value", "ci_low", "ci_high",
                    "items_scored", "run_fingerprint", "refused");
            for (Leaderboard b : boards) {
                for (Leaderboard.Entry e : b.entries()) {
                    p.printRecord(CsvCells.text(b.suite()), CsvCells.text(b.metric()), e.rank(), e.tied(b.entries()),
                            CsvCells.text(e.run().name()), CsvCells.text(e.run().country()),
                            e.run().openWeights() == null ? "" : e.run().openWeights() ? "yes" : "no", e.value(),
                            e.ciLow() == null ? "" : e.ciLow(), e.ciHigh() == null ? "" : e.ciHigh(), e.items(),
                            e.run().identity().fingerprint(), e.run().summary().counts().refused());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
