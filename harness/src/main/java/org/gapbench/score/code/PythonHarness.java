package org.gapbench.score.code;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gapbench.dataset.Item;
import org.gapbench.sandbox.Job;
import org.gapbench.sandbox.Limits;
import org.gapbench.suite.PromptTemplate;

/**
 * Python tests: one file of setup (imports), the candidate (after the prompt when it continues it, or
 * after the whole prompt so that the prompt's imports and helpers stay defined), then the tests.
 */
final class PythonHarness implements TestHarness {
    static final String PYTHON = "/usr/bin/python3"; // not a pyenv shim: 100 ms per start, and outside the sandbox's view

    /** Runs program.py and reports the outcome by exit status; see {@link Verdict}. The nonce comes on stdin. */
    private static final String DRIVER = """
            import sys, traceback
            nonce = sys.stdin.readline().strip()
            sys.stdin = open('/dev/null')
            print(nonce + ':start', flush=True)
            with open(sys.argv[1], encoding='utf-8') as f:
                source = f.read()
            try:
                code = compile(source, 'program.py', 'exec')
            except (SyntaxError, ValueError):
                traceback.print_exc(limit=0)
                sys.exit(3)
            try:
                exec(code, {'__name__': '__main__', '__builtins__': __builtins__})
            except AssertionError:
                traceback.print_exc()
                sys.exit(4)
            except MemoryError:
                print('MemoryError', file=sys.stderr)
                sys.exit(5)
            except SystemExit as e:
                print('the program exited before its tests finished (status %r)' % (e.code,), file=sys.stderr)
                sys.exit(1)
            except BaseException:
                traceback.print_exc()
                sys.exit(1)
            sys.stdout.flush()
            print('\\n' + nonce + ':passed', flush=True)
            """;

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
    public Prepared prepare(Item item, String code, String nonce, Limits limits) {
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
        String program = PromptTemplate.renderText(setup, item) + "\n" + body + "\n\n" + PromptTemplate.renderText(tests, item) + "\n";
        Map<String, byte[]> files = Map.of(
                "driver.py", DRIVER.getBytes(StandardCharsets.UTF_8),
                "program.py", program.getBytes(StandardCharsets.UTF_8));
        List<String> command = List.of(PYTHON, "-I", "-S", Job.BOX + "/driver.py", Job.BOX + "/program.py");
        return new Prepared(new Job(files, command, nonce + "\n", limits), null);
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
