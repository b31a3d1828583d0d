package org.gapbench.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.gapbench.config.ConfigException;
import org.gapbench.dataset.Item;
import org.gapbench.io.Json;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Scorer;
import org.gapbench.score.ScoringContext;
import org.gapbench.score.registry.ScoringPlan;
import org.gapbench.suite.ScorerConfig;

/**
 * Figure 5: answers checked per second by the project's math checker on real recorded generations (ZeroEval's
 * GSM8K outputs of 12 US and Chinese models, 12 x 1319), looked up by name like any suite's scorer.
 */
final class CheckerThroughput {

    /** @param correct answers the checker accepted (a sanity check that it parsed the outputs, not a score) */
    record Result(String scorer, int files, int answers, int correct, double seconds, int threads) {
        double perSecond() {
            return answers / seconds;
        }
    }

    private record Case(Item item, ModelOutput output) {
    }

    private CheckerThroughput() {
    }

    static Result measure(Path recordedGsmDir, ScoringContext context) {
        String name = "math";
        Scorer scorer = ScoringPlan.scorer(new ScorerConfig(name, Map.of()), context);
        List<Case> cases = new ArrayList<>();
        int files = load(recordedGsmDir, cases);
        if (cases.isEmpty()) {
            throw new ConfigException(recordedGsmDir + ": no recorded generations (*.jsonl.gz) found");
        }
        check(scorer, cases); // warm-up: the first pass also pays for class loading and JIT compilation
        long t0 = System.nanoTime();
        int correct = check(scorer, cases);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(name, files, cases.size(), correct, seconds, Runtime.getRuntime().availableProcessors());
    }

    private static int check(Scorer scorer, List<Case> cases) {
        return cases.parallelStream().mapToInt(c -> scorer.score(c.item(), c.output()).isCorrect() ? 1 : 0).sum();
    }

    private static int load(Path dir, List<Case> into) {
        int files = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.jsonl.gz")) {
            for (Path f : ds) {
                files++;
                try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(f)),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (!line.isBlank()) {
                            JsonNode n = Json.MAPPER.readTree(line);
                            String gold = n.path("answer").asText().replaceFirst("^#\\s*", "");
                            Item item = new Item(n.path("id").asText(), Map.of("question", n.path("question").asText(), "answer", gold));
                            into.add(new Case(item, new ModelOutput(n.path("output").path(0).asText(""), null)));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the recorded generations in " + dir + ": " + e.getMessage(), e);
        }
        return files;
    }
}
