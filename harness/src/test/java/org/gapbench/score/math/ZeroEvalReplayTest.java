package org.gapbench.score.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.gapbench.dataset.Item;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The zeroeval scorer on ZeroEval's own recorded generations: every published accuracy and no-answer rate
 * (result_dirs/{gsm,math-l5}.summary.json) must come out exactly at two decimals, and every item's verdict must equal
 * the replay verdict stored beside the generations.
 */
class ZeroEvalReplayTest {
    private static final Path DIR = Recorded.recorded("zeroeval-gsm8k-math");

    static Stream<Arguments> files() {
        List<Arguments> out = new ArrayList<>();
        for (String task : List.of("gsm", "math-l5")) {
            for (String f : new java.io.File(DIR.resolve(task).toString()).list()) {
                out.add(Arguments.of(task, f.replace(".slim.jsonl.gz", "")));
            }
        }
        return out.stream().sorted((a, b) -> (a.get()[0] + "/" + a.get()[1]).compareTo(b.get()[0] + "/" + b.get()[1]));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("files")
    void reproducesPublishedAccuracyAndEveryVerdict(String task, String model) throws Exception {
        Map<String, JsonNode> verdicts = new HashMap<>();
        for (JsonNode v : Recorded.jsonl(DIR.resolve(task + ".replay_verdicts.jsonl.gz"))) {
            if (v.get("model_file").asText().equals(model)) {
                verdicts.put(v.get("id").asText(), v);
            }
        }
        // Upstream applies its \boxed{} fallback only to files whose model name contains "Llama-3.1".
        ZeroEvalScorer scorer = new ZeroEvalScorer(new ZeroEvalScorer.Options("answer", model.contains("Llama-3.1")));
        int correct = 0;
        int noAnswer = 0;
        List<String> mismatches = new ArrayList<>();
        List<JsonNode> rows = Recorded.jsonl(DIR.resolve(task).resolve(model + ".slim.jsonl.gz"));
        for (JsonNode row : rows) {
            String id = row.get("id").asText();
            Item item = new Item(id, Map.of("answer", row.get("answer").asText()));
            Score s = scorer.score(item, new ModelOutput(row.get("output").get(0).asText(), null));
            correct += s.isCorrect() ? 1 : 0;
            noAnswer += "no-answer".equals(s.rule()) ? 1 : 0;
            JsonNode v = verdicts.get(id);
            if (v.get("matched").asBoolean() != s.isCorrect() || v.get("no_answer").asBoolean() != "no-answer".equals(s.rule())) {
                mismatches.add(id + " expected " + v + " got " + s);
            }
        }
        assertTrue(mismatches.isEmpty(), mismatches.size() + " item verdicts differ: " + mismatches.subList(0, Math.min(5, mismatches.size())));
        JsonNode published = published(task, model);
        assertEquals(published.get("Acc").asText(), String.format(Locale.ROOT, "%.2f", 100.0 * correct / rows.size()));
        assertEquals(published.get("No answer").asText(), String.format(Locale.ROOT, "%.2f", 100.0 * noAnswer / rows.size()));
    }

    private static JsonNode published(String task, String model) throws Exception {
        String name = model.equals("deepseek-chat") ? "deepseek-v2-chat-0628" : model; // upstream model_name_replacement
        for (JsonNode n : org.gapbench.io.Json.MAPPER.readTree(DIR.resolve(task + ".summary.json").toFile())) {
            if (n.get("Model").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no published row for " + name);
    }
}
