package org.gapbench.publish.gate;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gapbench.config.ConfigException;
import org.gapbench.io.Json;
import org.gapbench.results.RunTally;
import org.gapbench.results.Summary;

/**
 * A baseline taken from a published report's {@code results.json} ({@code gapbench report}): one leaderboard entry,
 * the value and 95% CI of one model on one suite. It has no per-item scores and no suite version, so it can be
 * compared only unpaired, on the suite id.
 */
final class ReportBaseline {
    static final String FORMAT_PREFIX = "gapbench-report/";

    private ReportBaseline() {
    }

    static boolean isReport(JsonNode root) {
        return root.path("format").asText("").startsWith(FORMAT_PREFIX);
    }

    /**
     * @param suite the candidate's suite
     * @param model the entry to take: {@code --baseline-model}, else the candidate's model name
     */
    static RunResults entry(Path file, JsonNode root, String suite, String model, boolean modelGiven) {
        for (JsonNode board : root.path("suites")) {
            if (!board.path("suite").asText().equals(suite)) {
                continue;
            }
            List<String> models = new ArrayList<>();
            for (JsonNode e : board.path("entries")) {
                models.add(e.path("model").asText());
                if (e.path("model").asText().equals(model)) {
                    return results(file, suite, board.path("metric").asText(), e);
                }
            }
            if (!modelGiven && board.path("entries").size() == 1) {
                return results(file, suite, board.path("metric").asText(), board.path("entries").get(0));
            }
            throw new ConfigException(file, 0, "no leaderboard entry for model " + model + " on suite " + suite
                    + "; name one with --baseline-model (entries: " + String.join(", ", models) + ")");
        }
        throw new ConfigException(file, 0, "the report has no leaderboard for suite " + suite);
    }

    private static RunResults results(Path file, String suite, String metric, JsonNode e) {
        JsonNode ci = e.path("ci95");
        Summary.MetricValue value = new Summary.MetricValue(e.path("value").asDouble(),
                ci.isArray() && ci.size() == 2 ? List.of(ci.get(0).asDouble(), ci.get(1).asDouble()) : null);
        int items = e.path("items_scored").asInt();
        Summary summary = new Summary(suite, null, e.path("model").asText(), Map.of(metric, value),
                new Summary.Counts(items, items, items, items, 0, 0, 0, 0, 0), Map.of(), Map.of(), null, null, true,
                e.path("run_fingerprint").asText(null), Map.of());
        return new RunResults(file, suite, summary.model(), null, Map.of(), new RunTally(items, items, 0, 0, 0, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0), summary);
    }

    static JsonNode read(Path file) {
        try {
            return Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException(file, 0, "unreadable JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
