package org.gapbench.score.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gapbench.dataset.DatasetManifest;
import org.gapbench.dataset.DatasetReader;
import org.gapbench.dataset.Item;
import org.gapbench.run.Evaluation;
import org.gapbench.run.PreparedRun;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.score.Scorer;
import org.gapbench.score.ScoringContext;
import org.gapbench.score.registry.ScoringPlan;
import org.gapbench.suite.PromptTemplate;
import org.gapbench.suite.SuiteSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every canonical solution passes its own tests in the sandbox, so the oracle scores 100% on every coding suite. */
class CanonicalSolutionsTest {

    @ParameterizedTest
    @CsvSource({"humaneval, 164", "mbpp, 257", "humaneval-java, 164"})
    void oracleScoresEveryItemOfTheSuite(String suite, int items, @TempDir Path out) {
        PreparedRun run = CodingFixtures.prepare(suite, "oracle:gold", null, null);
        Evaluation.Outcome o = CodingFixtures.evaluation().run(run, out);
        assertTrue(o.complete(), () -> o.summary().errorsByClass().toString());
        assertEquals(items, o.summary().counts().scored());
        assertEquals(0, o.summary().counts().errors());
        assertEquals(1.0, o.summary().metrics().get("pass@1").value());
    }

    /** The suite keeps MBPP's test split; the other 170 sanitized problems must pass too (427/427). */
    @Test
    void mbppProblemsOutsideTheTestSplitPassToo() throws Exception {
        var preparer = CodingFixtures.preparer();
        SuiteSpec suite = preparer.suite("mbpp");
        DatasetManifest m = preparer.manifest(suite);
        DatasetManifest all = new DatasetManifest(m.source(), m.id(), m.version(), m.title(), m.license(), m.commercialUse(),
                m.sourceUrl(), m.citation(), m.files(), m.fields(), null, m.corrections(), false);
        List<Item> items = new DatasetReader(CodingFixtures.store()).read(all, suite.split());
        assertEquals(427, items.size());
        List<Item> rest = items.stream().filter(i -> {
            long id = ((Number) i.fields().get("task_id")).longValue();
            return id < 11 || id > 510;
        }).toList();
        assertEquals(170, rest.size());
        Scorer scorer = ScoringPlan.scorer(suite.scorer(), ScoringContext.standard());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Score>> scores = rest.stream()
                    .map(i -> pool.submit(() -> scorer.score(i, new ModelOutput(PromptTemplate.renderText(suite.oracle(), i), null))))
                    .toList();
            for (int k = 0; k < rest.size(); k++) {
                Score s = scores.get(k).get();
                assertEquals("passed", s.rule(), rest.get(k).id() + ": " + s.details());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
