package org.gapbench.publish.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.ArrayList;
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
            s.append("## ").append(md(b.suite())).append(" (").append(md(b.metric())).append(", ").append(b.unit()).append(")\n\n|");
            StringBuilder rule = new StringBuilder("|");
            for (Column c : Column.LEADERBOARD) {
                s.append(' ').append(md(c.header().apply(b))).append(" |");
                rule.append(c.numeric() ? "---:|" : "---|");
            }
            s.append('\n').append(rule).append('\n');
            for (Leaderboard.Entry e : b.entries()) {
                s.append('|');
                for (Column c : Column.LEADERBOARD) {
                    Column.Cell cell = c.cell().apply(b, e);
                    s.append(' ').append(md(cell.text()));
                    cell.notes().forEach(n -> s.append(" (").append(md(n.text())).append(": ").append(md(n.title())).append(')'));
                    s.append(" |");
                }
                s.append('\n');
            }
            s.append('\n').append(ReportModel.RANK_MEANING).append("\n\n");
        }
        if (!gaps.isEmpty()) {
            s.append("## China-US gap\n\n| benchmark | months behind (mean) | latest score gap | published figure | ours |\n|---|---:|---|---|---|\n");
            for (GapSection g : gaps) {
                GapResult r = g.result();
                List<GapResult.ScoreGap> sg = r.scoreGap();
                String latest = sg.isEmpty() ? "-" : String.format(Locale.ROOT, "%s: %s %.1f vs %s %.1f (%+.2f%%)", sg.get(sg.size() - 1).date(),
                        md(sg.get(sg.size() - 1).us().model()), sg.get(sg.size() - 1).us().score(), md(sg.get(sg.size() - 1).cn().model()),
                        sg.get(sg.size() - 1).cn().score(), sg.get(sg.size() - 1).percent());
                for (GapSection.Reproduction rep : g.reproductions()) {
                    s.append("| ").append(md(g.title())).append(" | ").append(r.monthsBehind().mean() == null ? "-"
                            : String.format(Locale.ROOT, "%.1f", r.monthsBehind().mean())).append(" | ").append(latest).append(" | ")
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
            List<Object> header = new ArrayList<>(List.of("suite", "metric"));
            Column.LEADERBOARD.forEach(c -> header.addAll(c.fields()));
            p.printRecord(header);
            for (Leaderboard b : boards) {
                for (Leaderboard.Entry e : b.entries()) {
                    List<Object> row = new ArrayList<>(List.of(CsvCells.text(b.suite()), CsvCells.text(b.metric())));
                    Column.LEADERBOARD.forEach(c -> c.values().apply(b, e).forEach(v -> row.add(v == null ? "" : v instanceof String s ? CsvCells.text(s) : v)));
                    p.printRecord(row);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
