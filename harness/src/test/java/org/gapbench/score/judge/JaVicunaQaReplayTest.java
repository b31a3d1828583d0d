package org.gapbench.score.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.gapbench.io.Json;
import org.gapbench.results.SampleRecord;
import org.gapbench.results.Summary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ku-nlp's Japanese Vicuna QA reproduced offline: six models' recorded answers against text-davinci-003's, GPT-4's
 * recorded judgment texts in both orders replayed through the judge road, the upstream rule (a tie when an order says
 * tie or the orders disagree), and the win / lose / adjusted win rates of the NOTICE (show_result.py, 1 decimal).
 */
class JaVicunaQaReplayTest {
    private static final String JUDGE = "replay:replays/ja-vicuna-qa-gpt4-pairwise-judge.yaml";
    private static final Path JUDGMENTS = JudgedReplays.mirror("recorded/ja-vicuna-qa-benchmark/model_judgment_pairwise_gpt-4");
    /** model -> {win %, lose %, adjusted win %} as the NOTICE prints them. */
    private static final Map<String, double[]> PUBLISHED = new LinkedHashMap<>();

    static {
        PUBLISHED.put("cyberagent--calm2-7b-chat", new double[] {70.0, 15.0, 77.5});
        PUBLISHED.put("tokyotech-llm--Swallow-70b-instruct-hf", new double[] {46.2, 42.5, 51.9});
        PUBLISHED.put("llm-jp--llm-jp-13b-instruct-lora-jaster-dolly-oasst-v1.0", new double[] {27.5, 60.0, 33.8});
        PUBLISHED.put("rinna--japanese-gpt-neox-3.6b-instruction-ppo", new double[] {13.8, 75.0, 19.4});
        PUBLISHED.put("llm-jp--llm-jp-13b-instruct-full-jaster-dolly-oasst-v1.0", new double[] {10.0, 82.5, 13.8});
        PUBLISHED.put("rinna--japanese-gpt-neox-3.6b-instruction-sft-v2", new double[] {8.8, 81.2, 13.8});
    }

    @TempDir
    static Path tmp;
    static final Map<String, Summary> summaries = new LinkedHashMap<>();
    static final Map<String, List<SampleRecord>> records = new LinkedHashMap<>();

    @BeforeAll
    static void replayAll() {
        for (String model : PUBLISHED.keySet()) {
            var r = JudgedReplays.run("ja-vicuna-qa", "ja-vicuna-qa/" + model, List.of(JUDGE), tmp.resolve(model));
            summaries.put(model, r.summary());
            records.put(model, r.records());
        }
    }

    /**
     * A rate over 80 questions (a multiple of 1/160) as Python prints it to 1 decimal: exactly, rounding half to even
     * (37/80 = 46.25% prints 46.2).
     */
    private static double pct(double v) {
        return java.math.BigDecimal.valueOf(Math.round(v * 160)).multiply(java.math.BigDecimal.valueOf(100))
                .divide(java.math.BigDecimal.valueOf(160)).setScale(1, java.math.RoundingMode.HALF_EVEN).doubleValue();
    }

    @Test
    void theWinLoseAndAdjustedWinRatesAreThePublishedOnes() {
        for (var e : PUBLISHED.entrySet()) {
            Summary s = summaries.get(e.getKey());
            assertEquals(80, s.counts().scored(), e.getKey());
            assertEquals(0, s.counts().errors(), e.getKey());
            assertEquals(e.getValue()[0], pct(s.metrics().get("win_rate").value()), 1e-9, e.getKey() + " win");
            assertEquals(e.getValue()[1], pct(s.metrics().get("loss_rate").value()), 1e-9, e.getKey() + " lose");
            assertEquals(e.getValue()[2], pct(s.metrics().get("adjusted_win_rate").value()), 1e-9, e.getKey() + " adjusted");
            var ci = s.metrics().get("adjusted_win_rate").ci95();
            assertTrue(ci.get(0) < s.metrics().get("adjusted_win_rate").value() && s.metrics().get("adjusted_win_rate").value() < ci.get(1));
        }
    }

    /** Each order's verdict is the recorded one, mapped to the model's side as upstream maps g2 back. */
    @Test
    void everyVerdictIsTheRecordedOneInItsOrder() throws Exception {
        int verdicts = 0;
        for (String model : PUBLISHED.keySet()) {
            Path file;
            try (var files = Files.list(JUDGMENTS)) {
                file = files.filter(f -> f.getFileName().toString().contains(model)).findFirst().orElseThrow();
            }
            Map<String, String[]> recorded = new HashMap<>();
            String side = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    JsonNode n = Json.MAPPER.readTree(line);
                    side = n.get("model_1").asText().equals(model) ? "model_1" : "model_2";
                    recorded.put(n.get("question_id").asText(), new String[] {n.get("g1_winner").asText(), n.get("g2_winner").asText()});
                }
            }
            for (SampleRecord rec : records.get(model)) {
                String[] g = recorded.get(rec.item());
                Map<String, String> mine = new HashMap<>();
                for (Object o : (List<?>) rec.score().details().get("judges")) {
                    Map<?, ?> v = (Map<?, ?>) o;
                    if ("pairwise".equals(v.get("family"))) {
                        mine.put((String) v.get("order"), (String) v.get("preference"));
                        verdicts++;
                    }
                }
                // g1 shows model_1 first; the subject is first in "model-first"
                String g1 = preference(g[0], side);
                String g2 = preference(g[1], side);
                String modelFirst = side.equals("model_1") ? g1 : g2;
                String baselineFirst = side.equals("model_1") ? g2 : g1;
                assertEquals(modelFirst, mine.get("model-first"), model + "/" + rec.item());
                assertEquals(baselineFirst, mine.get("baseline-first"), model + "/" + rec.item());
            }
        }
        assertEquals(6 * 80 * 2, verdicts);
    }

    private static String preference(String winner, String side) {
        return winner.equals("tie") ? "tie" : winner.equals(side) ? "model" : "baseline";
    }

    @Test
    void theBiasTableGivesTheJudgesPositionAndLengthBias() {
        List<Path> dirs = PUBLISHED.keySet().stream().map(tmp::resolve).toList();
        var r = org.gapbench.publish.judging.JudgeAnalysis.analyse(dirs, org.gapbench.stats.Bootstrap.standard()).get("ja-vicuna-qa");
        var gpt4 = r.judges().get(0);
        assertEquals(480, gpt4.graded());
        double perModel = summaries.values().stream().mapToDouble(s -> s.metrics().get("position_bias_rate").value()).average().orElseThrow();
        assertEquals(perModel, gpt4.positionBias().value(), 1e-12, "the table's rate is the runs' metric, pooled");
        assertTrue(gpt4.positionBias().low() > 0, "GPT-4 favours a position on some questions");
        assertTrue(gpt4.lengthBias().low() > 0, "and longer answers: " + gpt4.lengthBias());
    }

    @Test
    void positionBiasIsMeasured() {
        // GPT-4 gave the same slot in both orders on some questions for every model (e.g. calm2: 7 + 3 of 80)
        double calm2 = summaries.get("cyberagent--calm2-7b-chat").metrics().get("position_bias_rate").value();
        assertEquals(10 / 80.0, calm2, 1e-12);
        for (Summary s : summaries.values()) {
            double v = s.metrics().get("position_bias_rate").value();
            assertTrue(v > 0 && v < 0.2, String.valueOf(v));
        }
    }
}
