package org.gapbench.publish.gap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.gapbench.publish.history.HistoryRow;
import org.gapbench.publish.history.HistorySource;
import org.gapbench.publish.history.HistoryTable;
import org.gapbench.testing.TestSupport;
import org.junit.jupiter.api.Test;

class GapAnalysisTest {
    private static final Path HISTORY = TestSupport.home().resolve("datasets/history").resolve(HistoryTable.SCORES);

    private static HistoryRow row(String model, String country, String released, double score) {
        return new HistoryRow(model, "org", country, LocalDate.parse(released), country.equals("CN"), null, "bench", score,
                HistoryRow.THIRD_PARTY, "src", null);
    }

    private static HistoryTable table(HistoryRow... rows) {
        return new HistoryTable(List.of(rows), List.of(new HistorySource("src", "p", "t", "u", "o", "l", "a")));
    }

    @Test
    void lagIsTimeSinceTheUsFrontierFirstReachedTheChineseScore() {
        HistoryTable t = table(row("us1", "US", "2023-01-01", 100), row("us2", "US", "2023-07-01", 120),
                row("cn1", "CN", "2023-04-01", 99), row("cn2", "CN", "2024-01-01", 119), row("cn3", "CN", "2024-02-01", 130));
        GapResult r = new GapAnalysis(t, "bench", 0, null).analyze(null);
        List<GapResult.Release> releases = r.monthsBehind().perRelease();
        assertEquals(3, releases.size());
        assertEquals("us1", releases.get(0).matchedModel());
        assertEquals(90 / GapAnalysis.DAYS_PER_MONTH, releases.get(0).lagMonths(), 1e-9);
        assertEquals("us2", releases.get(1).matchedModel());
        assertEquals(184 / GapAnalysis.DAYS_PER_MONTH, releases.get(1).lagMonths(), 1e-9);
        assertNull(releases.get(2).matchedModel(), "a Chinese release above every US release is not matched");
        assertEquals(1, r.monthsBehind().unmatched());
        assertEquals((90 + 184) / 2 / GapAnalysis.DAYS_PER_MONTH, r.monthsBehind().mean(), 1e-9);
    }

    @Test
    void toleranceLetsAnEarlierUsReleaseWithinNoiseCount() {
        HistoryTable t = table(row("us1", "US", "2023-01-01", 100), row("us2", "US", "2023-07-01", 120), row("cn", "CN", "2024-01-01", 101));
        assertEquals("us2", new GapAnalysis(t, "bench", 0, null).analyze(null).monthsBehind().perRelease().get(0).matchedModel());
        assertEquals("us1", new GapAnalysis(t, "bench", 2, null).analyze(null).monthsBehind().perRelease().get(0).matchedModel());
    }

    @Test
    void scoreGapIsUsFrontierMinusChineseFrontierInPointsAndPercent() {
        HistoryTable t = table(row("us1", "US", "2023-01-01", 110), row("us0", "US", "2023-02-01", 90), row("cn1", "CN", "2023-03-01", 100),
                row("cn2", "CN", "2023-09-01", 105));
        GapResult.ScoreGap g = new GapAnalysis(t, "bench", 0, null).scoreGap(LocalDate.of(2023, 6, 1)).orElseThrow();
        assertEquals("us1", g.us().model(), "the frontier is a running maximum: a weaker later release does not lower it");
        assertEquals("cn1", g.cn().model(), "releases after the date are not known yet");
        assertEquals(10, g.points(), 1e-9);
        assertEquals(10.0, g.percent(), 1e-9);
    }

    /** Epoch AI (Jan 2026): since 2023 Chinese models lagged the US frontier by about seven months on average (min 4, max 14). */
    @Test
    void reproducesEpochSevenMonthsOnEci() {
        GapResult r = new GapAnalysis(HistoryTable.load(HISTORY), "eci", 2, LocalDate.of(2023, 1, 1)).analyze(null);
        assertEquals(7.0, r.monthsBehind().mean(), 0.5, "mean months behind on ECI since 2023");
        assertEquals(14.0, r.monthsBehind().max(), 1.5, "longest lag (GPT-4 unmatched until mid-2024)");
        assertTrue(r.usFrontier().size() > 10 && r.cnFrontier().size() > 10);
    }

    /** Stanford AI Index 2025: the top US model led the top Chinese model on the Arena by 1.70% in February 2025. */
    @Test
    void reproducesAiIndexArenaGapOfFebruary2025() {
        GapResult.ScoreGap g = new GapAnalysis(HistoryTable.load(HISTORY), "lmarena-text", 0, null)
                .scoreGap(LocalDate.of(2025, 2, 15)).orElseThrow();
        assertEquals(1.70, g.percent(), 0.10);
        assertEquals("DeepSeek-R1", g.cn().model());
    }

    @Test
    void gapCommandPrintsTheContractJson() throws Exception {
        TestSupport.Cli cli = TestSupport.gapbench("gap", "--benchmark", "lmarena-text", "--at", "2025-02-15", "--json");
        assertEquals(0, cli.exit(), cli.err());
        com.fasterxml.jackson.databind.JsonNode j = org.gapbench.io.Json.MAPPER.readTree(cli.out());
        assertEquals("lmarena-text", j.get("benchmark").asText());
        assertTrue(j.at("/months_behind/per_release/0").has("matched_us_model") && j.at("/months_behind/per_release/0").has("lag_months"));
        assertTrue(j.at("/months_behind").has("mean"));
        assertEquals("2025-02-15", j.at("/score_gap/0/date").asText());
        assertEquals(1384, j.at("/score_gap/0/us/score").asDouble(), 0);
        assertEquals(1.69, j.at("/score_gap/0/percent").asDouble(), 0.01);
    }

    @Test
    void unknownBenchmarkIsAOneLineUsageError() {
        TestSupport.Cli cli = TestSupport.gapbench("gap", "--benchmark", "no-such-bench");
        assertEquals(2, cli.exit());
        assertTrue(cli.err().startsWith("gapbench: no history for benchmark 'no-such-bench'; known: ") && cli.err().lines().count() == 1, cli.err());
    }
}
