package org.gapbench.score.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.gapbench.results.Summary;
import org.gapbench.stats.Bootstrap;
import org.gapbench.stats.PreferenceWinRate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * AlpacaEval 2.0 reproduced offline: each model's recorded outputs against gpt4_1106_preview's, judged by
 * weighted_alpaca_eval_gpt4_turbo's recorded preferences replayed through the judge road (the baseline shown first,
 * as AlpacaEval's output_1), aggregated as AlpacaEval does: the win rate, its standard error and the win / loss / draw
 * counts equal the published leaderboard CSV (the NOTICE: recomputed to ~1e-9).
 */
class AlpacaEvalReplayTest {
    private static final String JUDGE = "replay:replays/alpaca-eval-weighted-gpt4-turbo-judge.yaml";

    @TempDir
    static Path tmp;

    private static Map<String, CSVRecord> leaderboard() throws Exception {
        Path csv = JudgedReplays.mirror("recorded/alpaca-eval/weighted_alpaca_eval_gpt4_turbo_leaderboard.csv");
        Map<String, CSVRecord> out = new HashMap<>();
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVParser p = CSVParser.builder().setReader(r).setFormat(CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setAllowMissingColumnNames(true).get()).get()) {
            for (CSVRecord rec : p) {
                out.put(rec.get(0), rec);
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"chatglm2-6b", "Qwen-14B-Chat", "FuseChat-Qwen-2.5-7B-Instruct", "claude-2.1", "gpt-3.5-turbo-1106", "NullModel"})
    void theWinRateItsStandardErrorAndTheCountsAreThePublishedOnes(String model) throws Exception {
        var replayed = JudgedReplays.run("alpaca-eval", "alpaca-eval/" + model, List.of(JUDGE), tmp.resolve(model));
        Summary s = replayed.summary();
        assertEquals(805, s.counts().scored());
        assertEquals(0, s.counts().errors());
        double[] p = replayed.records().stream().mapToDouble(r -> r.score().value()).toArray();
        PreferenceWinRate.Result ours = PreferenceWinRate.of(p, Bootstrap.standard());
        CSVRecord published = leaderboard().get(model);
        assertEquals(Double.parseDouble(published.get("win_rate")), 100 * s.metrics().get("weighted_win_rate").value(), 1e-9, "win_rate");
        assertEquals(Double.parseDouble(published.get("standard_error")), 100 * ours.standardError(), 1e-9, "standard_error");
        assertEquals(Integer.parseInt(published.get("n_wins")), ours.wins(), "n_wins");
        assertEquals(Integer.parseInt(published.get("n_wins_base")), ours.losses(), "n_wins_base");
        assertEquals(Integer.parseInt(published.get("n_draws")), ours.draws(), "n_draws");
        assertEquals(Double.parseDouble(published.get("discrete_win_rate")), 100 * s.metrics().get("discrete_win_rate").value(), 1e-9);
        assertEquals(ours.wins() / 805.0, s.metrics().get("win_rate").value(), 1e-12);
    }
}
