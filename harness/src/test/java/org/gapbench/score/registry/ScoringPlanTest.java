package org.gapbench.score.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gapbench.config.ConfigException;
import org.gapbench.dataset.Item;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.ScoringContext;
import org.gapbench.stats.Metric;
import org.gapbench.suite.SuiteLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Binding a suite to its scorer: the family reads typed options, and every mistake in the scorer block or the metric
 * list is a {@code file:line} error naming what is wrong, never a fallback to a default or an exception mid-run.
 */
class ScoringPlanTest {
    @TempDir
    Path tmp;

    static final String SUITE = """
            id: demo-suite
            version: "2"
            dataset: gsm8k
            prompt:
              user: "Q: {{question}}"
            oracle: "\\\\boxed{ {{answer}} }"
            scorer:
              name: math
              gold_field: answer
              answer_kind: latex
            metrics: [accuracy, pass@k]
            samples: 3
            """;

    private ScoringPlan plan(String text) throws Exception {
        Path f = tmp.resolve("s.yaml");
        Files.writeString(f, text);
        return ScoringPlan.of(SuiteLoader.load(f));
    }

    private ConfigException bad(String text) throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> plan(text));
        assertTrue(e.oneLine().startsWith(tmp.resolve("s.yaml") + ":" + e.line() + ": "), e.oneLine());
        return e;
    }

    @Test
    void aGoodScorerBlockBindsWithItsOptions() throws Exception {
        ScoringPlan p = plan(SUITE);
        assertEquals("math", p.scorerName());
        List<String> metrics = p.metrics(3).stream().map(Metric::name).toList();
        assertEquals(List.of("accuracy", "pass@1", "pass@2", "pass@3"), metrics);
        var score = p.scorer(ScoringContext.standard()).score(new Item("1", Map.of("answer", "\\frac{1}{2}")),
                new ModelOutput("so \\boxed{0.5}", null));
        assertEquals(1.0, score.value(), "answer_kind: latex reached the scorer");
    }

    @Test
    void aBadEnumValueNamesItsLineAndTheChoices() throws Exception {
        ConfigException e = bad(SUITE.replace("answer_kind: latex", "answer_kind: bogus"));
        assertEquals(10, e.line());
        assertEquals("answer_kind: 'bogus' is not one of number, latex", e.getMessage());
    }

    @Test
    void aMisspelledOptionIsAnErrorNotADefault() throws Exception {
        ConfigException e = bad(SUITE.replace("answer_kind: latex", "answer_knd: latex"));
        assertEquals(10, e.line());
        assertTrue(e.getMessage().startsWith("scorer math has no option 'answer_knd' (it takes: "), e.getMessage());
        assertTrue(e.getMessage().contains("answer_kind"), e.getMessage());
    }

    @Test
    void optionsOfTheWrongTypeOrRangeNameTheirLine() throws Exception {
        String code = """
                id: code-suite
                version: "1"
                dataset: humaneval
                prompt:
                  user: "{{prompt}}"
                oracle: "{{canonical_solution}}"
                scorer:
                  name: python-tests
                  tests: "{{test}}"
                  reference: "{{prompt}}{{canonical_solution}}"
                  timeout_factor: 10
                metrics: [pass@k]
                """;
        assertEquals("python-tests", plan(code).scorerName());
        ConfigException notNumber = bad(code.replace("timeout_factor: 10", "timeout_factor: fast"));
        assertEquals(11, notNumber.line());
        assertEquals("timeout_factor: 'fast' is not a number", notNumber.getMessage());
        ConfigException outOfRange = bad(code.replace("timeout_factor: 10", "timeout_factor: 0"));
        assertEquals("timeout_factor: 0 is not between 1 and 1000", outOfRange.getMessage());
        ConfigException missing = bad(code.replace("  tests: \"{{test}}\"\n", ""));
        assertEquals(7, missing.line(), "a missing option is reported at its block");
        assertEquals("scorer python-tests needs option 'tests'", missing.getMessage());
        ConfigException javaOnly = bad(code.replace("name: python-tests", "name: java-tests\n  prompt_field: prompt\n  setup: x"));
        assertTrue(javaOnly.getMessage().startsWith("scorer java-tests has no option 'setup'"), javaOnly.getMessage());
    }

    @Test
    void anUnknownScorerOrMetricNamesItsLine() throws Exception {
        ConfigException scorer = bad(SUITE.replace("name: math", "name: mathh"));
        assertEquals(8, scorer.line());
        assertTrue(scorer.getMessage().startsWith("unknown scorer 'mathh' (known: "), scorer.getMessage());
        ConfigException metric = bad(SUITE.replace("pass@k", "f2"));
        assertEquals(11, metric.line());
        assertTrue(metric.getMessage().startsWith("unknown metric 'f2' for scorer math"), metric.getMessage());
        ConfigException notThisFamily = bad(SUITE.replace("pass@k", "keico_flag_f1"));
        assertTrue(notThisFamily.getMessage().startsWith("unknown metric 'keico_flag_f1' for scorer math"), notThisFamily.getMessage());
        ConfigException noLanguage = bad(SUITE.replace("pass@k", "language_fidelity"));
        assertTrue(noLanguage.getMessage().contains("it needs the scorer option expect_language"), noLanguage.getMessage());
    }

    @Test
    void everyFamilyMetricIsKnownToReadersOfRuns() {
        for (String m : List.of("keico_flag_f1", "register_pass_rate", "closer_to_correct", "judge_rating", "judge_spread",
                "language_fidelity", "macro_f1", "pass@3")) {
            assertTrue(ScoringPlan.knownMetric(m), m);
        }
        assertTrue(!ScoringPlan.knownMetric("f2"));
    }
}
