package org.gapbench.score.code;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gapbench.dataset.Item;
import org.gapbench.io.Json;
import org.gapbench.sandbox.Job;
import org.gapbench.sandbox.Limits;
import org.gapbench.suite.PromptTemplate;

/**
 * Python tests, run so that the judgement never shares a process with the model's code (docs/sandbox.md, threat
 * model): the candidate box runs the setup (the test imports) and the answer (after the prompt when it continues it,
 * or after the whole prompt so that the prompt's imports and helpers stay defined) under a small server; the judge
 * box runs the setup, the prompt and the tests, with a proxy for each function the candidate defines, and calls the
 * candidate with plain values across the channel {@link org.gapbench.sandbox.Sandbox#runPair} relays. The candidate's
 * box holds no test; the verdict is the judge's exit status and last line ({@link Verdict#ofPair}).
 */
final class PythonHarness implements TestHarness {
    static final String PYTHON = "/usr/bin/python3"; // not a pyenv shim: 100 ms per start, and outside the sandbox's view
    private static final byte[] CANDIDATE_SERVER = script("python_codec.py", "python_candidate.py");
    private static final byte[] JUDGE = script("python_codec.py", "python_judge.py");

    private final String promptField;
    private final String entryPointField;
    private final String setup;
    private final String tests;

    /**
     * @param promptField the item field holding the code the candidate continues, or null
     * @param entryPointField the item field naming the function under test, or null
     * @param setup       Mustache template of code run before the candidate (e.g. the test imports)
     * @param tests       Mustache template of the test code run after it
     */
    PythonHarness(String promptField, String entryPointField, String setup, String tests) {
        this.promptField = promptField;
        this.entryPointField = entryPointField;
        this.setup = setup;
        this.tests = tests;
    }

    @Override
    public CodeLanguage language() {
        return CodeLanguage.PYTHON;
    }

    @Override
    public Limits limits(Duration wall) {
        return Limits.standard(wall);
    }

    @Override
    public Prepared prepare(Item item, String code, Limits limits) {
        String prompt = promptField == null ? "" : item.text(promptField);
        String entryPoint = entryPointField == null ? null : item.text(entryPointField);
        String body;
        if (prompt.isEmpty()) {
            body = code;
        } else if (CodeExtractor.isContinuation(code)) {
            body = prompt + code;
        } else {
            // the whole function: it replaces the prompt's signature, after the prompt's imports and helpers
            int at = CodeLanguage.PYTHON.defines(code, entryPoint) ? lastDefinition(prompt, entryPoint) : -1;
            body = at < 0 ? prompt + "\n\n" + code : prompt.substring(0, at) + code;
        }
        String setupCode = PromptTemplate.renderText(setup, item);
        String program = setupCode + "\n" + body + "\n";
        Job candidate = new Job(Map.of("server.py", CANDIDATE_SERVER, "program.py", program.getBytes(StandardCharsets.UTF_8)),
                List.of(PYTHON, "-I", "-S", Job.BOX + "/server.py", Job.BOX + "/program.py"), "", limits);
        Map<String, Object> judged = new LinkedHashMap<>();
        judged.put("setup", setupCode + "\n");
        judged.put("prompt", prompt.isEmpty() || prompt.endsWith("\n") ? prompt : prompt + "\n");
        judged.put("tests", PromptTemplate.renderText(tests, item) + "\n");
        judged.put("entry_point", entryPoint);
        byte[] itemJson;
        try {
            itemJson = Json.MAPPER.writeValueAsBytes(judged);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Job judge = new Job(Map.of("judge.py", JUDGE, "item.json", itemJson),
                List.of(PYTHON, "-I", "-S", Job.BOX + "/judge.py", Job.BOX + "/item.json"), "", limits);
        return new Prepared(judge, candidate, null);
    }

    private static byte[] script(String... resources) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (String r : resources) {
            try (java.io.InputStream in = PythonHarness.class.getResourceAsStream(r)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + r);
                }
                all.write(in.readAllBytes());
                all.write('\n');
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return all.toByteArray();
    }

    /** Where the prompt's (last) definition of {@code name} starts, or -1. */
    private static int lastDefinition(String prompt, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^(?:async\\s+)?def\\s+" + java.util.regex.Pattern.quote(name) + "\\s*\\(").matcher(prompt);
        int at = -1;
        while (m.find()) {
            at = m.start();
        }
        return at;
    }
}
