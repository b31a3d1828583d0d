package org.gapbench.publish.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.util.List;
import org.gapbench.publish.gap.GapAnalysis;
import org.gapbench.publish.gap.GapResult;
import org.gapbench.publish.history.HistoryTable;
import org.gapbench.testing.TestSupport;
import org.junit.jupiter.api.Test;

/** The charts people read: labels that never overlap, names in Chinese and Japanese that render. */
class ChartsTest {
    private static final HistoryTable HISTORY = HistoryTable.load(TestSupport.home().resolve("datasets/history/scores.csv"));

    /** On the ECI frontiers o1-mini was drawn over DeepSeek-R1 and o1 over Qwen3-235B. */
    @Test
    void frontierLabelsNeverOverlapAndTheNewestReleasesAreNamed() {
        GapResult eci = new GapAnalysis(HISTORY, "eci", 2, GapSection.SINCE_2023).analyze(null);
        Charts.Image image = Charts.frontier(eci, "ECI", "ECI points", "Source: test");
        assertNoOverlap(image.labels());
        List<String> named = image.labels().stream().map(Charts.Placed::text).toList();
        assertTrue(named.contains(eci.usFrontier().get(eci.usFrontier().size() - 1).model()), named.toString());
        assertTrue(named.contains(eci.cnFrontier().get(eci.cnFrontier().size() - 1).model()), named.toString());
        assertTrue(named.size() >= 15, "most releases still get a name: " + named);
        assertTrue(image.svg().contains("Source: test"), "the source line is inside the image");
        assertNoOverlap(Charts.monthsBehind(eci, "months", "Source: test").labels());
        GapResult arena = new GapAnalysis(HISTORY, "lmarena-text", 0, GapSection.ARENA_SINCE).analyze(null);
        assertNoOverlap(Charts.frontier(arena, "Arena", "Arena score", "Source: test").labels());
    }

    private static void assertNoOverlap(List<Charts.Placed> labels) {
        for (int i = 0; i < labels.size(); i++) {
            for (int j = i + 1; j < labels.size(); j++) {
                assertFalse(labels.get(i).box().intersects(labels.get(j).box()), labels.get(i) + " overlaps " + labels.get(j));
            }
        }
    }

    @Test
    void chineseAndJapaneseNamesRender() {
        Font font = new Font(Charts.FAMILY, Font.PLAIN, 13);
        assertEquals(-1, font.canDisplayUpTo("通义千问 深度求索 文心一言 敬語 ソフトバンク"), Charts.FAMILY
                + " cannot draw CJK names: install fonts-noto-cjk (.ci/run does)");
        assertTrue(Charts.FAMILY.startsWith("Noto Sans CJK"), Charts.FAMILY);
    }
}
