package org.gapbench.publish.report;

import java.time.LocalDate;
import java.util.Locale;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.gapbench.publish.gap.GapAnalysis;
import org.gapbench.publish.gap.GapResult;
import org.gapbench.publish.gap.Saturation;
import org.gapbench.publish.history.HistoryRow;
import org.gapbench.publish.history.HistoryTable;

/**
 * The gap analyses the published report shows, with the parameters docs/gap-analysis.md justifies, and the published
 * figures they are checked against.
 *
 * @param saturated why months behind is not shown as a headline (both frontiers above the benchmark's saturation
 *                  level); null when it is meaningful
 */
record GapSection(String benchmark, String title, String unit, double tolerance, LocalDate since, GapResult result,
                  List<Reproduction> reproductions, String note, String saturated) {

    /**
     * A published figure next to ours, computed from the stored data the same way.
     *
     * @param verdict "reproduced" or "not reproduced", with the tolerance or the reason
     */
    record Reproduction(String claim, String publisher, String published, String ours, String verdict) {
        boolean reproduced() {
            return verdict.startsWith("reproduced");
        }
    }

    /** A gapbench suite's runs as the gap section needs them: the metric its leaderboard ranks by, its dataset. */
    record SuiteFacts(String metric, String dataset) {
    }

    static final LocalDate SINCE_2023 = LocalDate.of(2023, 1, 1);
    static final LocalDate AI_INDEX_ARENA_DATE = LocalDate.of(2025, 2, 15);
    /** The Arena history starts with the 2024-06-19 version: earlier "release dates" (first appearances) are censored. */
    static final LocalDate ARENA_SINCE = LocalDate.of(2024, 7, 1);

    static List<GapSection> standard(HistoryTable table, Map<String, SuiteFacts> suites) {
        List<GapSection> out = new ArrayList<>();
        if (table.benchmarks().contains("eci")) {
            GapResult eci = new GapAnalysis(table, "eci", 2, SINCE_2023).analyze(null);
            GapResult.MonthsBehind m = eci.monthsBehind();
            String publisher = "Epoch AI (Jan 2026)";
            out.add(new GapSection("eci", "Epoch Capabilities Index (ECI)", "ECI points", 2, SINCE_2023, eci, List.of(
                    new Reproduction("Chinese models behind the US frontier since 2023: mean, months", publisher, "about 7",
                            num(m.mean()), within(m.mean(), 7, 0.5, "months")),
                    new Reproduction("... the longest lag, months", publisher, "14", num(m.max()), within(m.max(), 14, 1.5, "months")),
                    new Reproduction("... the shortest lag, months", publisher, "4", num(m.min()) + shortest(m),
                            within(m.min(), 4, 1.5, "months") + (near(m.min(), 4, 1.5) ? "" : "; Epoch measures per day (long "
                                    + "plateaus weigh more), we measure per Chinese frontier release: docs/gap-analysis.md"))),
                    "Tolerance 2 ECI points: Epoch counts a model as caught up when the difference is not significant.", null));
        }
        if (table.benchmarks().contains("lmarena-text")) {
            GapAnalysis arena = new GapAnalysis(table, "lmarena-text", 0, ARENA_SINCE);
            Optional<GapResult.ScoreGap> feb2025 = arena.scoreGap(AI_INDEX_ARENA_DATE);
            out.add(new GapSection("lmarena-text", "LMArena text leaderboard (Arena score)", "Arena score", 0, null, arena.analyze(null),
                    List.of(new Reproduction("Top US vs top Chinese model on the Arena, February 2025", "Stanford AI Index 2025",
                            "1.70%", feb2025.map(g -> String.format(Locale.ROOT, "%.2f%% (%s %.0f vs %s %.0f, as published on %s)", g.percent(),
                                    g.us().model(), g.us().score(), g.cn().model(), g.cn().score(), AI_INDEX_ARENA_DATE)).orElse("no data"),
                            within(feb2025.map(GapResult.ScoreGap::percent).orElse(null), 1.70, 0.10, "points"))),
                    "The Arena publishes no release dates: a model's first appearance on the leaderboard stands in for it, and the "
                            + "stored history starts on 2024-06-19, so months behind counts Chinese releases from July 2024 only. "
                            + "Ratings are those of the leaderboard version current at each date.", null));
        }
        for (String suite : harnessRunBenchmarks(table)) {
            GapResult r = new GapAnalysis(table, suite, 0, null).analyze(null);
            if (!r.usFrontier().isEmpty() && !r.cnFrontier().isEmpty()) {
                SuiteFacts facts = suites.getOrDefault(suite, new SuiteFacts("score", suite));
                out.add(new GapSection(suite, "gapbench runs: " + suite, facts.metric() + " (%)", 0, null, r, List.of(),
                        "Harness-run scores placed by the catalog's release dates and countries; point estimates (their CIs are in the "
                                + "leaderboard above).", Saturation.of(facts.dataset()).flatMap(s -> s.reason(r)).orElse(null)));
            }
        }
        return out;
    }

    private static String shortest(GapResult.MonthsBehind m) {
        return m.perRelease().stream().filter(x -> x.lagMonths() != null && x.lagMonths().equals(m.min())).findFirst()
                .map(x -> " (" + x.model() + " against " + x.matchedModel() + ")").orElse("");
    }

    private static boolean near(Double ours, double published, double tolerance) {
        return ours != null && Math.abs(ours - published) <= tolerance;
    }

    private static String within(Double ours, double published, double tolerance, String unit) {
        return near(ours, published, tolerance) ? "reproduced (within ±" + tolerance + " " + unit + ")"
                : "not reproduced (more than ±" + tolerance + " " + unit + " apart)";
    }

    private static String num(Double d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.1f", d);
    }

    /** Benchmarks that have gapbench runs among their rows (and no published history under the same name). */
    private static SortedSet<String> harnessRunBenchmarks(HistoryTable table) {
        SortedSet<String> runs = new TreeSet<>();
        Set<String> published = new HashSet<>();
        for (HistoryRow r : table.rows()) {
            (HistoryRow.HARNESS_RUN.equals(r.scoreKind()) ? runs : published).add(r.benchmark());
        }
        runs.removeAll(published);
        return runs;
    }
}
