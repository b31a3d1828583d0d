package org.gapbench.score.code;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gapbench.dataset.Item;
import org.gapbench.io.Json;
import org.gapbench.score.ItemResult;
import org.gapbench.score.Metrics;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.score.Scorer;
import org.gapbench.score.ScoringContext;
import org.gapbench.score.registry.ScoringPlan;
import org.gapbench.stats.Metric;
import org.junit.jupiter.api.Test;

/**
 * openai/human-eval's own sanity fixture: six hand-written completions of a toy problem, of which the README
 * says pass@1 must be 0.5 (a destructive subprocess call, a 10 s sleep and an input() call must fail).
 */
class RecordedHumanEvalExamplesTest {
    private static final Path DIR = CodingFixtures.mirror().resolve("recorded/openai-human-eval-examples");

    @Test
    void reproducesThePublishedPassAt1AndTheUnbiasedPassAtK() throws IOException {
        JsonNode problem = Json.MAPPER.readTree(Files.readAllLines(DIR.resolve("example_problem.jsonl")).get(0));
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String f : List.of("prompt", "canonical_solution", "test", "entry_point")) {
            fields.put(f, problem.get(f).asText());
        }
        Item item = new Item(problem.get("task_id").asText(), fields);
        // the humaneval suite's own scorer block, so the fixture checks what users run
        Scorer scorer = ScoringPlan.scorer(CodingFixtures.preparer().suite("humaneval").scorer(), ScoringContext.standard());
        List<String> completions = new ArrayList<>();
        for (String line : Files.readAllLines(DIR.resolve("example_samples.jsonl"))) {
            completions.add(Json.MAPPER.readTree(line).get("completion").asText());
        }

        List<Score> scores = completions.parallelStream().map(c -> scorer.score(item, new ModelOutput(c, null))).toList();

        assertEquals(List.of("runtime-error", "timeout", "runtime-error", "passed", "passed", "passed"),
                scores.stream().map(Score::rule).toList(), () -> scores.toString());
        Map<String, Object> slept = scores.get(1).details();
        long reference = ((Number) slept.get("reference_ms")).longValue();
        assertEquals(Math.max(3000L, Math.min(30_000L, 10 * reference)), ((Number) slept.get("timeout_ms")).longValue(),
                "reference time x 10 within [3 s (human-eval's default), 30 s]");
        ItemResult result = new ItemResult(item.id(), item.id(), Map.of(), scores);
        Map<String, Double> passAt = new LinkedHashMap<>();
        for (Metric<ItemResult> m : Metrics.resolve("pass@k", scores.size())) {
            passAt.put(m.name(), ((Metric.ItemMean<ItemResult>) m).valueOf(result));
        }
        assertEquals(0.5, passAt.get("pass@1"), 1e-12, "README: {'pass@1': 0.4999999999999999}");
        assertEquals(1 - 3.0 / 15, passAt.get("pass@2"), 1e-12); // 1 - C(3,2)/C(6,2)
        assertEquals(1 - 1.0 / 20, passAt.get("pass@3"), 1e-12); // 1 - C(3,3)/C(6,3)
        assertEquals(1.0, passAt.get("pass@4"), 1e-12);
        assertEquals(1.0, passAt.get("pass@6"), 1e-12);
    }
}
