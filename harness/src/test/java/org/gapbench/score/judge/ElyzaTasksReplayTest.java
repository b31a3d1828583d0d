package org.gapbench.score.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gapbench.publish.judging.JudgeAnalysis;
import org.gapbench.results.SampleRecord;
import org.gapbench.results.Summary;
import org.gapbench.score.JudgeVerdict;
import org.gapbench.stats.Bootstrap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ELYZA-tasks-100 reproduced offline: three Japanese models' recorded answers judged by a panel of Command-R+'s three
 * recorded grade runs (replay judges on the judge road, read by gpt4-autoeval's JSON rule, 1-5). Each run's mean per
 * model equals the NOTICE's (2 decimals), each judge's verdicts are kept apart, and the three runs' agreement with each
 * other — one judge's run-to-run variance — is measured.
 */
class ElyzaTasksReplayTest {
    private static final List<String> TAKES = List.of("replay:replays/elyza-tasks-100-cmdr-plus-take1.yaml",
            "replay:replays/elyza-tasks-100-cmdr-plus-take2.yaml", "replay:replays/elyza-tasks-100-cmdr-plus-take3.yaml");
    /** The NOTICE: recorded Command-R+ means, take 1 / 2 / 3, n = 100. */
    private static final Map<String, double[]> PUBLISHED = new LinkedHashMap<>();

    static {
        PUBLISHED.put("cyberagent_calm2-7b-chat", new double[] {2.57, 2.61, 2.56});
        PUBLISHED.put("karakuri-ai_karakuri-lm-70b-chat-v0.1-gguf-q4km-hf", new double[] {3.53, 3.39, 3.41});
        PUBLISHED.put("tokyotech-llm_Swallow-7b-instruct", new double[] {2.37, 2.40, 2.30});
    }

    @TempDir
    static Path tmp;
    static final Map<String, Summary> summaries = new LinkedHashMap<>();
    static final Map<String, List<SampleRecord>> records = new LinkedHashMap<>();

    @BeforeAll
    static void replayAll() {
        for (String model : PUBLISHED.keySet()) {
            var r = JudgedReplays.run("elyza-tasks-100-cmdr", "elyza-tasks-100/" + model, TAKES, tmp.resolve(model));
            summaries.put(model, r.summary());
            records.put(model, r.records());
        }
    }

    @Test
    void eachRecordedJudgeRunGivesThePublishedMean() {
        for (var e : PUBLISHED.entrySet()) {
            assertEquals(100, summaries.get(e.getKey()).counts().scored(), e.getKey());
            assertEquals(0, summaries.get(e.getKey()).counts().errors(), e.getKey());
            double panel = 0;
            for (int t = 0; t < 3; t++) {
                String take = TAKES.get(t);
                double mean = records.get(e.getKey()).stream().mapToDouble(r -> JudgeVerdict.gradesByJudge(r.score()).get(take)).average().orElseThrow();
                assertEquals(e.getValue()[t], Math.round(mean * 100) / 100.0, 1e-9, e.getKey() + " take " + (t + 1));
                assertEquals(mean, summaries.get(e.getKey()).byJudge().get(take).value(), 1e-12, "the summary keeps each judge apart");
                panel += mean / 3;
            }
            assertEquals(panel, summaries.get(e.getKey()).metrics().get("judge_rating").value(), 1e-9, "the panel is the mean of the three");
        }
        for (SampleRecord r : records.get("cyberagent_calm2-7b-chat")) {
            List<JudgeVerdict> v = JudgeVerdict.of(r.score());
            assertEquals(3, v.size());
            assertEquals("json-grade", v.get(0).rule());
            assertEquals("gpt4-autoeval-cohere", v.get(0).prompt());
            assertEquals(5.0, v.get(0).scaleMax());
        }
    }

    @Test
    void theThreeRunsOfOneJudgeAgreeOnlyPartly() {
        List<Path> dirs = PUBLISHED.keySet().stream().map(tmp::resolve).toList();
        JudgeAnalysis.Result r = JudgeAnalysis.analyse(dirs, Bootstrap.standard()).get("elyza-tasks-100-cmdr");
        assertEquals(3, r.agreement().size());
        for (JudgeAnalysis.Agreement a : r.agreement()) {
            assertEquals(300, a.answers());
            double rho = a.spearman().value();
            // the same judge on the same answers: strongly but not perfectly rank-consistent
            assertTrue(rho > 0.6 && rho < 0.99, a.judgeA() + " / " + a.judgeB() + ": " + rho);
            assertTrue(a.spearman().low() < rho && rho < a.spearman().high());
        }
    }
}
