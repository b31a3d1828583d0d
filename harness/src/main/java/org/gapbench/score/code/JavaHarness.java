package org.gapbench.score.code;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gapbench.dataset.Item;
import org.gapbench.sandbox.Job;
import org.gapbench.sandbox.Limits;
import org.gapbench.suite.PromptTemplate;

/**
 * Java tests in the HumanEval-X layout: the candidate's {@code class Solution} and the test's
 * {@code public class Main} in one Main.java, compiled in process, then {@code java -ea} in the sandbox
 * through a launcher that reports the outcome like the Python driver (see {@link Verdict}).
 */
final class JavaHarness implements TestHarness {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    /** Heap well under the address-space limit: the JVM reserves several times its heap in virtual memory. */
    private static final List<String> JVM_FLAGS = List.of("-ea", "-Xmx256m", "-Xss8m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData", "-Xshare:auto", "-cp", Job.BOX);
    private static final long ADDRESS_SPACE = 4096 * Limits.MIB;
    private static final String LAUNCHER = """
            public final class GapbenchLauncher {
                public static void main(String[] args) throws Exception {
                    String nonce = new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
                    System.setIn(new java.io.ByteArrayInputStream(new byte[0]));
                    System.out.println(nonce + ":start");
                    System.out.flush();
                    try {
                        Main.main(new String[0]);
                    } catch (AssertionError e) {
                        e.printStackTrace();
                        System.exit(4);
                    } catch (OutOfMemoryError e) {
                        System.err.println("OutOfMemoryError");
                        System.exit(5);
                    } catch (Throwable t) {
                        t.printStackTrace();
                        System.exit(1);
                    }
                    System.out.flush();
                    System.out.println();
                    System.out.println(nonce + ":passed");
                    System.out.flush();
                    System.exit(0);
                }
            }
            """;
    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+[\\w.]+\\s*;");
    private static final Pattern IMPORT = Pattern.compile("(?m)^\\s*import\\s+[\\w.*\\s]+;");
    private static final Pattern SOLUTION_CLASS = Pattern.compile("\\bclass\\s+Solution\\b");

    private final String promptField;
    private final String entryPointField;
    private final String tests;

    JavaHarness(String promptField, String entryPointField, String tests) {
        this.promptField = promptField;
        this.entryPointField = entryPointField;
        this.tests = tests;
    }

    @Override
    public CodeLanguage language() {
        return CodeLanguage.JAVA;
    }

    @Override
    public Limits limits(Duration wall) {
        return Limits.standard(wall).withMemory(ADDRESS_SPACE);
    }

    @Override
    public Prepared prepare(Item item, String code, String nonce, Limits limits) {
        String source = solution(item.text(promptField), code, entryPointField == null ? null : item.text(entryPointField))
                + "\n\n" + PromptTemplate.renderText(tests, item) + "\n";
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("Main.java", source);
        sources.put("GapbenchLauncher.java", LAUNCHER);
        JavaCompiler.Result compiled = JavaCompiler.compile(sources);
        if (!compiled.ok()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("compiler", compiled.errors());
            return new Prepared(null, new Verdict(Outcome.COMPILE_ERROR, d));
        }
        List<String> command = new java.util.ArrayList<>(List.of(JAVA));
        command.addAll(JVM_FLAGS);
        command.add("GapbenchLauncher");
        return new Prepared(new Job(compiled.classes(), command, nonce + "\n", limits), null);
    }

    /** The candidate as a complete {@code class Solution}, whichever part of it the model wrote. */
    static String solution(String prompt, String code, String entryPoint) {
        String body = PACKAGE.matcher(code).replaceAll("");
        if (SOLUTION_CLASS.matcher(body).find()) {
            // a whole class: keep the prompt's imports (repeating an import is legal) and make Solution package-private
            StringBuilder imports = new StringBuilder();
            Matcher m = IMPORT.matcher(prompt);
            while (m.find()) {
                imports.append(m.group().strip()).append('\n');
            }
            return imports + body.replaceAll("public\\s+(final\\s+)?class\\s+Solution\\b", "class Solution");
        }
        String head = prompt;
        if (CodeLanguage.JAVA.defines(body, entryPoint)) {
            // the method alone: put it where the prompt's signature starts
            int at = lastSignatureLine(prompt, entryPoint);
            head = at < 0 ? prompt : prompt.substring(0, at);
        }
        String joined = head + body;
        return joined + "\n}".repeat(Math.max(0, BraceDepth.of(joined)));
    }

    private static int lastSignatureLine(String prompt, String entryPoint) {
        int at = prompt.lastIndexOf(entryPoint + "(");
        return at < 0 ? -1 : prompt.lastIndexOf('\n', at) + 1;
    }
}
