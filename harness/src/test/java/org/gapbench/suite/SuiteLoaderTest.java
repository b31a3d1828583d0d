package org.gapbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gapbench.config.ConfigException;
import org.gapbench.dataset.Item;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad suite files are reported as file:line with what is wrong (what the scorer block means: ScoringPlanTest). */
class SuiteLoaderTest {
    @TempDir
    Path tmp;

    static final String GOOD = """
            id: demo-suite
            version: "2"
            dataset: gsm8k
            prompt:
              system: Be exact.
              user: "Q: {{question}}"
            oracle: "\\\\boxed{ {{answer}} }"
            scorer:
              name: math
              gold_field: answer
            metrics: [accuracy, pass@k]
            breakdown_by: [level]
            generation:
              temperature: 0.5
              max_tokens: 100
            samples: 3
            """;

    Path write(String text) throws Exception {
        Path f = tmp.resolve("s.yaml");
        Files.writeString(f, text);
        return f;
    }

    ConfigException bad(String text) throws Exception {
        Path f = write(text);
        ConfigException e = assertThrows(ConfigException.class, () -> SuiteLoader.load(f));
        assertTrue(e.oneLine().startsWith(f + ":"), e.oneLine());
        return e;
    }

    @Test
    void aGoodSuiteLoadsAndRendersItsPrompt() throws Exception {
        SuiteSpec s = SuiteLoader.load(write(GOOD));
        assertEquals("demo-suite", s.id());
        assertEquals(3, s.samples());
        assertEquals(0.5, s.generation().temperature());
        assertEquals(100, s.generation().maxTokens());
        var msgs = s.prompt().render(new Item("1", java.util.Map.of("question", "2+2?", "answer", "4")));
        assertEquals("Be exact.", msgs.get(0).content());
        assertEquals("Q: 2+2?", msgs.get(1).content());
        assertEquals("\\boxed{ 4 }", PromptTemplate.renderText(s.oracle(), new Item("1", java.util.Map.of("answer", "4"))));
    }

    @Test
    void theContentHashChangesWithThePrompt() throws Exception {
        String a = SuiteLoader.load(write(GOOD)).contentHash();
        String b = SuiteLoader.load(write(GOOD.replace("Q: {{question}}", "Question: {{question}}"))).contentHash();
        assertTrue(!a.equals(b));
    }

    @Test
    void typoInAKeyIsRejected() throws Exception {
        ConfigException e = bad(GOOD.replace("samples: 3", "sample: 3"));
        assertEquals(16, e.line());
        assertTrue(e.getMessage().contains("unknown key 'sample'"), e.getMessage());
    }

    @Test
    void badNumbers() throws Exception {
        assertEquals(14, bad(GOOD.replace("temperature: 0.5", "temperature: 7")).line());
        assertEquals(16, bad(GOOD.replace("samples: 3", "samples: 0")).line());
    }

    @Test
    void missingFieldsAndBrokenYaml() throws Exception {
        assertTrue(bad(GOOD.replace("dataset: gsm8k\n", "")).getMessage().contains("'dataset'"));
        ConfigException e = bad(GOOD.replace("  user: \"Q: {{question}}\"", "  user: \"Q: {{question}}"));
        assertTrue(e.getMessage().startsWith("not valid YAML"), e.getMessage());
        assertTrue(e.line() > 0);
        assertTrue(bad(GOOD.replace("Q: {{question}}", "Q: {{#question}}")).getMessage().contains("bad template"));
    }
}
