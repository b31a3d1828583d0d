package org.gapbench.score.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.gapbench.config.Home;
import org.gapbench.model.Catalog;
import org.gapbench.model.GenerationParams;
import org.gapbench.model.resilient.RetryPolicy;
import org.gapbench.results.Summary;
import org.gapbench.run.Evaluation;
import org.gapbench.run.PreparedRun;
import org.gapbench.run.RunListener;
import org.gapbench.run.RunPreparer;
import org.gapbench.run.RunRequest;
import org.gapbench.score.ScoringContext;
import org.gapbench.testing.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The math suites end to end through the real pipeline: suite file, manifest with sha256, provider, journal, summary. */
class MathSuitesPipelineTest {
    private static final Home HOME = new Home(TestSupport.home());
    private static final RunPreparer PREPARER = new RunPreparer(HOME, TestSupport.store(), Catalog.load(HOME.catalog()));

    @TempDir
    Path out;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gsm8k", "gsm8k-zeroeval", "math500", "aime2024", "aime2025", "cmath", "mgsm-bn", "mgsm-de", "mgsm-en",
        "mgsm-es", "mgsm-fr", "mgsm-ja", "mgsm-ru", "mgsm-sw", "mgsm-te", "mgsm-th", "mgsm-zh"})
    void oracleScoresEveryItemCorrect(String suite) {
        Summary s = run(suite, "oracle:gold", null);
        assertEquals(s.counts().items(), s.counts().scored(), "every item scored");
        assertEquals(0, s.counts().errors());
        assertEquals(1.0, s.metrics().get("accuracy").value(), suite + " with the oracle");
    }

    /** ZeroEval's recorded GSM8K generations replayed through the pipeline reproduce the published accuracy. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gpt-4o-2024-05-13:95.38:0", "Meta-Llama-3.1-8B-Instruct:84.00:5"})
    void zeroEvalReplayThroughPipeline(String spec) throws Exception {
        String[] p = spec.split(":");
        Path file = Recorded.recorded("zeroeval-gsm8k-math").resolve("gsm").resolve(p[0] + ".slim.jsonl.gz");
        Summary s = run("gsm8k-zeroeval", "replay:" + file, null);
        assertEquals(p[1], String.format(Locale.ROOT, "%.2f", 100 * s.metrics().get("accuracy").value()));
        assertEquals(Integer.parseInt(p[2]), s.counts().noAnswer());
        assertEquals(1319, s.counts().scored());
    }

    /** Every journaled sample explains itself: extracted answer, normalized form, gold and the deciding rule. */
    @Test
    void journalCarriesTheEvidenceOfEachVerdict() throws Exception {
        Path file = Recorded.recorded("zeroeval-gsm8k-math").resolve("gsm").resolve("Qwen2-72B-Instruct.slim.jsonl.gz");
        run("gsm8k", "replay:" + file, 40);
        List<String> lines = Files.readAllLines(out.resolve("samples.jsonl"));
        assertEquals(40, lines.size());
        for (String line : lines) {
            JsonNode score = org.gapbench.io.Json.MAPPER.readTree(line).get("score");
            assertNotNull(score, line);
            assertTrue(score.hasNonNull("rule") && score.hasNonNull("gold"), line);
            if (!score.get("rule").asText().equals("no-answer")) {
                assertTrue(score.hasNonNull("answer") && score.hasNonNull("normalized"), line);
                assertTrue(score.get("details").has("extraction") && score.get("details").has("comparison"), line);
            }
        }
    }

    private Summary run(String suite, String model, Integer limit) {
        PreparedRun run = PREPARER.prepare(RunRequest.builder(suite, model).limit(limit).build());
        return Evaluation.builder().concurrency(2).rpm(0).tpm(0).timeout(Duration.ofSeconds(30)).build().run(run, out).summary();
    }
}
