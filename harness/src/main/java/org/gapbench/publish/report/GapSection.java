package org.gapbench.publish.report;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.gapbench.publish.gap.GapAnalysis;
import org.gapbench.publish.gap.GapResult;
import org.gapbench.publish.history.HistoryRow;
import org.gapbench.publish.history.HistoryTable;

/**
 * The gap analyses the published report shows, with the parameters docs/gap-analysis.md justifies, and the published
 * figures they are checked against.
 */
record GapSection(String benchmark, String title, String unit, double tolerance, LocalDate since, GapResult result,
                  List<Reproduction> reproductions, String note) {

    /** A published figure next to ours, computed from the stored data the same way. */
    record Reproduction(String claim, String publisher, String published, String ours) {
    }

    static final LocalDate SINCE_2023 = LocalDate.of(2023, 1, 1);
    static final LocalDate AI_INDEX_ARENA_DATE = LocalDate.of(2025, 2, 15);
    /** The Arena history starts with the 2024-06-19 version: earlier "release dates" (first appearances) are censored. */
    static final LocalDate ARENA_SINCE = LocalDate.of(2024, 7, 1);

    static List<GapSection> standard(HistoryTable table) {
        List<GapSection> out = new java.util.ArrayList<>();
        if (table.benchmarks().contains("eci")) {
            GapResult eci = new GapAnalysis(table, "eci", 2, SINCE_2023).analyze(null);
            out.add(new GapSection("eci", "Epoch Capabilities Index (ECI)", "ECI points", 2, SINCE_2023, eci, List.of(
                    new Reproduction("Chinese models behind the US frontier since 2023, mean months", "Epoch AI (Jan 2026)",
                            "about 7 (min 4, max 14)", String.format("%.1f (min %.1f, max %.1f)", eci.monthsBehind().mean(),
                                    eci.monthsBehind().min(), eci.monthsBehind().max()))),
                    "Tolerance 2 ECI points: Epoch counts a model as caught up when the difference is not significant."));
        }
        if (table.benchmarks().contains("lmarena-text")) {
            GapAnalysis arena = new GapAnalysis(table, "lmarena-text", 0, ARENA_SINCE);
            Optional<GapResult.ScoreGap> feb2025 = arena.scoreGap(AI_INDEX_ARENA_DATE);
            out.add(new GapSection("lmarena-text", "LMArena text leaderboard (Arena score)", "Arena score", 0, null, arena.analyze(null),
                    List.of(new Reproduction("Top US vs top Chinese model on the Arena, February 2025", "Stanford AI Index 2025",
                            "1.70%", feb2025.map(g -> String.format("%.2f%% (%s %.0f vs %s %.0f, as published on %s)", g.percent(),
                                    g.us().model(), g.us().score(), g.cn().model(), g.cn().score(), AI_INDEX_ARENA_DATE)).orElse("no data"))),
                    "The Arena publishes no release dates: a model's first appearance on the leaderboard stands in for it, and the "
                            + "stored history starts on 2024-06-19, so months behind counts Chinese releases from July 2024 only. "
                            + "Ratings are those of the leaderboard version current at each date."));
        }
        for (String suite : harnessRunBenchmarks(table)) {
            GapResult r = new GapAnalysis(table, suite, 0, null).analyze(null);
            if (!r.usFrontier().isEmpty() && !r.cnFrontier().isEmpty()) {
                out.add(new GapSection(suite, "gapbench runs: " + suite, "% (suite's first metric)", 0, null, r, List.of(),
                        "Harness-run scores placed by the catalog's release dates and countries; point estimates (their CIs are in the "
                                + "leaderboard above)."));
            }
        }
        return out;
    }

    /** Benchmarks that have gapbench runs among their rows (and no published history under the same name). */
    private static java.util.SortedSet<String> harnessRunBenchmarks(HistoryTable table) {
        java.util.SortedSet<String> runs = new java.util.TreeSet<>();
        java.util.Set<String> published = new java.util.HashSet<>();
        for (var r : table.rows()) {
            (HistoryRow.HARNESS_RUN.equals(r.scoreKind()) ? runs : published).add(r.benchmark());
        }
        runs.removeAll(published);
        return runs;
    }
}
