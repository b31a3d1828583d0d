package org.gapbench.score.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.gapbench.config.Home;
import org.gapbench.dataset.DataStore;
import org.gapbench.model.Catalog;
import org.gapbench.results.RunDirectory;
import org.gapbench.results.Summary;
import org.gapbench.run.Evaluation;
import org.gapbench.run.PreparedRun;
import org.gapbench.run.RunPreparer;
import org.gapbench.run.RunRequest;
import org.gapbench.stats.Bootstrap;
import org.gapbench.stats.PreferenceWinRate;
import org.gapbench.testing.TestSupport;
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
    private static final Home HOME = new Home(TestSupport.home());
    private static final DataStore STORE = TestSupport.store();
    private static final RunPreparer PREPARER = new RunPreparer(HOME, STORE, Catalog.load(HOME.catalog()));
    private static final String JUDGE = "replay:replays/alpaca-eval-weighted-gpt4-turbo-judge.yaml";

    @TempDir
    static Path tmp;

    private static Map<String, CSVRecord> leaderboard() throws Exception {
        Path csv = STORE.searchPath().get(0).resolve("recorded/alpaca-eval/weighted_alpaca_eval_gpt4_turbo_leaderboard.csv");
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
        PreparedRun run = PREPARER.prepare(RunRequest.builder("alpaca-eval", "replay:replays/alpaca-eval/" + model + ".yaml")
                .judges(List.of(JUDGE)).build());
        Path out = tmp.resolve(model);
        Summary s = Evaluation.builder().concurrency(4).timeout(Duration.ofSeconds(30)).build().run(run, out).summary();
        assertEquals(805, s.counts().scored());
        assertEquals(0, s.counts().errors());
        double[] p;
        try (RunDirectory dir = RunDirectory.openExisting(out)) {
            p = dir.reader().latest().values().stream().mapToDouble(r -> r.score().value()).toArray();
        }
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
